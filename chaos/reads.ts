import type { ChaosClient } from "./client";

/** One entry of a tenant's event log (`GET /api/events`). */
export type LogEntry = {
  seq: number;
  event_id: string;
  type: string;
  source: string;
  timestamp: string;
  correlation_id: string | null;
  causation_id: string | null;
  payload: Record<string, unknown>;
  applied_at: string;
};

/** One dead letter (`GET /api/dlq`); `body` is the envelope as it was on the queue. */
export type Letter = {
  id: string;
  queue: string;
  reason: string;
  attempts: number;
  event_id: string | null;
  type: string | null;
  tenant_id: string | null;
  body: unknown;
};

export type RunStep = {
  step: string;
  status: string;
  first_at: string;
  updated_at: string;
  /** When the step's body finished, from the workflow's stored result. */
  finished_at: string | null;
};

/** One content run (`GET /api/tenants/:id/runs`). */
export type Run = {
  run_id: string;
  keyword: string;
  status: string;
  step: string | null;
  error: string | null;
  requested_at: string;
  started_at: string | null;
  completed_at: string | null;
  workflow_status: string | null;
  steps: RunStep[];
  /** Why it stands still (a machine-readable reason and a sentence); null while it moves. */
  waiting?: { reason: string; text: string; since: string } | null;
};

export type TenantView = {
  applied: number;
  duplicates: number;
  counts: {
    cycles: number;
    runs_started: number;
    runs_completed: number;
    runs_failed: number;
    articles_published: number;
  };
};

export type PendingWork = { pending: number; runs_to_start: number; last_error: string | null };

/** What a service's shard for a tenant has not sent (`GET /api/services/:service/outbox`). */
export type ServiceOutbox = { service: string; pending: number; last_error: string | null };

/** The reference services, each with a shard (and an outbox) per tenant. */
export const SERVICES = ["research", "publisher", "social", "analytics"] as const;

/** Per queue, what the consumers counted (`GET /api/metrics`). */
export type QueueCounts = { delivered: number; retried: number; dead_lettered: number };

const PAGE = 500;

/** The tenant's whole event log, oldest first, read a page at a time with the `before` cursor. */
export async function readLog(client: ChaosClient, tenant: string): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  let before: number | null = null;
  do {
    const page: { events: LogEntry[]; next_before: number | null } = await client.get(
      `/api/events?tenant=${tenant}&limit=${PAGE}${before === null ? "" : `&before=${before}`}`,
    );
    entries.push(...page.events);
    before = page.next_before;
  } while (before !== null);
  return entries.reverse();
}

/** The tenant's dead letters (at most 500: a chaos run makes far fewer). */
export async function readLetters(client: ChaosClient, tenant: string): Promise<Letter[]> {
  const { dead_letters } = await client.get<{ dead_letters: Letter[] }>(
    `/api/dlq?tenant=${tenant}&limit=500`,
  );
  return dead_letters;
}

export async function readRuns(client: ChaosClient, tenant: string): Promise<Run[]> {
  return (await client.get<{ runs: Run[] }>(`/api/tenants/${tenant}/runs?limit=200`)).runs;
}

export async function readView(client: ChaosClient, tenant: string): Promise<TenantView> {
  return (await client.get<{ state: TenantView }>(`/api/tenants/${tenant}`)).state;
}

export async function readPendingWork(client: ChaosClient, tenant: string): Promise<PendingWork> {
  return client.get<PendingWork>(`/api/tenants/${tenant}/outbox`);
}

export async function readServiceOutboxes(
  client: ChaosClient,
  tenant: string,
): Promise<ServiceOutbox[]> {
  return Promise.all(
    SERVICES.map((service) =>
      client.get<ServiceOutbox>(`/api/services/${service}/outbox?tenant=${tenant}`),
    ),
  );
}

export async function readQueueCounts(client: ChaosClient): Promise<Record<string, QueueCounts>> {
  return (await client.get<{ queues: Record<string, QueueCounts> }>("/api/metrics")).queues;
}

/** Everything the audit reads about one tenant, read together. */
export type TenantSnapshot = {
  tenant: string;
  log: LogEntry[];
  letters: Letter[];
  runs: Run[];
  view: TenantView;
  pending: PendingWork;
  services: ServiceOutbox[];
};

/**
 * Reads a tenant whole. The counters are read before and after the log, and the read is
 * repeated while they moved, so the counters and the log describe the same moment.
 */
export async function snapshot(client: ChaosClient, tenant: string): Promise<TenantSnapshot> {
  for (let attempt = 1; ; attempt++) {
    const view = await readView(client, tenant);
    const [log, letters, runs, pending, services] = await Promise.all([
      readLog(client, tenant),
      readLetters(client, tenant),
      readRuns(client, tenant),
      readPendingWork(client, tenant),
      readServiceOutboxes(client, tenant),
    ]);
    const after = await readView(client, tenant);
    const still = after.applied === view.applied && after.duplicates === view.duplicates;
    if (still || attempt === 5) {
      return { tenant, log, letters, runs, view: after, pending, services };
    }
  }
}
