import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchBrowser } from "./browser";
import { type Platform, startPlatform } from "./platform";

const OUTPUT_DIR = "test-output/e2e";
const PUBLISH_TIMEOUT_MS = 60_000;

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

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const { platform } = started();
  return fetch(`${platform.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${platform.operatorToken}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Polls the publisher until the tenant has a publication; returns its URL. */
async function firstPublishedUrl(tenant: string): Promise<string> {
  const deadline = Date.now() + PUBLISH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await call("GET", `/services/publisher/${tenant}/publications`);
    const { publications } = (await response.json()) as { publications: { url: string }[] };
    if (publications[0]) return publications[0].url;
    await sleep(500);
  }
  throw new Error(`nothing was published for ${tenant} within ${PUBLISH_TIMEOUT_MS / 1000} s`);
}

describe("a published article", () => {
  it("opens in a browser as a styled page, with no errors", async () => {
    const { browser } = started();
    await mkdir(OUTPUT_DIR, { recursive: true });

    // Given a tenant whose cycle publishes an article
    const tenant = `e2e-${randomUUID().slice(0, 8)}`;
    const created = await call("POST", "/api/tenants", {
      id: tenant,
      name: "E2E Garden",
      strategy: { seed_keywords: ["raised bed garden"], max_difficulty: 100, min_volume: 0 },
    });
    expect(created.status).toBe(201);
    expect((await call("POST", `/api/tenants/${tenant}/cycle`)).status).toBe(202);
    const url = await firstPublishedUrl(tenant);

    // When a reader opens its URL, without any token
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    onTestFailed(async () => {
      await page.screenshot({ path: `${OUTPUT_DIR}/published-page-failed.png`, fullPage: true });
      console.error("browser errors:", errors);
    });
    const response = await page.goto(url);

    // Then the article shows, styled by its own stylesheet, and nothing was refused
    expect(response?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toMatch(/Raised Bed Garden/);
    expect(await page.locator("h2").count()).toBeGreaterThanOrEqual(2);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toContain("Georgia");
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${OUTPUT_DIR}/published-page.png`, fullPage: true });

    // And the tenant's site lists it, linking back to it
    await page.goto(`${new URL(url).origin}/sites/${tenant}`);
    await page.locator(`a[href="${new URL(url).pathname}"]`).waitFor();
    await page.close();
  });
});
