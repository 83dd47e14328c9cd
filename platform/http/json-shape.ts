/**
 * Checks parsed JSON for shapes no request of this API ever needs and some code handles
 * badly: nesting deeper than `maxDepth`, `__proto__` keys (prototype pollution bait
 * for any later Object.assign or merge), and lone UTF-16 surrogates (not Unicode text;
 * they turn into replacement characters or errors once stored or encoded).
 * Iterative, so a hostile depth cannot overflow the stack. Returns a problem or null.
 */
export function jsonShapeProblem(value: unknown, maxDepth = 32): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: "" }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    if (typeof item.value === "string") {
      if (LONE_SURROGATE.test(item.value)) return `${label(item.path)} is not valid Unicode text`;
      continue;
    }
    if (typeof item.value !== "object" || item.value === null) continue;
    if (item.depth >= maxDepth) return `the body nests deeper than ${maxDepth} levels`;
    for (const [key, child] of Object.entries(item.value)) {
      if (key === "__proto__") return `${label(item.path)} has a "__proto__" key`;
      if (LONE_SURROGATE.test(key))
        return `${label(item.path)} has a key that is not valid Unicode`;
      stack.push({ value: child, depth: item.depth + 1, path: join(item.path, key) });
    }
  }
  return null;
}

// With the `u` flag a well-formed pair is one code point; only unpaired halves match.
const LONE_SURROGATE = /\p{Cs}/u;

function join(path: string, key: string): string {
  return path === "" ? key.slice(0, 64) : `${path}.${key.slice(0, 64)}`;
}

function label(path: string): string {
  return path === "" ? "the body" : `"${path.slice(0, 200)}"`;
}
