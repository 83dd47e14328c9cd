import { PermanentError } from "../../events";
import type { MessageHandler } from "./consumer/types";

/**
 * The handler of a service command queue whose reference service is not deployed in
 * this Worker yet: each command fails permanently with that reason, so it lands in the
 * dead-letter store, where an operator sees it and can redrive it once the service is
 * there, rather than being dropped.
 */
export const holdForMissingService: MessageHandler = async (messages, _env, ctx) => {
  for (const message of messages) {
    ctx.fail(
      message,
      new PermanentError(`no service consumes ${ctx.queue} in this deployment yet`),
    );
  }
};
