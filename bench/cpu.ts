import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second for /proc times (USER_HZ is 100 on Linux). */
const TICKS_PER_SECOND = 100;

function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const parent = Number(fields[1]);
      const list = map.get(parent) ?? [];
      list.push(Number(entry));
      map.set(parent, list);
    } catch {
      // The process ended while we looked.
    }
  }
  return map;
}

/** CPU seconds (user + system) used so far by a process and all its descendants. */
export function treeCpuSeconds(rootPid: number): number {
  const tree = children();
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone already.
    }
    stack.push(...(tree.get(pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}
