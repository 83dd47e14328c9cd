import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import {
  LIVE_TIMEOUT_MS,
  QUIET_STRATEGY,
  type Session,
  screenshot,
  waitForContent,
} from "../session";

type Run = { run_id: string; step: string | null; correlation_id: string };

/** Polls the API (not the page) until the tenant's runs all wait for approval. */
async function runsWaiting(session: Session, tenant: string, count: number): Promise<Run[]> {
  const deadline = Date.now() + LIVE_TIMEOUT_MS;
  for (;;) {
    const response = await session.api(`/api/tenants/${tenant}/runs`);
    const { runs } = (await response.json()) as { runs: Run[] };
    if (runs.length === count && runs.every((r) => r.step === "wait for approval")) return runs;
    if (Date.now() > deadline)
      throw new Error(`runs of ${tenant} never all waited: ${JSON.stringify(runs)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The operator's Runs page across tenants, its bulk bar (preview, then apply) and the
 * header's lookup box, in the browser.
 */
export function bulkAndSearchVerbs(session: Session): void {
  it("searches runs across two tenants, previews a bulk rejection and applies it", async () => {
    const { page } = await session.newPage("runs-bulk");
    // Given two tenants whose runs wait for approval, their keywords carrying one token
    const token = `zq${randomUUID().slice(0, 6)}`;
    const strategy = (keywords: string[]) => ({
      ...QUIET_STRATEGY,
      seed_keywords: keywords.map((k) => `${k} ${token}`),
      max_difficulty: 100,
      min_volume: 0,
      max_articles_per_cycle: 3,
      require_approval: true,
    });
    const first = await session.createTenant("Bulk One", strategy(["solar panels", "heat pumps"]));
    const second = await session.createTenant("Bulk Two", strategy(["rain barrels"]));
    for (const tenant of [first, second]) {
      expect((await session.api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status).toBe(
        202,
      );
    }
    const [cancelled] = await runsWaiting(session, first, 2);
    await runsWaiting(session, second, 1);
    // and one of them cancelled since
    const cancel = await session.api(`/api/tenants/${first}/runs/${cancelled?.run_id}/cancel`, {
      method: "POST",
    });
    expect(cancel.status).toBe(200);

    // When the operator searches the runs of every tenant for the token
    await session.open(page, "/runs");
    await page.getByTestId("runs-filter-q").fill(token);

    // Then the three runs of both tenants are listed, each with its tenant
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="run-search-row"]').length === 3,
      undefined,
      { timeout: LIVE_TIMEOUT_MS },
    );
    const tenants = await page
      .getByTestId("run-search-row")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-tenant")));
    expect(new Set(tenants)).toEqual(new Set([first, second]));

    // When the operator previews a rejection of what the search found
    await page.getByTestId("bulk-action").selectOption("reject");
    await page.getByTestId("bulk-preview").click();

    // Then two runs would be rejected and the cancelled one is refused, with the reason
    await waitForContent(page, "bulk-summary", "Preview: 2 of 3 would be acted on, 1 refused");
    const outcomes = () =>
      page
        .getByTestId("bulk-item")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-outcome")).sort());
    expect(await outcomes()).toEqual(["refused", "would act", "would act"]);
    await waitForContent(page, "bulk-items", "already cancelled");
    await screenshot(page, "runs-bulk-preview");

    // When the operator applies it
    await page.getByTestId("bulk-apply").click();

    // Then each waiting run was rejected and the list shows them ended
    await waitForContent(page, "bulk-summary", "Done: 2 of 3 acted on, 1 refused");
    expect(await outcomes()).toEqual(["acted", "acted", "refused"]);
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="run-search-status"]')).filter(
          (cell) => cell.textContent === "errored",
        ).length === 2,
      undefined,
      { timeout: LIVE_TIMEOUT_MS },
    );
    await screenshot(page, "runs-bulk-applied");
    await page.close();
  });

  it("opens the trace of a run id pasted into the lookup box, and says when an id is unknown", async () => {
    const { page } = await session.newPage("lookup");
    // Given a tenant with a run waiting for approval
    const tenant = await session.createTenant("Lookup Brand", {
      ...QUIET_STRATEGY,
      seed_keywords: ["compost bins"],
      max_difficulty: 100,
      min_volume: 0,
      require_approval: true,
    });
    expect((await session.api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status).toBe(
      202,
    );
    const [run] = await runsWaiting(session, tenant, 1);
    if (!run) throw new Error("no run");

    // When the operator pastes an id nobody knows into the lookup box
    await session.open(page, "/");
    await page.getByTestId("lookup-input").fill(`nobody-${randomUUID()}`);
    await page.getByTestId("lookup-open").click();

    // Then it says it was not found
    await waitForContent(page, "lookup-message", "Not found");

    // When the operator pastes the run's id
    await page.getByTestId("lookup-input").fill(run.run_id);
    await page.getByTestId("lookup-open").click();

    // Then the console opens the run's chain, with the run in it
    await page.waitForURL(
      (url) =>
        url.pathname === `/trace/${encodeURIComponent(run.correlation_id)}` &&
        url.searchParams.get("tenant") === tenant,
      { timeout: LIVE_TIMEOUT_MS },
    );
    await page.getByTestId("trace-run").first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    await screenshot(page, "lookup-trace");
    await page.close();
  });
}
