import { describe, expect, it } from "vitest";
import { extraVars } from "./local-env";

describe("SWITCHBOARD_VARS", () => {
  it("becomes one --var per Worker var", () => {
    expect(
      extraVars(
        '{"TEXT_PROVIDER":"openai-compatible","TEXT_PROVIDER_URL":"http://127.0.0.1:8812/v1"}',
      ),
    ).toEqual([
      "--var",
      "TEXT_PROVIDER:openai-compatible",
      "--var",
      "TEXT_PROVIDER_URL:http://127.0.0.1:8812/v1",
    ]);
  });

  it("adds nothing when unset", () => {
    expect(extraVars(undefined)).toEqual([]);
  });

  it("refuses anything but an object of strings", () => {
    expect(() => extraVars('["TEXT_PROVIDER"]')).toThrow(/JSON object/);
    expect(() => extraVars('{"INGEST_BURST":5}')).toThrow(/INGEST_BURST must be a string/);
  });
});
