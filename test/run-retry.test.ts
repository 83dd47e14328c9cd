import { describe, expect, it } from "vitest";
import { api, eventually } from "./support/api";
import { runAwaitingApproval } from "./support/tenant";

type Run = {
  run_id: string;
  keyword: string;
  status: string;
  step: string | null;
  retry_of: string | null;
};

async function runs(tenant: string): Promise<Run[]> {
  return ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
}

const post = (path: string) => api(path, { method: "POST" });

async function publishedCount(tenant: string): Promise<number> {
  const body = (await (await api(`/api/tenants/${tenant}`)).json()) as {
    state: { counts: { articles_published: number } };
  };
  return body.state.counts.articles_published;
}

describe("retrying a run", () => {
  it("starts a rejected run again as a new run with the same input, which can then be approved", async () => {
    // given a run whose article was rejected
    const { tenant, run: first } = await runAwaitingApproval({
      seed_keywords: ["solar panels"],
    });
    expect((await post(`/api/tenants/${tenant}/runs/${first.run_id}/reject`)).status).toBe(200);
    await eventually(
      () => runs(tenant),
      (list) => list.find((r) => r.run_id === first.run_id)?.status === "errored",
      20_000,
    );
    // a run still going cannot be retried, and nor can one that does not exist
    expect((await post(`/api/tenants/${tenant}/runs/nope/retry`)).status).toBe(404);

    // when it is retried
    const response = await post(`/api/tenants/${tenant}/runs/${first.run_id}/retry`);

    // then a new run of the same keyword starts, linked to the rejected one
    expect(response.status).toBe(202);
    const retried = (await response.json()) as { run_id: string; retry_of: string };
    expect(retried.retry_of).toBe(first.run_id);
    expect(retried.run_id).not.toBe(first.run_id);
    const list = await eventually(
      () => runs(tenant),
      (all) => all.find((r) => r.run_id === retried.run_id)?.step === "wait for approval",
      20_000,
    );
    expect(list.find((r) => r.run_id === retried.run_id)).toMatchObject({
      keyword: first.keyword,
      retry_of: first.run_id,
    });
    expect(list.find((r) => r.run_id === first.run_id)?.status).toBe("errored");

    // and a second retry of the same run is refused, naming the retry
    const again = await post(`/api/tenants/${tenant}/runs/${first.run_id}/retry`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toContain(retried.run_id);
    // as is a retry of the retry while it waits
    expect((await post(`/api/tenants/${tenant}/runs/${retried.run_id}/retry`)).status).toBe(409);

    // and the retry, approved, publishes the article
    expect((await post(`/api/tenants/${tenant}/runs/${retried.run_id}/approve`)).status).toBe(200);
    await eventually(
      () => publishedCount(tenant),
      (n) => n === 1,
      20_000,
    );
  });
});
