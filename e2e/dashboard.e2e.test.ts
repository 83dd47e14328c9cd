import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  LIVE_TIMEOUT_MS,
  screenshot,
  startSession,
  waitForCountAtLeast,
  waitForText,
} from "./session";

const session = startSession();

describe("dashboard", () => {
  it("counts an event once and its redelivery as a duplicate, live", async () => {
    const { page, errors } = await session.newPage("dashboard");

    // Given a running platform and a tenant created over the API
    const tenantId = await session.createTenant("E2E Brand");

    // When the operator opens the dashboard with the login link
    await session.open(page, "/");

    // Then the tenant's row shows applied 0, as its agent reported it
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
    expect((await session.api("/api/events", { body: event })).status).toBe(202);

    // Then the applied counter becomes 1 without a reload
    await waitForText(page, `applied-${tenantId}`, "1");

    // When the same event (same event_id) is posted again
    expect((await session.api("/api/events", { body: event })).status).toBe(202);

    // Then applied stays 1 and duplicates becomes 1
    await waitForText(page, `duplicates-${tenantId}`, "1");
    expect(await page.getByTestId(`applied-${tenantId}`).textContent()).toBe("1");

    // And the page's Content-Security-Policy blocked nothing it needs
    expect(errors.filter((error) => /Content Security Policy/i.test(error))).toEqual([]);
    await screenshot(page, "dashboard");
    await page.close();
  });

  it("asks for a token, refuses a forged one and lets the operator in with a real one", async () => {
    const { page } = await session.newPage("login");
    const tenantId = await session.createTenant("Login Brand");

    // Given the dashboard opened without a token, then a token the server never signed
    await page.goto(session.platform().url);
    const form = page.getByTestId("login-form");
    await form.waitFor({ timeout: LIVE_TIMEOUT_MS });
    const [header, , signature] = session.platform().operatorToken.split(".");
    const claims = { iss: "switchboard", sub: "x", role: "operator", iat: 1, exp: 4e9 };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    await page.getByLabel("Token").fill(forged);
    await page.getByRole("button", { name: "Log in" }).click();

    // Then the API's 401 sends it back to the login screen, saying why
    await page.getByText("signature does not verify").waitFor({ timeout: LIVE_TIMEOUT_MS });
    await screenshot(page, "login");

    // When the operator pastes a real token
    await page.getByLabel("Token").fill(session.platform().operatorToken);
    await page.getByRole("button", { name: "Log in" }).click();

    // Then every tenant is there, live
    await waitForText(page, `applied-${tenantId}`, "0");
    expect(await page.getByTestId("signed-in-as").textContent()).toBe("operator");
    await page.close();
  });

  it("shows a tenant its own tenant, live, and nothing of another's", async () => {
    const { page } = await session.newPage("tenant");

    // Given two tenants, and the first one's login link
    const own = await session.createTenant("Own Brand");
    const other = await session.createTenant("Other Brand");
    const token = await session.platform().tenantToken(own);

    // When the tenant opens the dashboard
    await session.open(page, "/", token);

    // Then its own page shows its counters live over its agent's WebSocket
    await page.getByTestId(`tenant-${own}`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await waitForText(page, `applied-${own}`, "0");
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(`tenant ${own}`);

    // And a test event it sends for itself arrives (a cycle request: what it sets off is
    // applied too, so the count may pass 1 before the page shows it)
    await page.getByRole("button", { name: "Send test event" }).click();
    await waitForCountAtLeast(page, `applied-${own}`, 1);

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

    await screenshot(page, "dashboard-tenant");
    await page.close();
  });
});
