import { bearer, expiredToken, forgedToken, mintToken } from "./auth";

/** The callers every security test is run as, from nobody to an operator. */
export const CALLERS = [
  "none",
  "forged",
  "expired",
  "other tenant",
  "own tenant",
  "service",
  "operator",
] as const;
export type CallerKind = (typeof CALLERS)[number];

/** Two tenants: the one a request is about (`own`) and another (`other`). */
export type TenantPair = { own: string; other: string };

/**
 * The token of a kind of caller; null for "none". Forged and expired tokens claim the
 * operator role: the strongest claim must still be refused.
 */
export async function tokenOf(kind: CallerKind, tenants: TenantPair): Promise<string | null> {
  switch (kind) {
    case "none":
      return null;
    case "forged":
      return forgedToken({ role: "operator" });
    case "expired":
      return expiredToken({ role: "operator" });
    case "other tenant":
      return mintToken({ role: "tenant", tenant: tenants.other });
    case "own tenant":
      return mintToken({ role: "tenant", tenant: tenants.own });
    case "service":
      return mintToken({ role: "service" });
    case "operator":
      return mintToken({ role: "operator" });
  }
}

/** Authorization headers of a kind of caller (none for "none"). */
export async function headersOf(
  kind: CallerKind,
  tenants: TenantPair,
): Promise<Record<string, string>> {
  const token = await tokenOf(kind, tenants);
  return token === null ? {} : bearer(token);
}
