import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage } from "../../events";
import { uniqueTenant } from "../../test/support/api";
import { outboxTypes } from "../../test/support/queue";
import { heldQueue } from "../../test/support/queues";

function post(tenant: string, contentId = "c-1") {
  return createMessage(
    "social.post",
    { content_id: contentId, url: `https://brand.example/sites/${tenant}/winter-tyres` },
    { tenant_id: tenant, source: "test" },
  );
}

describe("the social service", () => {
  it("announces an article on each network and reports the posts", async () => {
    const tenant = uniqueTenant("soc");
    const social = env.SOCIAL_SERVICE.getByName(tenant);

    await social.handle([post(tenant)]);

    const posts = await social.listPosts("c-1");
    expect(posts.map((p) => p.network).sort()).toEqual(["linkedin", "mastodon"]);
    expect(posts.every((p) => p.text.includes("Winter tyres"))).toBe(true);
    expect(await outboxTypes(social)).toEqual(["social.posted"]);
  });

  it("posts once for a command delivered twice, and once for a second command about the same article", async () => {
    const tenant = uniqueTenant("soc");
    const social = env.SOCIAL_SERVICE.getByName(tenant);
    const command = post(tenant);

    const outcomes = [
      ...(await social.handle([command])),
      ...(await social.handle([command])),
      ...(await social.handle([post(tenant)])),
    ];

    expect(outcomes.map((o) => o.status)).toEqual(["applied", "duplicate", "duplicate"]);
    expect(await social.listPosts("c-1")).toHaveLength(2);
    expect(await outboxTypes(social)).toEqual(["social.posted"]);
  });

  it("keeps an alarm that sends its report should it die while sending it", async () => {
    const tenant = uniqueTenant("soc");
    await runInDurableObject(env.SOCIAL_SERVICE.getByName(tenant), async (social, state) => {
      const realEnv: unknown = Reflect.get(social, "env");
      const held = heldQueue();
      Reflect.set(social, "env", { ...(realEnv as Env), EVENTS_QUEUE: held.queue });
      try {
        // Given a post committed with its social.posted in the outbox, on its way out
        const posting = social.handle([post(tenant)]);
        await held.sending;
        // Then, were the process to die now, an alarm (on disk) is set to send it.
        expect(await state.storage.getAlarm()).not.toBeNull();
        held.release();
        await posting;
      } finally {
        Reflect.set(social, "env", realEnv);
      }
    });
  });
});
