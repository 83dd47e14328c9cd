import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";
import { LOCAL_CONFIG_PATH, renderLocalConfig } from "./local-config";
import { alreadyExists, queuesToProvision } from "./provision-queues";
import { WORKER_CONFIGS } from "./workers";

type Config = {
  name: string;
  main: string;
  workers_dev?: boolean;
  durable_objects?: { bindings: { name: string; class_name: string; script_name?: string }[] };
  migrations?: { new_sqlite_classes?: string[] }[];
  queues?: {
    producers?: { binding: string; queue: string }[];
    consumers?: { queue: string; dead_letter_queue?: string }[];
  };
};

const root = join(import.meta.dirname, "..");
const read = (path: string) =>
  experimental_readRawConfig({ config: join(root, path) }).rawConfig as Config;
const SERVICES = {
  research: "research-commands",
  publisher: "publish-commands",
  social: "social-commands",
  analytics: "analytics-commands",
} as const;

describe("each reference service as its own Worker", () => {
  it.each(Object.entries(SERVICES))(
    "given services/%s/wrangler.jsonc, it consumes only its own command queue and sends only to events, agent-commands and its dead-letter queue",
    (service, queue) => {
      const config = read(`services/${service}/wrangler.jsonc`);
      expect(config.name).toBe(`switchboard-${service}`);
      expect(config.main).toBe("worker.ts");
      // No public URL: the platform serves the reads, with its access rules.
      expect(config.workers_dev).toBe(false);
      expect(config.queues?.consumers?.map((c) => [c.queue, c.dead_letter_queue])).toEqual([
        [queue, `${queue}-dlq`],
      ]);
      expect(config.queues?.producers?.map((p) => p.queue).sort()).toEqual(
        ["agent-commands", "events", `${queue}-dlq`].sort(),
      );
      // Its own objects are its classes; every other object it reads lives in another Worker.
      const own = (config.durable_objects?.bindings ?? []).filter((b) => !b.script_name);
      expect(own.map((b) => b.class_name)).toEqual(
        config.migrations?.flatMap((m) => m.new_sqlite_classes ?? []),
      );
    },
  );

  it("given the platform's wrangler.jsonc, it consumes no service's command queue and hosts no service's class", () => {
    const platform = read("wrangler.jsonc");
    const consumed = platform.queues?.consumers?.map((c) => c.queue) ?? [];
    for (const queue of Object.values(SERVICES)) expect(consumed).not.toContain(queue);
    const hosted = platform.migrations?.flatMap((m) => m.new_sqlite_classes ?? []) ?? [];
    expect(hosted.sort()).toEqual(["FaultStore", "OpsAgent", "TenantAgent"]);
    for (const b of platform.durable_objects?.bindings ?? []) {
      if (b.class_name.endsWith("Service"))
        expect(b.script_name, b.name).toMatch(
          /^switchboard-(research|publisher|social|analytics)$/,
        );
    }
  });

  it("given every binding to another Worker, that Worker is deployed and hosts the class", () => {
    const configs = WORKER_CONFIGS.map(read);
    const hosts = new Map(
      configs.map((c) => [c.name, c.migrations?.flatMap((m) => m.new_sqlite_classes ?? []) ?? []]),
    );
    for (const config of configs) {
      for (const b of config.durable_objects?.bindings ?? []) {
        if (b.script_name)
          expect(hosts.get(b.script_name), `${config.name} ${b.name}`).toContain(b.class_name);
      }
    }
  });
});

describe("the local composition (wrangler.local.jsonc)", () => {
  it("is what `npm run config:local` makes of the deployed configs now", () => {
    expect(readFileSync(LOCAL_CONFIG_PATH, "utf8")).toBe(renderLocalConfig());
  });
});

describe("queue provisioning (npm run provision)", () => {
  it("creates every queue any Worker names, with each dead-letter queue and its own", () => {
    const queues = queuesToProvision();
    const consumed = ["events", "agent-commands", ...Object.values(SERVICES)];
    expect(queues).toEqual(
      [
        ...consumed,
        ...consumed.map((q) => `${q}-dlq`),
        ...consumed.map((q) => `${q}-dlq-dlq`),
      ].sort(),
    );
  });

  it("takes wrangler's 'already exists' answer as done, and any other failure as a failure", () => {
    expect(alreadyExists("A queue with this name already exists. [code: 11009]")).toBe(true);
    expect(alreadyExists("Authentication error [code: 10000]")).toBe(false);
  });
});
