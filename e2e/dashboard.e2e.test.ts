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

/** POSTs JSON to the API as the operator. */
async function api(path: string, body: unknown): Promise<Response> {
  const { platform } = started();
  return fetch(`${platform.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${platform.operatorToken}`,
    },
    body: JSON.stringify(body),
  });
}

/** A page in a fresh browser context (its own localStorage), with errors collected. */
async function newPage(name: string): Promise<{ page: Page; errors: string[] }> {
  const { browser } = started();
  await mkdir(OUTPUT_DIR, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  onTestFailed(async () => {
    await page.screenshot({ path: `${OUTPUT_DIR}/${name}-failed.png`, fullPage: true });
    console.error("browser errors:", errors);
  });
  return { page, errors };
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
    const { platform } = started();
    const { page, errors } = await newPage("dashboard");

    // Given a running platform and a tenant created over the API
    const tenantId = `e2e-${randomUUID().slice(0, 8)}`;
    const created = await api("/api/tenants", { id: tenantId, name: "E2E Brand" });
    expect(created.status).toBe(201);

    // When the operator opens the dashboard with the login link
    await page.goto(`${platform.url}/?token=${platform.operatorToken}`);

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

    // And the page's Content-Security-Policy blocked nothing it needs
    expect(errors.filter((error) => /Content Security Policy/i.test(error))).toEqual([]);
    await page.screenshot({ path: `${OUTPUT_DIR}/dashboard.png`, fullPage: true });
    await page.close();
  });

  it("asks for a token, refuses a forged one and lets the operator in with a real one", async () => {
    const { platform } = started();
    const { page } = await newPage("login");
    const tenantId = `e2e-${randomUUID().slice(0, 8)}`;
    expect((await api("/api/tenants", { id: tenantId, name: "Login Brand" })).status).toBe(201);

    // Given the dashboard opened without a token, then a token the server never signed
    await page.goto(platform.url);
    const form = page.getByTestId("login-form");
    await form.waitFor({ timeout: LIVE_TIMEOUT_MS });
    const [header, , signature] = platform.operatorToken.split(".");
    const claims = { iss: "switchboard", sub: "x", role: "operator", iat: 1, exp: 4e9 };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    await page.getByLabel("Token").fill(forged);
    await page.getByRole("button", { name: "Log in" }).click();

    // Then the API's 401 sends it back to the login screen, saying why
    await page.getByText("signature does not verify").waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.screenshot({ path: `${OUTPUT_DIR}/login.png`, fullPage: true });

    // When the operator pastes a real token
    await page.getByLabel("Token").fill(platform.operatorToken);
    await page.getByRole("button", { name: "Log in" }).click();

    // Then every tenant's card is there, live
    await waitForText(page, `applied-${tenantId}`, "0");
    expect(await page.getByTestId("signed-in-as").textContent()).toBe("operator");
    await page.close();
  });

  it("shows a tenant its own tenant, live, and nothing of another's", async () => {
    const { platform } = started();
    const { page } = await newPage("tenant");

    // Given two tenants, and the first one's login link
    const own = `e2e-${randomUUID().slice(0, 8)}`;
    const other = `e2e-${randomUUID().slice(0, 8)}`;
    expect((await api("/api/tenants", { id: own, name: "Own Brand" })).status).toBe(201);
    expect((await api("/api/tenants", { id: other, name: "Other Brand" })).status).toBe(201);
    const token = await platform.tenantToken(own);

    // When the tenant opens the dashboard
    await page.goto(`${platform.url}/?token=${token}`);

    // Then its own card shows its counters live over its agent's WebSocket
    await page.getByTestId(`tenant-${own}`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await waitForText(page, `applied-${own}`, "0");
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(`tenant ${own}`);

    // And a test event it sends for itself arrives
    await page.getByRole("button", { name: "Send test event" }).click();
    await waitForText(page, `applied-${own}`, "1");

    // And nothing of the other tenant, nor the operator's form, is on the page
    expect(await page.getByTestId(`tenant-${other}`).count()).toBe(0);
    expect(await page.getByRole("heading", { name: "New tenant" }).count()).toBe(0);

    // And the API refuses the other tenant and the tenant list to this token
    const statuses = await page.evaluate(
      async ([otherId, bearer]) => {
        const headers = { Authorization: `Bearer ${bearer}` };
        const one = await fetch(`/api/tenants/${otherId}`, { headers });
        const all = await fetch("/api/tenants", { headers });
        return [one.status, all.status];
      },
      [other, token] as const,
    );
    expect(statuses).toEqual([403, 403]);

    await page.screenshot({ path: `${OUTPUT_DIR}/dashboard-tenant.png`, fullPage: true });
    await page.close();
  });
});
