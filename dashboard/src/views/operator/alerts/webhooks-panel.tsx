import { type FormEvent, useCallback, useId, useState } from "react";
import { createWebhook, deleteWebhook, listWebhooks } from "../../../api/alerts";
import { Loadable } from "../../../components/loadable";
import { ProblemMessage } from "../../../components/problem-message";
import { formatDateTime } from "../../../lib/format";
import { useResource } from "../../../live/use-resource";
import { type Problem, toProblem } from "../../../problem";
import { Section } from "../../../shell/page";

/**
 * The endpoints alert events are delivered to. A new webhook's signing secret is shown
 * once, right after it is added: the API never answers it again.
 */
export function WebhooksPanel({ onChanged }: { onChanged: (message: string) => void }) {
  const id = useId();
  const load = useCallback((signal: AbortSignal) => listWebhooks({ signal }), []);
  const webhooks = useResource(load);
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function act(run: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    try {
      onChanged(await run());
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
      webhooks.reload();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void act(async () => {
      const created = await createWebhook(url.trim());
      setSecret({ url: created.webhook.url, secret: created.secret });
      setUrl("");
      return `Webhook added: ${created.webhook.url}.`;
    });
  }

  return (
    <Section title="Webhooks">
      <form className="toolbar" onSubmit={onSubmit} aria-label="Add a webhook" noValidate>
        <div className="field inline">
          <label htmlFor={`${id}-url`}>URL</label>
          <input
            id={`${id}-url`}
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://hooks.example/switchboard"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <button type="submit" disabled={busy || url.trim() === ""}>
          Add webhook
        </button>
      </form>
      {secret ? (
        <div className="panel-note" role="status">
          <p>
            Signing secret of {secret.url} — copy it now, it is not shown again:{" "}
            <code data-testid="webhook-secret">{secret.secret}</code>
          </p>
        </div>
      ) : null}
      {problem ? <ProblemMessage problem={problem} /> : null}
      <Loadable
        what="webhooks"
        {...webhooks}
        onRetry={webhooks.reload}
        isEmpty={(list) => list.webhooks.length === 0}
        empty="No webhooks: alert events are kept here but sent nowhere."
      >
        {({ webhooks: list }) => (
          <ul className="plain-list">
            {list.map((hook) => (
              <li key={hook.id} data-testid="alert-webhook">
                <code>{hook.url}</code>{" "}
                <span className="muted">added {formatDateTime(hook.created_at)}</span>{" "}
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      await deleteWebhook(hook.id);
                      return `Webhook removed: ${hook.url}.`;
                    })
                  }
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loadable>
    </Section>
  );
}
