import { ProblemError } from "../../platform/http/problem";

/**
 * How many tenants' agents a request asks at once. A search across tenants asks every
 * tenant's agent once per page (docs/OPERATIONS.md, "Searching runs"); this bounds how
 * many of those calls are in flight together.
 */
export const FAN_OUT_CONCURRENCY = 16;

/**
 * Asks `ask` for each tenant, at most `FAN_OUT_CONCURRENCY` at a time, and answers the
 * results in the tenants' order. With `stopAt`, no tenant is asked after one whose
 * answer it accepts (those in flight finish). A tenant whose agent does not answer makes
 * the whole request a 503 that names it: a search that left a tenant out would be wrong
 * without saying so.
 */
export async function askTenants<T>(
  tenants: readonly string[],
  ask: (tenant: string) => Promise<T>,
  options: { stopAt?: (answer: T) => boolean; concurrency?: number } = {},
): Promise<(T | undefined)[]> {
  const answers: (T | undefined)[] = new Array(tenants.length);
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < tenants.length) {
      const index = next++;
      const tenant = tenants[index] as string;
      try {
        answers[index] = await ask(tenant);
      } catch (error) {
        throw new ProblemError(
          503,
          "agent-unavailable",
          "Agent unavailable",
          `The agent of tenant ${tenant} did not answer (${String(error).slice(0, 200)}); try again.`,
        );
      }
      if (options.stopAt?.(answers[index] as T)) stopped = true;
    }
  };
  const width = Math.min(options.concurrency ?? FAN_OUT_CONCURRENCY, tenants.length);
  await Promise.all(Array.from({ length: width }, worker));
  return answers;
}
