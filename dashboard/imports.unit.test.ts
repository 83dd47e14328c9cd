import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The dashboard runs in browsers: of the server's code it may run only what is pure and
// browser-safe. Everything else it imports as types (erased at build time). The
// contract, events/, is not server code: its schemas (the response bodies' among them)
// run here exactly as on the server, so the dashboard imports them freely.
const BROWSER_SAFE = new Set(["agents/tenant/strategy", "services/faults/config"]);
const SERVER_FOLDERS = /^(agents|worker|workflows|services)\//;

const root = new URL("..", import.meta.url).pathname;
const src = join(root, "dashboard", "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.tsx?$/.test(entry.name) && !/\.unit\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the dashboard's imports", () => {
  it("run nothing of the server but the strategy and fault schemas", () => {
    const offending: string[] = [];
    for (const file of files(src)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"([^"]+)";/gms)) {
        const [, typeOnly, spec] = match;
        if (typeOnly || !spec?.startsWith(".")) continue;
        const target = relative(root, join(file, "..", spec)).replace(/\.tsx?$/, "");
        if (SERVER_FOLDERS.test(target) && !BROWSER_SAFE.has(target)) {
          offending.push(`${relative(root, file)} → ${target}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
