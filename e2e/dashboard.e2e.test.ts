import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchBrowser } from "./browser";
import { type Platform, startPlatform } from "./platform";

const OUTPUT_DIR = "test-output/e2e";
const LIVE_TIMEOUT_MS = 30_000;

let platform: Platform | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

function started(): { platform: Platform; browser: Browser } {
  if (!platform || !browser) throw new Error("beforeAll did not start the platform and browser");
  return { platform, browser };
}

async function api(path: string, body: unknown): Promise<Response> {
  const { platform } = started();
  return fetch(`${platform.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Waits, without reloading, until the element with this test id reads `text`. */
async function waitForText(page: Page, testId: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === expected,
    [testId, text] as const,
    { timeout: LIVE_TIMEOUT_MS },
  );
}

describe("dashboard", () => {
  it("counts an event once and its redelivery as a duplicate, live", async () => {
    const { platform, browser } = started();
    await mkdir(OUTPUT_DIR, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const browserErrors: string[] = [];
    page.on("pageerror", (error) => browserErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") browserErrors.push(message.text());
    });
    onTestFailed(async () => {
      await page.screenshot({ path: `${OUTPUT_DIR}/dashboard-failed.png`, fullPage: true });
      console.error("browser errors:", browserErrors);
    });

    // Given a running platform and a tenant created over the API
    const tenantId = `e2e-${randomUUID().slice(0, 8)}`;
    const created = await api("/api/tenants", { id: tenantId, name: "E2E Brand" });
    expect(created.status).toBe(201);

    // When the operator opens the dashboard
    await page.goto(platform.url);

    // Then the tenant's card shows applied 0, live from its agent
    await page.getByTestId(`tenant-${tenantId}`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await waitForText(page, `applied-${tenantId}`, "0");
    await waitForText(page, `duplicates-${tenantId}`, "0");

    // When an event is posted over the API
    const event = {
      event_id: randomUUID(),
      type: "research.completed",
      source: "e2e",
      tenant_id: tenantId,
      timestamp: new Date().toISOString(),
      payload: { research_ids: ["r-1"], keywords_researched: 1 },
    };
    const first = await api("/api/events", event);
    expect(first.status).toBe(202);

    // Then the applied counter becomes 1 without a reload
    await waitForText(page, `applied-${tenantId}`, "1");

    // When the same event (same event_id) is posted again
    const again = await api("/api/events", event);
    expect(again.status).toBe(202);

    // Then applied stays 1 and duplicates becomes 1
    await waitForText(page, `duplicates-${tenantId}`, "1");
    expect(await page.getByTestId(`applied-${tenantId}`).textContent()).toBe("1");

    await page.screenshot({ path: `${OUTPUT_DIR}/dashboard.png`, fullPage: true });
    await page.close();
  });
});
