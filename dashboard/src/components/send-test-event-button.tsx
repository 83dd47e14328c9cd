import { useState } from "react";
import { postEvents } from "../api/tenants";
import { type Problem, toProblem } from "../problem";
import { testEvent } from "../test-event";
import { ProblemMessage } from "./problem-message";

type SendState =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "sent" }
  | { kind: "failed"; problem: Problem };

/** Posts one fresh `cycle.requested` for the tenant; the counters and the feed show the rest. */
export function SendTestEventButton({ tenantId }: { tenantId: string }) {
  const [send, setSend] = useState<SendState>({ kind: "idle" });

  async function onClick() {
    setSend({ kind: "sending" });
    try {
      await postEvents([testEvent(tenantId)]);
      setSend({ kind: "sent" });
    } catch (error) {
      setSend({ kind: "failed", problem: toProblem(error) });
    }
  }

  return (
    <div className="send-test-event">
      <button type="button" onClick={onClick} disabled={send.kind === "sending"}>
        {send.kind === "sending" ? "Sending…" : "Send test event"}
      </button>
      <span className="send-status" role="status" aria-live="polite">
        {send.kind === "sent" ? "Accepted" : ""}
      </span>
      {send.kind === "failed" ? <ProblemMessage problem={send.problem} /> : null}
    </div>
  );
}
