import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { exportSummary, holdBanner, TenantHoldBanner, TenantHoldControls } from "./tenant-hold";

const paused = {
  status: "paused",
  since: "2026-11-23T09:00:00.000Z",
  by: "ops@example",
  reason: null,
  count: 3,
};

describe("a paused or archived tenant", () => {
  it("says who paused it, since when, and how many deliveries it holds", () => {
    // given a tenant paused by an operator with three deliveries held
    const text = holdBanner(paused);
    // then the banner names the operator and the count
    expect(text).toMatch(/^Paused by ops@example since .+ — 3 deliveries held$/);
    expect(holdBanner({ ...paused, status: "archived", count: 1 })).toMatch(
      /^Archived by ops@example since .+ — 1 delivery held$/,
    );
    expect(renderToStaticMarkup(<TenantHoldBanner hold={paused} />)).toContain(
      'data-testid="hold-banner"',
    );
    expect(renderToStaticMarkup(<TenantHoldBanner hold={null} />)).toBe("");
  });

  it("offers Resume while paused, Pause and Archive while active, and Export always", () => {
    const held = renderToStaticMarkup(<TenantHoldControls tenantId="acme" hold={paused} />);
    expect(held).toContain('data-testid="tenant-resume"');
    expect(held).toContain('data-testid="tenant-archive"');
    expect(held).not.toContain('data-testid="tenant-pause"');
    expect(held).toMatch(/data-testid="tenant-status">paused</);
    const active = renderToStaticMarkup(<TenantHoldControls tenantId="acme" hold={null} />);
    expect(active).toContain('data-testid="tenant-pause"');
    expect(active).not.toContain('data-testid="tenant-resume"');
    expect(active).toContain('data-testid="tenant-export"');
    const archived = renderToStaticMarkup(
      <TenantHoldControls tenantId="acme" hold={{ ...paused, status: "archived" }} />,
    );
    expect(archived).toContain('data-testid="tenant-resume"');
    expect(archived).not.toContain('data-testid="tenant-archive"');
  });

  it("sums up an export by tables and rows", () => {
    const summary = exportSummary({
      tenant: {
        id: "acme",
        name: "Acme",
        created_at: "",
        status: "archived",
        status_since: null,
        status_by: null,
        status_reason: null,
        summary: null,
      },
      exported_at: "2026-11-23T09:00:00.000Z",
      tables: {
        runs: { rows: [{ run_id: "r-1" }], total: 1, truncated: false },
        event_calls: { rows: [{ call: 1 }, { call: 2 }], total: 9, truncated: true },
      },
    });
    expect(summary).toBe("Exported 2 tables, 3 rows (cut at the limit: event_calls).");
  });
});
