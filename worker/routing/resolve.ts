import { type Destination, type Message, matchesType, type RouteRule } from "../../events";

/** A destination reached by one rule, with the rule's id for hit counting. */
export type RoutedDestination = { rule: string; to: Destination };

/** Every destination the message reaches, once each, in rule order. */
export function resolveRoutes(rules: readonly RouteRule[], message: Message): RoutedDestination[] {
  const seen = new Set<string>();
  const out: RoutedDestination[] = [];
  for (const rule of rules) {
    if (!matchesType(rule.match, message.type)) continue;
    for (const to of rule.to) {
      const key = JSON.stringify(to);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ rule: rule.id, to });
    }
  }
  return out;
}
