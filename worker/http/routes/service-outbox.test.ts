import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage } from "../../../events";
import { addToOutbox } from "../../../platform/sqlite/outbox";
import { api, createTenant, uniqueTenant } from "../../../test/support/api";

describe("GET /api/services/:service/outbox", () => {
  it("shows operators what a service's shard for a tenant has not sent yet", async () => {
    // Given a social shard with an answer committed but not sent
    const tenant = await createTenant(uniqueTenant("obx"));
    await runInDurableObject(env.SOCIAL_SERVICE.getByName(tenant), (_s, state) =>
      addToOutbox(
        state.storage.sql,
        createMessage(
          "social.posted",
          { content_id: "c-1", post_ids: ["p-1"] },
          { tenant_id: tenant, source: "social" },
        ),
        Date.parse("2026-01-01T00:00:00Z"),
      ),
    );

    // When an operator asks, then it is there, and the other services have nothing waiting
    const social = await api(`/api/services/social/outbox?tenant=${tenant}`);
    expect(await social.json()).toEqual({
      service: "social",
      tenant,
      pending: 1,
      oldest_pending_at: Date.parse("2026-01-01T00:00:00Z"),
      last_error: null,
      attempts: 0,
      // and it says why it waits: its first send is due
      waiting: {
        reason: "sending",
        text: "1 message waiting to be sent since 2026-01-01T00:00:00.000Z.",
        since: "2026-01-01T00:00:00.000Z",
      },
    });
    const research = await api(`/api/services/research/outbox?tenant=${tenant}`);
    expect(await research.json()).toMatchObject({ service: "research", pending: 0 });
  });

  it("answers 404 for a service or tenant that does not exist, and 400 without a tenant", async () => {
    const tenant = await createTenant(uniqueTenant("obx"));
    expect((await api(`/api/services/mailer/outbox?tenant=${tenant}`)).status).toBe(404);
    expect((await api(`/api/services/social/outbox?tenant=${uniqueTenant("none")}`)).status).toBe(
      404,
    );
    expect((await api("/api/services/social/outbox")).status).toBe(400);
  });
});
