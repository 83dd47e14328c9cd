import {
  createMessage,
  type Message,
  type MessageContext,
  type MessageType,
  type PayloadInputOf,
} from "../../../events";
import { defaultStrategy, type Strategy, type StrategyInput } from "../../../events/strategy";
import { emptyModel, type ResearchResult, type TenantModel } from "../model";

// Test helpers for the pure decision code: fixed clocks, counted ids, and models and
// messages built the way the shell builds them. Used by *.unit.test.ts only.

export const TENANT = "acme";

/** A context whose clock stands at `at` and whose ids count up as UUIDs. */
export function fixedContext(
  at = "2025-03-01T06:00:00.000Z",
): MessageContext & { advance(ms: number): void } {
  let now = Date.parse(at);
  let n = 0;
  return {
    now: () => new Date(now),
    newId: () => `00000000-0000-4000-8000-${(++n).toString().padStart(12, "0")}`,
    advance(ms) {
      now += ms;
    },
  };
}

export function model(strategy: StrategyInput = {}, patch: Partial<TenantModel> = {}): TenantModel {
  const parsed: Strategy = { ...defaultStrategy, ...strategy } as Strategy;
  return { ...emptyModel(TENANT, parsed, 1), ...patch };
}

/** A message from a service, as it would arrive at the agent. */
export function message<T extends MessageType>(
  type: T,
  payload: PayloadInputOf<T>,
  ctx: MessageContext,
  extra: { correlation_id?: string; source?: string } = {},
): Message<T> {
  return createMessage(
    type,
    payload,
    {
      tenant_id: TENANT,
      source: extra.source ?? "test",
      ...(extra.correlation_id ? { correlation_id: extra.correlation_id } : {}),
    },
    ctx,
  );
}

export function research(keyword: string, difficulty: number, volume: number): ResearchResult {
  return {
    research_id: `r_${TENANT}_${keyword.replace(/\W/g, "")}`,
    keyword,
    difficulty,
    volume,
    intent: "informational",
  };
}
