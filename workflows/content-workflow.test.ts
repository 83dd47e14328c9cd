import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { uniqueTenant } from "../test/support/api";
import { startContentRun, uniqueRunId } from "../test/support/content";

describe("a content run", () => {
  it("writes, stores and hands an article over for publishing", async () => {
    const tenant = uniqueTenant("wf");
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);
    await startContentRun(tenant, runId, { keyword: "budget apps for students" });
    await instance.waitForStatus("complete");
    const output = await instance.getOutput();
    expect(output).toMatchObject({ content_id: runId, slug: "budget-apps-for-students" });
  });
});
