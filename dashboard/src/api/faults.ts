/** Fault injection into the reference services (operators only). */
import type { FaultInput } from "../../../events/faults";
import { getJson, type RequestOptions, seg, sendCommand, sendJson } from "./client";
import { FaultState, ServiceList } from "./schemas";

/** Every reference service with its command queue and current fault (null when healthy). */
export async function listServices(options?: RequestOptions) {
  return (await getJson("/api/services", ServiceList, options)).services;
}

/** Sets (replaces) a service's fault; 422 with field errors when it is not valid. */
export function setFault(service: string, fault: FaultInput) {
  return sendJson("PUT", `/api/services/${seg(service)}/faults`, fault, FaultState);
}

export function clearFault(service: string) {
  return sendCommand("DELETE", `/api/services/${seg(service)}/faults`);
}
