/**
 * The fault form's state and its checks, with the schema the faults API parses with
 * (`FaultInput` from services/faults/config.ts). The form asks for a percentage; the
 * API takes a share (0–1).
 */
import { FaultInput } from "../../../events/faults";

export type FaultDraft = {
  /** 0–100, as typed. */
  percent: string;
  permanent: boolean;
  latency_ms: string;
  /** "" for every tenant. */
  tenant: string;
};

export const EMPTY_FAULT: FaultDraft = {
  percent: "100",
  permanent: true,
  latency_ms: "0",
  tenant: "",
};

export type FaultCheck =
  | { ok: true; fault: FaultInput }
  | { ok: false; errors: Partial<Record<keyof FaultDraft, string>> };

/** Checks a draft with the faults API's own schema; errors by form field. */
export function checkFault(draft: FaultDraft): FaultCheck {
  const errors: Partial<Record<keyof FaultDraft, string>> = {};
  if (draft.percent.trim() === "") errors.percent = "enter a percentage";
  if (draft.latency_ms.trim() === "") errors.latency_ms = "enter milliseconds (0 for none)";
  const input = {
    fail_rate: Number(draft.percent) / 100,
    permanent: draft.permanent,
    latency_ms: Number(draft.latency_ms),
    tenant: draft.tenant === "" ? null : draft.tenant,
  };
  const parsed = FaultInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const key =
        field === "fail_rate" ? "percent" : field === "latency_ms" ? "latency_ms" : "tenant";
      errors[key] ??= field === "fail_rate" ? "between 0 and 100 %" : issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, fault: input };
}

/** A fault in words: "fails 100 % of commands, permanently, after 0 ms, every tenant". */
export function describeFault(fault: {
  fail_rate: number;
  permanent?: boolean | undefined;
  latency_ms?: number | undefined;
  tenant?: string | null | undefined;
}): string {
  const parts = [`fails ${Math.round(fault.fail_rate * 100)} % of commands`];
  parts.push(fault.permanent ? "permanently (dead-lettered at once)" : "transiently (retried)");
  if (fault.latency_ms) parts.push(`waits ${fault.latency_ms} ms first`);
  parts.push(fault.tenant ? `tenant ${fault.tenant} only` : "every tenant");
  return parts.join(", ");
}
