/** The demo tenants `npm start` creates: three brands with different strategies. */
export const DEMO_TENANTS = [
  { id: "acme-finance", name: "Acme Finance" },
  { id: "green-garden", name: "Green Garden Co" },
  { id: "trailhead-outdoors", name: "Trailhead Outdoors" },
] as const;

/** Creates the demo tenants over the API; ones that already exist are left as they are. */
export async function seedDemoTenants(
  origin: string,
  headers: Record<string, string> = {},
): Promise<string[]> {
  for (const tenant of DEMO_TENANTS) {
    const response = await fetch(`${origin}/api/tenants`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(tenant),
    });
    if (!response.ok && response.status !== 409) {
      throw new Error(
        `could not create demo tenant ${tenant.id}: ${response.status} ${await response.text()}`,
      );
    }
  }
  return DEMO_TENANTS.map((t) => t.id);
}
