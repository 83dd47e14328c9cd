/**
 * Pushes the tenant's view to its dashboards: only while a dashboard is connected, and
 * at most once per `intervalMs` however many changes land meanwhile. (The SDK's
 * `setState` writes a row and broadcasts the whole state; doing it per agent call was a
 * fixed cost on the event path even with nobody watching.) A connecting dashboard gets
 * the current view at once. Changes made from inside a dashboard's connection cannot
 * set state (it is read-only); none are: dashboards only watch.
 */
export class LiveState {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly watched: () => boolean,
    private readonly push: () => void,
    private readonly intervalMs = 100,
  ) {}

  /** Something the view shows changed. */
  changed(): void {
    if (this.timer !== null || !this.watched()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.watched()) this.push();
    }, this.intervalMs);
  }

  /** A dashboard is connecting: it sees the view as it is now. */
  connected(): void {
    this.push();
  }
}
