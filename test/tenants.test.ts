import { describe, expect, it } from "vitest";
import { api, createTenant, postJson, uniqueTenant } from "./support/api";

describe("tenants", () => {
  it("creates a tenant with 201 and lists it", async () => {
    const id = uniqueTenant();
    const response = await postJson("/api/tenants", { id, name: "Brand" });
    expect(response.status).toBe(201);
    const list = (await (await api("/api/tenants")).json()) as {
      tenants: { id: string; name: string }[];
    };
    expect(list.tenants).toContainEqual(expect.objectContaining({ id, name: "Brand" }));
  });

  it("refuses a second tenant with the same id with 409", async () => {
    const id = await createTenant();
    const response = await postJson("/api/tenants", { id, name: "Again" });
    expect(response.status).toBe(409);
  });

  it("refuses an invalid tenant id with 422 and the field's error", async () => {
    const response = await postJson("/api/tenants", { id: "Not Valid!", name: "x" });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain("id");
  });

  it("answers 404 for a tenant that does not exist", async () => {
    expect((await api(`/api/tenants/${uniqueTenant("none")}`)).status).toBe(404);
  });
});
