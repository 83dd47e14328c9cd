/**
 * A small deterministic generator of hostile input: a seeded PRNG (mulberry32) and
 * builders for what clients get wrong or attackers try. The same seed gives the same
 * cases on every run, so a failure names a case that can be replayed.
 */

/** mulberry32: 32-bit state, good enough spread for test data, fully reproducible. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
  };
}
export type Prng = ReturnType<typeof prng>;

/** Strings that are not what a field wants: odd Unicode, huge, empty, lookalikes. */
export function oddString(r: Prng): string {
  const kinds: (() => string)[] = [
    () => "",
    () => " ".repeat(r.int(1, 5)),
    () => "\u0000null\u0000byte",
    () => `lone \ud800 surrogate`,
    () => `reversed \udfff order \ud800`,
    () => "\u202Eevil\u202C right-to-left override",
    () => "zero\u200Bwidth\u200Djoiner\uFEFF",
    () => "Ａｃｍｅ fullwidth",
    () => "ACME-UPPER",
    () => "emoji-😀-🏳️‍🌈",
    () => "combining e\u0301\u0301\u0301\u0301",
    () => "../../etc/passwd",
    () => "<script>alert(1)</script>",
    () => "'; DROP TABLE tenants; --",
    () => "a".repeat(r.int(64, 300)),
    () => "x".repeat(r.int(20_000, 70_000)),
    () => "\n\r\t\v\f",
    () => "%00%2e%2e%2f",
  ];
  return r.pick(kinds)();
}

/** Values of the wrong JSON type for any field. */
export function wrongType(r: Prng): unknown {
  const kinds: (() => unknown)[] = [
    () => null,
    () => r.int(-1e9, 1e9),
    () => 1e308 * 10, // serialises as null
    () => true,
    () => [],
    () => [oddString(r)],
    () => ({}),
    () => ({ nested: { deeper: [1, 2, 3] } }),
    () => -0,
    () => 2.5,
  ];
  return r.pick(kinds)();
}

/** Arrays inside arrays, `depth` deep, as JSON text (too deep for the API to accept). */
export function deepJson(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}

/** Objects inside objects, `depth` deep, as JSON text. */
export function deepObjectJson(depth: number, key = "a"): string {
  return `${`{"${key}":`.repeat(depth)}1${"}".repeat(depth)}`;
}

/** Text that is not JSON, or JSON cut short, or JSON with JavaScript's extras. */
export function malformedJson(r: Prng): string {
  const kinds: (() => string)[] = [
    () => "",
    () => "{",
    () => '{"id": "a",}',
    () => "{'id': 'a'}",
    () => '{"id": NaN}',
    () => '{"id": undefined}',
    () => "[1, 2,, 3]",
    () => '{"id": "unterminated}',
    () => "// comment\n{}",
    () => "\uFEFF{}".repeat(2),
    () => '{"a": 1}{"b": 2}',
    () => "null garbage",
    () => '"\\ud800"x',
    () => `{"id": "${"\\".repeat(3)}"}`,
  ];
  return r.pick(kinds)();
}

/** Bytes that are not UTF-8 at all. */
export function invalidUtf8(r: Prng): Uint8Array {
  const bytes = [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22];
  for (let i = 0; i < r.int(1, 8); i++) bytes.push(r.pick([0xff, 0xfe, 0xc0, 0x80, 0xed]));
  bytes.push(0x22, 0x7d);
  return new Uint8Array(bytes);
}

/**
 * Percent-encodes for a URL, lone surrogates included: they become the bytes a careless
 * encoder would send for them (ED A0 80), which are not UTF-8 either.
 */
export function encodeOdd(text: string): string {
  return text
    .split(/\p{Cs}/u)
    .map((part) => encodeURIComponent(part))
    .join("%ED%A0%80");
}
