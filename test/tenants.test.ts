import { describe, expect, it } from "vitest";
import { api, createTenant, postJson, uniqueTenant } from "./support/api";

describe("tenants", () => {
  it("creates a tenant with 201 and lists it", async () => {
    const id = uniqueTenant();
    const response = await postJson("/api/tenants", { id, name: "Brand" });
    expect(response.status).toBe(201);
    const list = (await (await api(`/api/tenants?q=${id}`)).json()) as {
      tenants: { id: string; name: string }[];
    };
    expect(list.tenants).toEqual([expect.objectContaining({ id, name: "Brand" })]);
  });

  it("lists tenants a page at a time by id, searched by id or name and filtered by status", async () => {
    // Given three tenants sharing a name, one of them paused
    const brand = `Pager ${crypto.randomUUID().slice(0, 8)}`;
    const ids = [uniqueTenant("pg"), uniqueTenant("pg"), uniqueTenant("pg")].sort();
    for (const id of ids) {
      expect((await postJson("/api/tenants", { id, name: brand })).status).toBe(201);
    }
    expect((await postJson(`/api/tenants/${ids[1]}/pause`, {})).status).toBe(200);
    type Page = { tenants: { id: string; status: string }[]; next_cursor: string | null };
    const page = async (query: string) =>
      (await (await api(`/api/tenants?${query}`)).json()) as Page;

    // When they are searched by name two at a time, following next_cursor
    const first = await page(`q=${encodeURIComponent(brand.toUpperCase())}&limit=2`);
    const second = await page(
      `q=${encodeURIComponent(brand)}&limit=2&cursor=${first.next_cursor ?? ""}`,
    );

    // Then the pages hold the three, by id, once each, and the last says so
    expect([...first.tenants, ...second.tenants].map((t) => t.id)).toEqual(ids);
    expect(second.next_cursor).toBeNull();
    // And the paused one is found by its status
    expect((await page(`q=${encodeURIComponent(brand)}&status=paused`)).tenants).toEqual([
      expect.objectContaining({ id: ids[1], status: "paused" }),
    ]);
    // And a cursor it did not give, or a status it does not know, is a 400 naming the field
    for (const query of ["cursor=nope", "status=sleeping"]) {
      const response = await api(`/api/tenants?${query}`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(query.split("=")[0]);
    }
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
