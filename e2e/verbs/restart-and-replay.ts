import { expect, it } from "vitest";
import {
  LIVE_TIMEOUT_MS,
  QUIET_STRATEGY,
  type Session,
  screenshot,
  waitForContent,
  waitForText,
} from "../session";

/**
 * Restart a run from a step and replay a tenant's events, from the operator's console
 * (DESIGN §8): the restarted run is seen to go on from its step and complete; the replay
 * is previewed (every id still remembered: a skip) and performed, its outcomes shown.
 */
export function restartAndReplayVerbs(session: Session): void {
  it("restarts a rejected run from its failed step in the console, and sees it complete", async () => {
    const { page } = await session.newPage("restart");
    // given a run whose article was rejected at its approval step
    const tenant = await session.createTenant("Restart Brand", {
      ...QUIET_STRATEGY,
      seed_keywords: ["emergency fund"],
      require_approval: true,
    });
    await session.open(page, `/tenants/${tenant}/runs`);
    await page.getByText("No runs yet").waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect((await session.api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status).toBe(
      202,
    );
    await page.getByTestId("run-reject").waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.getByTestId("run-reject").click();
    await waitForText(page, "run-status", "errored");

    // when the operator restarts it from the step it failed at
    const step = page.getByTestId("run-restart-step");
    await step.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await step.inputValue()).toBe("wait for approval");
    await screenshot(page, "run-restart");
    await page.getByTestId("run-restart").click();

    // then it waits for approval again, with the steps before it kept, and says it restarted
    const approve = page.getByTestId("run-approve");
    await approve.waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.getByText("restarted from wait for approval").waitFor({ timeout: LIVE_TIMEOUT_MS });
    // and approved, it completes and publishes its article
    await approve.click();
    await waitForText(page, "run-status", "complete");
    await page.getByText(/^Steps/).click();
    await waitForContent(page, "run-step", "publish article");
    const runs = (await (await session.api(`/api/tenants/${tenant}/runs`)).json()) as {
      runs: { status: string; restarts: number; steps: { step: string; attempts: number }[] }[];
    };
    expect(runs.runs[0]).toMatchObject({ status: "complete", restarts: 1 });
    expect(runs.runs[0]?.steps.find((s) => s.step === "draft article")?.attempts).toBe(1);
    await page.close();
  });

  it("says why a run waits for approval, and retries a rejected one as a new run", async () => {
    const { page } = await session.newPage("retry");
    // given a run waiting at its approval step
    const tenant = await session.createTenant("Retry Brand", {
      ...QUIET_STRATEGY,
      seed_keywords: ["index funds for beginners"],
      require_approval: true,
    });
    await session.open(page, `/tenants/${tenant}/runs`);
    await page.getByText("No runs yet").waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect((await session.api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status).toBe(
      202,
    );
    // then the list says why it stands still
    await page.getByTestId("run-reject").waitFor({ timeout: LIVE_TIMEOUT_MS });
    const waiting = page.locator('[data-testid="run-waiting"][data-reason="approval"]');
    await waiting.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await waiting.textContent()).toMatch(
      /Waiting for approval since .*Approve or reject it/,
    );

    // when it is rejected, then retried from the console
    await page.getByTestId("run-reject").click();
    await waitForText(page, "run-status", "errored");
    await page.getByTestId("run-retry").waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.getByTestId("run-retry").click();

    // then a new run of the same article waits for approval, linked to the one it retries
    await page.getByTestId("run-approve").waitFor({ timeout: LIVE_TIMEOUT_MS });
    const runs = (await (await session.api(`/api/tenants/${tenant}/runs`)).json()) as {
      runs: { run_id: string; status: string; retry_of: string | null; content_id: string }[];
    };
    const [retry, rejected] = runs.runs;
    expect(rejected?.status).toBe("errored");
    expect(retry).toMatchObject({ retry_of: rejected?.run_id, content_id: rejected?.content_id });
    await page.close();
  });

  it("previews a replay of a tenant's events, performs it, and sees the outcomes", async () => {
    const { page } = await session.newPage("replay");
    // given a tenant whose agent applied some events
    const tenant = await session.createTenant("Replay Brand", QUIET_STRATEGY);
    const events = [0, 1].map((n) => ({
      event_id: crypto.randomUUID(),
      type: "social.posted",
      source: "social",
      tenant_id: tenant,
      timestamp: new Date().toISOString(),
      payload: { content_id: `c-${n}`, post_ids: [`p-${n}`] },
    }));
    expect((await session.api("/api/events", { body: events })).status).toBe(202);
    await session.open(page, `/tenants/${tenant}`);
    await waitForText(page, `applied-${tenant}`, "2");

    // when the operator previews a replay of that type
    const panel = page.getByTestId("replay-panel");
    await panel.getByTestId("replay-type").selectOption("social.posted");
    await panel.getByTestId("replay-preview").click();

    // then each event is listed as a skip: the agent still remembers its id
    await waitForContent(page, "replay-preview-summary", "2 skipped as duplicates");
    const rows = page.getByTestId("replay-preview-row");
    expect(await rows.count()).toBe(2);
    expect(await rows.evaluateAll((all) => all.map((r) => r.getAttribute("data-dedup")))).toEqual([
      "skip",
      "skip",
    ]);
    await screenshot(page, "replay-preview");

    // when it replays them
    await page.getByTestId("replay-send").click();

    // then the outcomes are shown, and the agent counts two duplicates and applies nothing
    await waitForContent(page, "replay-sent-summary", "Sent 2 events again");
    expect(await page.getByTestId("replay-sent-row").count()).toBe(2);
    await waitForText(page, `duplicates-${tenant}`, "2");
    await waitForText(page, `applied-${tenant}`, "2");
    await page.close();
  });
}
