// The hash lives with the message contract, which derives span ids with it
// (events/trace-context.ts); it is re-exported here for the agents and services.
export { stableFraction, stableHash } from "../../events";
