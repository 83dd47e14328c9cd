import { z } from "zod";
import { newSecret } from "./signing";

/**
 * The endpoints alert events are delivered to, configured by operators. The signing
 * secret is made here and answered once, when the webhook is created; lists never show
 * it. It is kept in the OpsAgent's storage, which is what signs.
 */
export type AlertWebhook = { id: string; url: string; created_at: string };

/** At most this many webhooks: every event is delivered to each. */
export const MAX_WEBHOOKS = 20;

/** An endpoint's URL: http or https, without credentials (the signature authenticates). */
export const WebhookUrl = z
  .string()
  .max(2048)
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not a URL (${String(error)})` });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "only http and https URLs can receive alerts" });
    }
    if (url.username !== "" || url.password !== "") {
      ctx.addIssue({
        code: "custom",
        message: "a URL may not carry credentials; receivers check the signature instead",
      });
    }
  });

export function createWebhook(
  sql: SqlStorage,
  url: string,
  at: string,
): AlertWebhook & { secret: string } {
  const webhook = { id: `wh-${crypto.randomUUID()}`, url, created_at: at, secret: newSecret() };
  sql.exec(
    "INSERT INTO alert_webhooks (id, url, secret, created_at) VALUES (?, ?, ?, ?)",
    webhook.id,
    webhook.url,
    webhook.secret,
    webhook.created_at,
  );
  return webhook;
}

export function listWebhooks(sql: SqlStorage): AlertWebhook[] {
  return sql
    .exec<AlertWebhook>("SELECT id, url, created_at FROM alert_webhooks ORDER BY created_at, id")
    .toArray();
}

/** Removes a webhook; its pending deliveries become dead, saying why. */
export function deleteWebhook(sql: SqlStorage, id: string, at: string): boolean {
  const removed = sql.exec("DELETE FROM alert_webhooks WHERE id = ?", id).rowsWritten > 0;
  if (removed) {
    sql.exec(
      `UPDATE alert_deliveries SET status = 'dead', next_attempt_at = NULL,
         last_error = 'the webhook was deleted', updated_at = ?
       WHERE webhook_id = ? AND status = 'pending'`,
      at,
      id,
    );
  }
  return removed;
}
