import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import {
  LIVE_TIMEOUT_MS,
  QUIET_STRATEGY,
  type Session,
  screenshot,
  waitForContent,
  waitForText,
} from "../session";

function socialPosted(tenant: string, n: number) {
  return {
    event_id: randomUUID(),
    type: "social.posted",
    source: "e2e",
    tenant_id: tenant,
    timestamp: new Date().toISOString(),
    payload: { content_id: `c-${n}`, post_ids: [`p-${n}`] },
  };
}

/**
 * Pause, resume and archive a tenant from the operator's console (DESIGN §8): the
 * deliveries a pause holds are counted on the page, and applied once it resumes; an
 * archived tenant's data downloads as JSON.
 */
export function pauseVerbs(session: Session): void {
  it("pauses a tenant from the console, holds the events sent meanwhile, and applies them on resume", async () => {
    const { page } = await session.newPage("pause-resume");
    // given a tenant the operator has open
    const tenant = await session.createTenant("Pause Brand", QUIET_STRATEGY);
    await session.open(page, `/tenants/${tenant}`);
    await waitForText(page, "tenant-status", "active");
    await waitForText(page, `applied-${tenant}`, "0");

    // when the operator pauses it
    await page.getByTestId("tenant-pause").click();

    // then the page says it is paused, by whom
    await waitForText(page, "tenant-status", "paused");
    await waitForContent(page, "hold-banner", "Paused by");
    await waitForContent(page, "hold-banner", "0 deliveries held");

    // when events are sent over the API meanwhile
    const events = [0, 1, 2].map((n) => socialPosted(tenant, n));
    const sent = await session.api("/api/events", { body: events });
    expect(sent.status).toBe(202);

    // then they are held, counted on the banner, and not applied
    await waitForContent(page, "hold-banner", "3 deliveries held");
    await waitForText(page, `applied-${tenant}`, "0");
    await screenshot(page, "tenant-paused");

    // when the operator resumes it
    await page.getByTestId("tenant-resume").click();

    // then the held events are applied and the banner goes
    await waitForText(page, `applied-${tenant}`, "3");
    await waitForText(page, "tenant-status", "active");
    await page.getByTestId("hold-banner").waitFor({ state: "detached", timeout: LIVE_TIMEOUT_MS });
    await waitForContent(page, "tenant-hold-done", "3 held deliveries applied");
    const log = (await (await session.api(`/api/events?tenant=${tenant}`)).json()) as {
      events: { event_id: string }[];
    };
    expect(log.events.map((e) => e.event_id).reverse()).toEqual(events.map((e) => e.event_id));
  });

  it("archives a tenant after asking, refuses its events, downloads its data as JSON, and resumes it", async () => {
    const { page } = await session.newPage("archive");
    // given a tenant with an applied event
    const tenant = await session.createTenant("Archive Brand", QUIET_STRATEGY);
    const first = socialPosted(tenant, 0);
    expect((await session.api("/api/events", { body: first })).status).toBe(202);
    await session.open(page, `/tenants/${tenant}`);
    await waitForText(page, `applied-${tenant}`, "1");

    // when the operator archives it, confirming the question
    const asked: string[] = [];
    page.once("dialog", async (dialog) => {
      asked.push(dialog.message());
      await dialog.accept();
    });
    await page.getByTestId("tenant-archive").click();

    // then it is archived, and says so
    await waitForText(page, "tenant-status", "archived");
    await waitForContent(page, "hold-banner", "Archived by");
    expect(asked[0]).toContain(`Archive ${tenant}?`);
    // and its events are refused, naming it
    const refused = await session.api("/api/events", { body: socialPosted(tenant, 1) });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain(tenant);
    // and the tenants table shows it archived
    const list = (await (await session.api("/api/tenants")).json()) as {
      tenants: { id: string; status: string }[];
    };
    expect(list.tenants.find((t) => t.id === tenant)?.status).toBe("archived");

    // when the operator exports its data
    await page.getByTestId("tenant-export").click();
    await waitForContent(page, "tenant-hold-done", "Exported");
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: LIVE_TIMEOUT_MS }),
      page.getByTestId("tenant-export-download").click(),
    ]);

    // then the file holds the tenant's tables, its applied event among them
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${tenant}-export-.*\\.json$`));
    const path = await download.path();
    const data = JSON.parse(await readFile(path, "utf8")) as {
      tenant: { id: string; status: string };
      tables: Record<string, { rows: unknown[] }>;
    };
    expect(data.tenant).toMatchObject({ id: tenant, status: "archived" });
    expect(JSON.stringify(data.tables.event_calls?.rows)).toContain(first.event_id);
    expect(data.tables.strategy_versions?.rows.length).toBeGreaterThanOrEqual(1);

    // when it is resumed, it takes events again
    await page.getByTestId("tenant-resume").click();
    await waitForText(page, "tenant-status", "active");
    expect((await session.api("/api/events", { body: socialPosted(tenant, 2) })).status).toBe(202);
    await waitForText(page, `applied-${tenant}`, "2");
  });
}
