import { createSiteApp } from "../../services";
import { isRegisteredTenant } from "../routing/tenant-registry";

/** Whether a tenant is registered, from this isolate's registry cache. */
export async function registeredInIsolate(env: Env, tenantId: string): Promise<boolean> {
  return (await isRegisteredTenant(env, tenantId)).registered;
}

/** The publisher's pages at /sites, told which tenants exist by this Worker's registry. */
export const siteApp = createSiteApp(registeredInIsolate);
