/**
 * Watches tenant agents the way the dashboard does (their WebSocket state stream) and
 * records when each event first shows as the tenant's last event.
 */
export class DashboardProbe {
  private sockets: WebSocket[] = [];
  /** event_id → when a state naming it arrived (ms since epoch). */
  readonly seenAt = new Map<string, number>();

  constructor(
    private readonly wsOrigin: string,
    private readonly token?: string,
  ) {}

  async watch(tenants: readonly string[]): Promise<void> {
    await Promise.all(tenants.map((tenant) => this.open(tenant)));
  }

  private open(tenant: string): Promise<void> {
    const query = this.token ? `?token=${encodeURIComponent(this.token)}` : "";
    const socket = new WebSocket(`${this.wsOrigin}/agents/tenant-agent/${tenant}${query}`);
    this.sockets.push(socket);
    socket.addEventListener("message", (event) => {
      const at = Date.now();
      try {
        const message = JSON.parse(String(event.data)) as {
          type?: string;
          state?: { last_event?: { event_id?: string } };
        };
        const id =
          message.type === "cf_agent_state" ? message.state?.last_event?.event_id : undefined;
        if (id && !this.seenAt.has(id)) this.seenAt.set(id, at);
      } catch {
        // Not a JSON protocol message; the probe only reads state.
      }
    });
    return new Promise((resolve, reject) => {
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener("error", () => reject(new Error(`WebSocket to ${tenant} failed`)), {
        once: true,
      });
    });
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
  }
}
