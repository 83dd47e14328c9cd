import { randomUUID } from "node:crypto";
import type { Page, WebSocketRoute } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  LIVE_TIMEOUT_MS,
  PHONE,
  QUIET_STRATEGY,
  screenshot,
  startSession,
  waitForContent,
  waitForText,
} from "./session";

const session = startSession();

function researchCompleted(tenant: string) {
  return {
    event_id: randomUUID(),
    type: "research.completed",
    source: "e2e",
    tenant_id: tenant,
    timestamp: new Date().toISOString(),
    payload: { research_ids: [`r-${randomUUID().slice(0, 8)}`], keywords_researched: 1 },
  };
}

async function connectionIs(page: Page, status: string): Promise<void> {
  await page.waitForFunction(
    (want) =>
      document.querySelector('[data-testid="connection-status"]')?.getAttribute("data-status") ===
      want,
    status,
    { timeout: LIVE_TIMEOUT_MS },
  );
}

describe("the operator's dashboard", () => {
  it("follows a cycle from the overview to its trace, with why each keyword was kept or dropped", async () => {
    const { page, errors } = await session.newPage("operator-cycle");
    // Given a tenant whose strategy keeps keywords easier than 50, two a cycle
    const tenant = await session.createTenant("Cycle Brand", QUIET_STRATEGY);

    // When the operator opens the tenant from the overview and runs a cycle
    await session.open(page, "/");
    await page.getByRole("link", { name: "Cycle Brand" }).click();
    await waitForText(page, `cycles-${tenant}`, "0");
    await page.getByRole("button", { name: "Run a cycle now" }).click();

    // Then the agent's counters move live, and the chain can be followed
    await waitForText(page, `cycles-${tenant}`, "1");
    await page.getByTestId("cycle-trace-link").click();

    // And the trace shows the decision on the research, a reason per keyword
    await waitForContent(page, "reason", "kept 'emergency fund'");
    await waitForContent(page, "reason", "dropped 'crypto tax': difficulty 54 ≥ 50");
    const research = page.locator('[data-testid="trace-decision"]', {
      hasText: "kept 2 of 3 keywords (strategy v1)",
    });
    const kept = await research
      .locator('[data-testid="reason"][data-verdict="kept"]')
      .allTextContents();
    expect(kept).toHaveLength(2);
    expect(kept.every((text) => /< 50, volume \d+ > 100, ranked \d of 2/.test(text))).toBe(true);

    // And the runs the decision started, finished
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="trace-run"]').length === 2,
      undefined,
      { timeout: LIVE_TIMEOUT_MS },
    );
    expect(errors.filter((error) => /Content Security Policy/i.test(error))).toEqual([]);
    await screenshot(page, "trace");

    // When the operator opens the tenant's runs
    await page.goto(`${session.platform().url}/tenants/${tenant}/runs`);
    // Then both runs are listed with their progress
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="run-status"]')).filter(
          (el) => el.textContent === "complete",
        ).length === 2,
      undefined,
      { timeout: LIVE_TIMEOUT_MS },
    );
    expect(await page.getByTestId("run-progress").first().textContent()).toBe("100 %");
    await screenshot(page, "runs");
    await page.close();
  });

  it("approves a run that waits for approval, and sees its steps and its article published", async () => {
    const { page } = await session.newPage("approval");
    // Given a tenant whose articles wait for a person's approval
    const tenant = await session.createTenant("Approval Brand", {
      ...QUIET_STRATEGY,
      seed_keywords: ["emergency fund"],
      require_approval: true,
    });

    // When a cycle runs, the operator watches the tenant's runs
    await session.open(page, `/tenants/${tenant}/runs`);
    await page.getByText("No runs yet").waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect((await session.api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status).toBe(
      202,
    );

    // Then the run arrives and stops at the approval step, with its progress so far
    const approve = page.getByTestId("run-approve");
    await approve.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(
      Number((await page.getByTestId("run-progress").textContent())?.replace(/\D/g, "")),
    ).toBeGreaterThan(50);
    await page.getByText(/^Steps/).click();
    await waitForContent(page, "run-step", "store article");
    await screenshot(page, "runs-approval");

    // When the operator approves it
    await approve.click();

    // Then the run finishes, its last step published the article
    await waitForText(page, "run-status", "complete");
    await waitForContent(page, "run-step", "publish article");
    expect(await page.getByTestId("run-approve").count()).toBe(0);

    // And the tenant's content lists it as published, with its page
    await page.goto(`${session.platform().url}/tenants/${tenant}/content`);
    await waitForText(page, "content-status", "published");
    expect(await page.getByTestId("content-url").textContent()).toMatch(
      new RegExp(`^/sites/${tenant}/`),
    );
    expect(Number(await page.getByTestId("content-words").textContent())).toBeGreaterThan(100);
    await screenshot(page, "content");
    await page.close();
  });

  it("injects a fault, inspects, deletes and redrives the dead letters it caused", async () => {
    const { page } = await session.newPage("dead-letters");
    const tenant = await session.createTenant("Fault Brand", QUIET_STRATEGY);

    // Given the research service failing for good, for this tenant only
    await session.open(page, "/faults");
    const research = page.getByTestId("service-research");
    await research.getByLabel("Fail rate (%)").fill("100");
    await research.getByLabel("Tenant").selectOption(tenant);
    await research.getByLabel("Permanent (dead-letter at once)").check();
    await page.getByTestId("set-fault-research").click();
    await waitForContent(page, "fault-research", `tenant ${tenant} only`);
    await screenshot(page, "faults");

    // When two cycles ask the research service for research
    for (let i = 0; i < 2; i++) {
      expect((await session.api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status).toBe(
        202,
      );
    }

    // Then two dead letters arrive, live, each with why
    await page.getByRole("link", { name: "Dead letters" }).click();
    await page.getByLabel("Tenant").fill(tenant);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="dead-letter"]').length === 2,
      undefined,
      { timeout: LIVE_TIMEOUT_MS },
    );
    await page.getByRole("button", { name: "Inspect" }).first().click();
    expect(await page.getByTestId("dead-letter-reason").textContent()).toMatch(
      /fault injected into the research service/,
    );
    expect(await page.getByTestId("dead-letter-body").textContent()).toContain(
      '"type": "research.requested"',
    );
    await screenshot(page, "dead-letters");

    // When the operator deletes one of them
    await page.getByRole("button", { name: "Delete" }).first().click();
    await page.getByRole("button", { name: "Confirm delete" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="dead-letter"]').length === 1,
      undefined,
      { timeout: LIVE_TIMEOUT_MS },
    );

    // And clears the fault, then redrives the other
    await session.api("/api/services/research/faults", { method: "DELETE" });
    await page.getByRole("checkbox", { name: /^Select research.requested/ }).check();
    // (first asking what a redrive would do: the research service's own dedup decides)
    await page.getByRole("button", { name: "Preview redrive (1)" }).click();
    await waitForText(
      page,
      "dlq-status",
      "Preview: would apply 0 · 1 to a service's queue (its dedup decides). Nothing was sent.",
    );
    await page.getByRole("button", { name: "Redrive selected (1)" }).click();

    // Then the letter is gone, and the research it asked for arrives at the tenant's agent
    await waitForText(page, "dlq-status", "Redrive: redriven 1.");
    await page.getByText("No dead letters match the filter.").waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.goto(`${session.platform().url}/events?tenant=${tenant}&type=research.completed`);
    await page.getByTestId("event-row").first().waitFor({ timeout: LIVE_TIMEOUT_MS });

    // And the audit log says who deleted and who redrove, the preview left out
    await page.goto(`${session.platform().url}/audit?action=dlq.delete`);
    await page.getByTestId("audit-entry").first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await page.getByTestId("audit-entry").first().textContent()).toContain("ok (204)");
    await page.goto(`${session.platform().url}/audit?action=dlq.redrive`);
    await page.getByTestId("audit-entry").first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await page.getByTestId("audit-entry").first().textContent()).toContain("ok (200)");

    // And the agent inspector shows what the tenant's agent will do next, and its inbox
    await page.goto(`${session.platform().url}/tenants/${tenant}/inspect`);
    await page.getByTestId("inspect-schedule").first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.getByTestId("inspect-inbox-row").first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await page.getByTestId("inspect-outbox").textContent()).toMatch(
      /Nothing waits|not sent/,
    );
    await page.close();
  });

  it("streams events live, filters them by tenant and type, and holds still when paused", async () => {
    const { page } = await session.newPage("events");
    const first = await session.createTenant("Stream One");
    const second = await session.createTenant("Stream Two");

    // Given the event stream filtered to one tenant and one type
    await session.open(page, `/events?tenant=${first}&type=research.completed`);
    await page.getByTestId("stream-status").waitFor({ timeout: LIVE_TIMEOUT_MS });

    // When events arrive for both tenants
    await session.api("/api/events", {
      body: [researchCompleted(first), researchCompleted(second)],
    });

    // Then only the first tenant's shows
    await page.getByTestId("event-row").first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    const tenants = await page
      .locator('[data-testid="event-row"] td:nth-child(2)')
      .allTextContents();
    expect(new Set(tenants)).toEqual(new Set([first]));

    // When the stream is paused and another event arrives
    await page.getByTestId("pause-stream").click();
    const rows = await page.getByTestId("event-row").count();
    await session.api("/api/events", { body: researchCompleted(first) });

    // Then the list holds still and says something is waiting
    await waitForContent(page, "stream-status", "Paused: 1 tenant has new events");
    expect(await page.getByTestId("event-row").count()).toBe(rows);

    // And resuming shows it
    await page.getByTestId("pause-stream").click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="event-row"]').length === n + 1,
      rows,
      { timeout: LIVE_TIMEOUT_MS },
    );
    await screenshot(page, "events");
    await page.close();
  });

  it("charts the metrics and counts route hits, updated as batches are reported", async () => {
    const { page, errors } = await session.newPage("metrics");
    const tenant = await session.createTenant("Metrics Brand");

    // Given the route table open
    await session.open(page, "/routes");
    await page.getByTestId("hits-agent-research").waitFor({ timeout: LIVE_TIMEOUT_MS });
    const before = Number(await page.getByTestId("hits-agent-research").textContent());

    // When an event passes the fan-out
    await session.api("/api/events", { body: researchCompleted(tenant) });

    // Then its rule's hit count goes up without a reload
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="hits-agent-research"]')?.textContent) > n,
      before,
      { timeout: LIVE_TIMEOUT_MS },
    );
    await screenshot(page, "routes");

    // And the metrics page charts events per second, latency, failures and cost
    await page.getByRole("link", { name: "Metrics" }).click();
    for (const chart of ["throughput", "failures", "latency", "handler_ms", "wait_ms", "cost"]) {
      await page.locator(`[data-testid="chart-${chart}"] svg.recharts-surface`).first().waitFor({
        timeout: LIVE_TIMEOUT_MS,
      });
    }
    expect(Number(await page.getByTestId("metric-events").textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId("metric-cost").textContent()).toMatch(/^\$\d+\.\d+$/);
    // And the charts draw within the page's Content-Security-Policy
    expect(errors.filter((error) => /Content Security Policy/i.test(error))).toEqual([]);
    await screenshot(page, "metrics");
    await page.close();
  });

  it("shows the live connection, and reconnects by itself after it drops", async () => {
    const { page } = await session.newPage("reconnect");
    const sockets: WebSocketRoute[] = [];
    // The OpsAgent's socket goes through the test, so the test can cut it.
    await page.routeWebSocket(/\/agents\/ops-agent\/main/, (socket) => {
      socket.connectToServer();
      sockets.push(socket);
    });

    // Given the overview, connected
    await session.open(page, "/");
    await connectionIs(page, "connected");

    // When the connection drops
    await sockets[0]?.close({ code: 1012, reason: "e2e: service restart" });

    // Then the page says so, and reconnects on its own with a new socket
    await connectionIs(page, "reconnecting");
    await connectionIs(page, "connected");
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it("lays the overview out at desktop and phone width, navigable by keyboard", async () => {
    const tenant = await session.createTenant("Layout Brand");
    for (const [name, viewport] of [
      ["overview", undefined],
      ["overview-phone", PHONE],
    ] as const) {
      const { page } = await session.newPage(name, viewport);
      await session.open(page, "/");
      await waitForText(page, `applied-${tenant}`, "0");
      await page
        .getByTestId("sparkline-throughput")
        .locator("svg")
        .waitFor({ timeout: LIVE_TIMEOUT_MS });
      // Nothing but the tables' own scroll areas is wider than the screen.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      await screenshot(page, name);
      await page.close();
    }

    // And the first Tab reaches the skip link, which moves focus past the navigation
    const { page } = await session.newPage("keyboard");
    await session.open(page, "/metrics");
    await page.getByTestId("chart-throughput").waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => location.hash)).toBe("#main");
    await page.close();
  });
});
