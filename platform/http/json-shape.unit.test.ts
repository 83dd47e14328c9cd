import { describe, expect, it } from "vitest";
import { jsonShapeProblem } from "./json-shape";

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("jsonShapeProblem", () => {
  it("accepts ordinary JSON, emoji and right-to-left text included", () => {
    expect(jsonShapeProblem({ a: [1, "x", null, { b: "😀 مرحبا" }], c: true })).toBeNull();
  });

  it("refuses nesting deeper than the limit, however deep", () => {
    expect(jsonShapeProblem(nested(32))).toBeNull();
    expect(jsonShapeProblem(nested(33))).toMatch(/deeper than 32/);
    expect(jsonShapeProblem(nested(200_000))).toMatch(/deeper than 32/);
  });

  it("refuses a __proto__ key at any depth", () => {
    expect(jsonShapeProblem(JSON.parse('{"__proto__": {"admin": true}}'))).toMatch(/__proto__/);
    expect(jsonShapeProblem(JSON.parse('{"a": [{"__proto__": 1}]}'))).toMatch(/"a.0"/);
  });

  it("refuses lone surrogates in strings and keys", () => {
    expect(jsonShapeProblem({ name: "a\ud800b" })).toMatch(/"name" is not valid Unicode/);
    expect(jsonShapeProblem(Object.fromEntries([["\udc00", 1]]))).toMatch(/key/);
    expect(jsonShapeProblem("\ud83d\ude00")).toBeNull();
  });
});
