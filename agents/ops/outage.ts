import { OPS_UNAVAILABLE } from "../../events/errors";

/** The longest outage an operator can inject (15 minutes). */
export const MAX_OUTAGE_SECONDS = 15 * 60;

/** What `GET /api/ops-agent/outage` shows. */
export type OutageState = { unavailable_until: string | null };

/**
 * An injected outage of the OpsAgent, the fault drill for the one singleton: until it
 * ends every call but the outage's own controls fails as a real outage would, so
 * operators (and the chaos suite) can see that events keep flowing without it. It is
 * kept in the object's storage, so an eviction or restart mid-outage does not end it
 * early. `now` is injected so tests set the clock.
 */
export class Outage {
  private until: number;

  constructor(private readonly kv: SyncKvStorage) {
    this.until = kv.get<number>(OUTAGE_KEY) ?? 0;
  }

  start(seconds: number, now = Date.now()): OutageState {
    this.until = now + seconds * 1000;
    this.kv.put(OUTAGE_KEY, this.until);
    return this.state(now);
  }

  end(): OutageState {
    this.until = 0;
    this.kv.delete(OUTAGE_KEY);
    return { unavailable_until: null };
  }

  state(now = Date.now()): OutageState {
    return { unavailable_until: now < this.until ? new Date(this.until).toISOString() : null };
  }

  /** Throws while the outage lasts. */
  refuse(now = Date.now()): void {
    if (now < this.until) {
      throw new Error(
        `${OPS_UNAVAILABLE}: an outage injected by an operator lasts until ${new Date(this.until).toISOString()}`,
      );
    }
  }
}

const OUTAGE_KEY = "outage_until";
