import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TenantsTable } from "./tenants-table";

describe("the tenants table", () => {
  it("shows em dashes for a tenant whose agent has not reported yet", () => {
    const html = renderToStaticMarkup(
      <TenantsTable
        tenants={[{ id: "acme", name: "Acme", created_at: "2026-11-22T10:00:00Z", summary: null }]}
      />,
    );
    expect(html).toContain('data-testid="applied-acme">—</td>');
    expect(html).toContain('href="/tenants/acme"');
  });

  it("shows the counters of the latest summary and the last error", () => {
    const html = renderToStaticMarkup(
      <TenantsTable
        tenants={[
          {
            id: "acme",
            name: "Acme",
            created_at: "2026-11-22T10:00:00Z",
            summary: {
              applied: 1234,
              duplicates: 5,
              cycles: 3,
              decisions: 6,
              runs_started: 4,
              runs_active: 1,
              runs_completed: 2,
              runs_failed: 1,
              articles_published: 2,
              strategy_version: 4,
              last_cycle_at: "2026-11-22T10:00:00Z",
              last_error: "run acme-1 failed: timeout",
              updated_at: "2026-11-22T10:00:01Z",
            },
          },
        ]}
      />,
    );
    expect(html).toMatch(/data-testid="applied-acme">1,?234</);
    expect(html).toContain('data-testid="duplicates-acme">5<');
    expect(html).toContain("v4");
    expect(html).toContain("run acme-1 failed: timeout");
  });

  it("shows whether each tenant is active, paused or archived, and by whom", () => {
    const html = renderToStaticMarkup(
      <TenantsTable
        tenants={[
          { id: "acme", name: "Acme", created_at: "2026-11-22T10:00:00Z", summary: null },
          {
            id: "globex",
            name: "Globex",
            created_at: "2026-11-22T10:00:00Z",
            status: "paused",
            status_since: "2026-11-23T09:00:00Z",
            status_by: "ops@example",
            status_reason: null,
            summary: null,
          },
        ]}
      />,
    );
    expect(html).toMatch(/data-testid="status-acme">active</);
    expect(html).toMatch(/data-testid="status-globex">paused</);
    expect(html).toContain("by ops@example");
  });
});
