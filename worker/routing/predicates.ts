import type { Message, Predicate, PredicateTest, TenantSettings } from "../../events";
import { readPath } from "./path";

/** What a predicate is evaluated against: the message and its tenant's settings. */
export type RoutingContext = { message: Message; settings: TenantSettings };

/** Whether a route predicate holds for a message and its tenant. Pure. */
export function evaluatePredicate(predicate: Predicate, ctx: RoutingContext): boolean {
  if ("all" in predicate) return predicate.all.every((p) => evaluatePredicate(p, ctx));
  if ("any" in predicate) return predicate.any.some((p) => evaluatePredicate(p, ctx));
  if ("not" in predicate) return !evaluatePredicate(predicate.not, ctx);
  return test(predicate, subjectValue(predicate, ctx));
}

function subjectValue(predicate: Predicate, ctx: RoutingContext): unknown {
  if ("tenant_setting" in predicate) return ctx.settings[predicate.tenant_setting];
  if ("payload" in predicate) return readPath(ctx.message.payload, predicate.payload);
  if ("envelope" in predicate) return ctx.message[predicate.envelope];
  return undefined;
}

function test(t: PredicateTest, value: unknown): boolean {
  const present = value !== undefined && value !== null;
  if ("exists" in t) return present === t.exists;
  // Only scalars compare; an object or array read from the payload equals nothing.
  if (value === undefined || (typeof value === "object" && value !== null)) return false;
  if ("equals" in t) return value === t.equals;
  return t.in.some((candidate) => candidate === value);
}
