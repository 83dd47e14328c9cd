import { createMessage, type Message } from "../../events";
import { type CommandOutcome, ServiceObject } from "../../platform/service/service-object";
import { shortId } from "../shared/hash";
import { composePost, NETWORKS } from "./compose";
import { socialMigrations } from "./schema";

/** One announcement of an article on one network. */
export type Post = {
  post_id: string;
  content_id: string;
  network: string;
  url: string;
  text: string;
  created_at: string;
};

/**
 * The reference social service, one per tenant: announces a published article on
 * each network and reports the posts with `social.posted`. Idempotent on the
 * command's event_id and on the content id: an article is announced once.
 */
export class SocialService extends ServiceObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, socialMigrations);
  }

  /** Applies `social.post` commands of this tenant. */
  async handle(messages: Message[]): Promise<CommandOutcome[]> {
    return this.handleEach(messages, (message) => this.post(message));
  }

  async listPosts(contentId?: string): Promise<Post[]> {
    const columns = "post_id, content_id, network, url, text, created_at";
    return contentId
      ? this.sql
          .exec<Post>(
            `SELECT ${columns} FROM posts WHERE content_id = ? ORDER BY post_id`,
            contentId,
          )
          .toArray()
      : this.sql
          .exec<Post>(`SELECT ${columns} FROM posts ORDER BY created_at DESC LIMIT 200`)
          .toArray();
  }

  private async post(message: Message): Promise<CommandOutcome> {
    if (message.type !== "social.post") {
      return {
        event_id: message.event_id,
        status: "rejected",
        reason: `social cannot handle ${message.type}`,
      };
    }
    const { content_id, url } = message.payload;
    // Ids are derived from the content, so a second try would write the same rows.
    const drafts = await Promise.all(
      NETWORKS.map(async (network) => ({
        post_id: `${network}-${await shortId(`${content_id}|${network}`)}`,
        network,
        text: composePost(network, url),
      })),
    );
    return this.commit(message, (now) => {
      if (this.announced(content_id)) return { duplicate: true };
      const createdAt = now.toISOString();
      for (const draft of drafts) {
        this.sql.exec(
          `INSERT INTO posts (post_id, content_id, network, url, text, command_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          draft.post_id,
          content_id,
          draft.network,
          url,
          draft.text,
          message.event_id,
          createdAt,
        );
      }
      const posted = createMessage(
        "social.posted",
        { content_id, post_ids: drafts.map((d) => d.post_id) },
        { tenant_id: message.tenant_id, source: "social", cause: message },
      );
      return { duplicate: false, emit: [posted] };
    });
  }

  private announced(contentId: string): boolean {
    return (
      this.sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM posts WHERE content_id = ?", contentId)
        .one().n > 0
    );
  }
}
