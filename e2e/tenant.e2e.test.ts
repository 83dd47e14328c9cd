import type { Page } from "playwright-core";
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

/** Runs a cycle from the tenant's overview and opens its trace; resolves once it decided. */
async function runCycleAndOpenTrace(page: Page, tenant: string): Promise<void> {
  await page.getByRole("link", { name: "Overview" }).click();
  await page.getByTestId(`tenant-${tenant}`).waitFor({ timeout: LIVE_TIMEOUT_MS });
  await page.getByRole("button", { name: "Run a cycle now" }).click();
  await page.getByTestId("cycle-trace-link").click();
  await waitForContent(page, "trace-decision", "keywords (strategy v");
}

describe("a tenant's dashboard", () => {
  it("edits the strategy with inline errors, saves a version and sees it in the next cycle", async () => {
    // Given a tenant whose strategy keeps nothing (no keyword is easier than 10)
    const tenant = await session.createTenant("Strategy Brand", {
      ...QUIET_STRATEGY,
      max_difficulty: 10,
    });
    const token = await session.platform().tenantToken(tenant);
    const { page } = await session.newPage("strategy");
    await session.open(page, "/", token);

    // And a first cycle that says why it kept nothing
    await runCycleAndOpenTrace(page, tenant);
    await waitForContent(page, "trace-decision", "kept 0 of 3 keywords (strategy v1)");
    await waitForContent(page, "reason", "dropped 'emergency fund': difficulty 41 ≥ 10");

    // When the tenant opens its strategy
    await page.getByRole("link", { name: "Strategy" }).click();
    await waitForContent(page, "preview-summary", "Would keep 0 of 3 researched keywords");

    // And enters a limit the schema refuses, and a duplicate keyword
    await page.getByLabel("Maximum difficulty").fill("101");
    await page
      .getByLabel("Seed keywords")
      .fill("budget apps\ncrypto tax\nemergency fund\nBudget Apps");

    // Then each field says what is wrong, in the schema's words, and nothing can be saved
    await waitForContent(page, "error-max_difficulty", "100");
    await waitForContent(page, "error-seed_keywords", 'line 4: duplicate keyword "Budget Apps"');
    expect(await page.getByRole("button", { name: "Save as a new version" }).isDisabled()).toBe(
      true,
    );
    expect(await page.getByLabel("Maximum difficulty").getAttribute("aria-invalid")).toBe("true");

    // When the values are fixed
    await page.getByLabel("Maximum difficulty").fill("60");
    await page.getByLabel("Seed keywords").fill("budget apps\ncrypto tax\nemergency fund");

    // Then the preview shows, from the research it has, what the strategy would keep now
    await waitForContent(page, "preview-summary", "Would keep 2 of 3 researched keywords");
    const kept = await page
      .locator('[data-testid="preview-reason"][data-verdict="kept"]')
      .allTextContents();
    expect(kept.every((text) => text.includes("< 60"))).toBe(true);
    await screenshot(page, "strategy-edit");

    // When it saves
    await page.getByRole("button", { name: "Save as a new version" }).click();

    // Then a new version exists, and the history shows what changed
    await waitForText(page, "strategy-status", "Saved as v2.");
    await page.getByTestId("version-1").getByRole("button", { name: "Compare" }).click();
    const diff = await page.getByTestId("strategy-diff").textContent();
    expect(diff).toContain("Maximum difficulty1060");

    // And its next cycle decides by the new version, and says so
    await runCycleAndOpenTrace(page, tenant);
    await waitForContent(page, "trace-decision", "kept 2 of 3 keywords (strategy v2)");
    await waitForContent(page, "reason", "difficulty 41 < 60");
    await screenshot(page, "strategy-next-cycle");

    // When it rolls back to the first version
    await page.getByRole("link", { name: "Strategy" }).click();
    await page.getByRole("button", { name: "Roll back to v1" }).click();

    // Then v3 equals v1, and the form shows it
    await waitForText(page, "strategy-status", "Rolled back: v3 is v1 again.");
    expect(await page.getByLabel("Maximum difficulty").inputValue()).toBe("10");
    await page.getByTestId("version-3").waitFor({ timeout: LIVE_TIMEOUT_MS });
    await screenshot(page, "strategy-history");
    await page.close();
  });

  it("approves its own article from its overview, then finds it published among its content", async () => {
    // Given a tenant whose articles wait for its approval, and a cycle that wrote one
    const tenant = await session.createTenant("Approving Brand", {
      ...QUIET_STRATEGY,
      seed_keywords: ["emergency fund"],
      require_approval: true,
    });
    const { page } = await session.newPage("tenant-approval");
    await session.open(page, "/", await session.platform().tenantToken(tenant));
    await page.getByRole("button", { name: "Run a cycle now" }).click();

    // When its run waits, the overview offers the decision, live
    const approve = page.getByTestId("run-approve");
    await approve.waitFor({ timeout: LIVE_TIMEOUT_MS });
    await screenshot(page, "tenant-approval");
    await approve.click();

    // Then the run finishes and the article is published, with its page and length
    await waitForText(page, `published-${tenant}`, "1");
    await page.getByRole("link", { name: "Content", exact: true }).click();
    await waitForText(page, "content-status", "published");
    const href = await page.getByTestId("content-url").getAttribute("href");
    expect(href).toMatch(new RegExp(`/sites/${tenant}/`));

    // And the page is there for readers
    const response = await fetch(href ?? "");
    expect(response.status).toBe(200);
    await screenshot(page, "tenant-content");
    await page.close();
  });

  it("sets its monthly budget from its overview and sees this month's spend against it", async () => {
    // Given a tenant on its own overview, with no budget yet
    const tenant = await session.createTenant("Budgeting Brand", QUIET_STRATEGY);
    const { page } = await session.newPage("tenant-budget");
    await session.open(page, "/", await session.platform().tenantToken(tenant));
    const panel = page.getByTestId("tenant-budget");
    await waitForContent(page, "budget-spend", "; no budget");

    // When it sets a budget of $5 a month, holding new runs at it
    await panel.getByLabel("Monthly budget (USD)").fill("5");
    await panel.getByLabel("Hold new runs when it is spent").check();
    await panel.getByRole("button", { name: "Save budget" }).click();

    // Then the panel reads the spend against it, and the API agrees
    await waitForContent(page, "budget-spend", "of a $5.00 budget");
    await screenshot(page, "tenant-budget");
    const answer = await fetch(`${session.platform().url}/api/tenants/${tenant}/budget`, {
      headers: { authorization: `Bearer ${await session.platform().tenantToken(tenant)}` },
    });
    expect(await answer.json()).toMatchObject({
      budget: { monthly_usd: 5, pause_runs: true },
      runs_held: false,
    });
    await page.close();
  });

  it("sees only its own pages: the operator's are neither offered nor reachable", async () => {
    const own = await session.createTenant("Own Pages");
    const other = await session.createTenant("Other Pages");
    const { page } = await session.newPage("tenant-nav", PHONE);
    await session.open(page, "/", await session.platform().tenantToken(own));

    // The navigation names its own pages only
    await waitForText(page, `applied-${own}`, "0");
    const nav = await page
      .getByRole("navigation", { name: "Your pages" })
      .getByRole("link")
      .allTextContents();
    expect(nav).toEqual(["Overview", "Strategy", "Content", "Runs", "Trace"]);
    await screenshot(page, "tenant-phone");

    // And an operator's page, or another tenant's, is not there for it
    for (const path of ["/dead-letters", "/metrics", `/tenants/${other}`]) {
      await page.goto(`${session.platform().url}${path}`);
      await page.getByRole("heading", { name: "Not found" }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    }
    await page.close();
  });
});
