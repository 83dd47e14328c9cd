import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, onTestFailed } from "vitest";
import { launchBrowser } from "./browser";
import { type Platform, type PlatformOptions, startPlatform } from "./platform";

export const OUTPUT_DIR = "test-output/e2e";
/** How long the page may take to show what the platform did (a queue hop is ~1 s). */
export const LIVE_TIMEOUT_MS = 30_000;

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export type Session = {
  platform: () => Platform;
  /** Calls the API as the operator (or with the given token); JSON in and out. */
  api: (
    path: string,
    init?: { method?: string; body?: unknown; token?: string },
  ) => Promise<Response>;
  /** A page in a fresh browser context (its own localStorage), with its errors collected. */
  newPage: (
    name: string,
    viewport?: { width: number; height: number },
  ) => Promise<{ page: Page; errors: string[] }>;
  /** Opens a path logged in with a token (the operator's unless given). */
  open: (page: Page, path: string, token?: string) => Promise<void>;
  /** Creates a tenant over the API; returns its id. */
  createTenant: (name: string, strategy?: Record<string, unknown>) => Promise<string>;
};

/**
 * One platform and one browser for a whole test file (starting the platform is the slow
 * part): call at the top level of the file.
 */
export function startSession(options: PlatformOptions = {}): Session {
  let platform: Platform | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startPlatform(options), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const started = () => {
    if (!platform || !browser) throw new Error("beforeAll did not start the platform and browser");
    return { platform, browser };
  };

  const api: Session["api"] = (path, init = {}) => {
    const { platform } = started();
    return fetch(`${platform.url}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
        Authorization: `Bearer ${init.token ?? platform.operatorToken}`,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  };

  return {
    platform: () => started().platform,
    api,
    async newPage(name, viewport = DESKTOP) {
      const { browser } = started();
      await mkdir(OUTPUT_DIR, { recursive: true });
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      onTestFailed(async () => {
        console.error(`browser errors (${name}):`, errors);
        if (page.isClosed()) return;
        await page.screenshot({ path: `${OUTPUT_DIR}/${name}-failed.png`, fullPage: true });
      });
      return { page, errors };
    },
    async open(page, path, token) {
      const { platform } = started();
      const join = path.includes("?") ? "&" : "?";
      await page.goto(`${platform.url}${path}${join}token=${token ?? platform.operatorToken}`);
    },
    async createTenant(name, strategy) {
      const id = `e2e-${randomUUID().slice(0, 8)}`;
      const response = await api("/api/tenants", {
        body: { id, name, ...(strategy ? { strategy } : {}) },
      });
      expect(response.status).toBe(201);
      return id;
    },
  };
}

/** Waits, without reloading, until the element with this test id reads `text`. */
export async function waitForText(page: Page, testId: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === expected,
    [testId, text] as const,
    { timeout: LIVE_TIMEOUT_MS },
  );
}

/** Waits, without reloading, until the element with this test id shows a number ≥ `least`. */
export async function waitForCountAtLeast(
  page: Page,
  testId: string,
  least: number,
): Promise<void> {
  await page.waitForFunction(
    ([id, min]) => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? "";
      return /^\d+$/.test(text) && Number(text) >= min;
    },
    [testId, least] as const,
    { timeout: LIVE_TIMEOUT_MS },
  );
}

/** Waits until some element with this test id contains `text`. */
export async function waitForContent(page: Page, testId: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) =>
      Array.from(document.querySelectorAll(`[data-testid="${id}"]`)).some((el) =>
        el.textContent?.includes(expected),
      ),
    [testId, text] as const,
    { timeout: LIVE_TIMEOUT_MS },
  );
}

/** A strategy that keeps two easy keywords of three and never cycles by itself during a test. */
export const QUIET_STRATEGY = {
  cycle_cron: "0 0 1 1 *",
  research_interval_days: 0,
  seed_keywords: ["budget apps", "crypto tax", "emergency fund"],
  max_difficulty: 50,
  min_volume: 100,
  max_articles_per_cycle: 2,
} as const;

/** Saves a screenshot of the page under test-output/e2e/. */
export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: `${OUTPUT_DIR}/${name}.png`, fullPage: true });
}
