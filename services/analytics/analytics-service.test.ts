import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage } from "../../events";
import { uniqueTenant } from "../../test/support/api";
import { outboxTypes } from "../../test/support/queue";
import { performanceFigures } from "./figures";

function request(tenant: string, urls: string[]) {
  return createMessage(
    "performance.requested",
    { urls, period: "28d" },
    { tenant_id: tenant, source: "test" },
  );
}

describe("the analytics service", () => {
  it("reports each page's figures once for a request delivered twice", async () => {
    const tenant = uniqueTenant("ana");
    const analytics = env.ANALYTICS_SERVICE.getByName(tenant);
    const urls = [
      `https://brand.example/sites/${tenant}/a`,
      `https://brand.example/sites/${tenant}/b`,
    ];
    const command = request(tenant, urls);

    await analytics.handle([command]);
    await analytics.handle([command]);

    const reports = await analytics.listReports();
    expect(reports).toHaveLength(2);
    expect(await outboxTypes(analytics)).toEqual(["performance.report", "performance.report"]);
    const [first] = reports.filter((r) => r.url === urls[0]);
    expect(first).toMatchObject(await performanceFigures(urls[0] ?? "", "28d"));
  });

  it("answers a later request again, with the same figures", async () => {
    const tenant = uniqueTenant("ana");
    const analytics = env.ANALYTICS_SERVICE.getByName(tenant);
    const url = `https://brand.example/sites/${tenant}/a`;

    await analytics.handle([request(tenant, [url])]);
    await analytics.handle([request(tenant, [url])]);

    const reports = await analytics.listReports();
    expect(reports).toHaveLength(2);
    expect(reports[0]?.clicks).toBe(reports[1]?.clicks);
  });
});
