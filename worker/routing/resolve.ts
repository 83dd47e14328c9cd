import {
  type Destination,
  type Message,
  matchesType,
  type Predicate,
  type RouteRule,
  type TenantSettings,
} from "../../events";
import { evaluatePredicate } from "./predicates";

/** A destination reached by one rule, with the rule's id for hit counting. */
export type RoutedDestination = { rule: string; to: Destination };

/**
 * Every destination the message reaches, once each, in rule order: rules whose type
 * pattern matches and whose predicate (if any) holds for the message and its tenant's
 * settings. Pure.
 */
export function resolveRoutes(
  rules: readonly RouteRule[],
  message: Message,
  settings: TenantSettings,
): RoutedDestination[] {
  const seen = new Set<string>();
  const out: RoutedDestination[] = [];
  for (const rule of rules) {
    if (!matchesType(rule.match, message.type)) continue;
    if (rule.when && !evaluatePredicate(rule.when, { message, settings })) continue;
    for (const to of rule.to) {
      const key = JSON.stringify(to);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ rule: rule.id, to });
    }
  }
  return out;
}

/**
 * Whether any rule names the type at all. A type no rule names is a gap in the table
 * (dead-lettered); a type whose rules' predicates all fail is routed nowhere on purpose.
 */
export function hasRuleFor(rules: readonly RouteRule[], type: string): boolean {
  return rules.some((rule) => matchesType(rule.match, type));
}

/**
 * Whether routing a message of this type reads its tenant's settings: some matching
 * rule has a predicate on them. Only those messages make the fan-out look settings up.
 */
export function readsSettings(rules: readonly RouteRule[], type: string): boolean {
  return rules.some(
    (rule) => matchesType(rule.match, type) && rule.when !== undefined && namesSetting(rule.when),
  );
}

function namesSetting(predicate: Predicate): boolean {
  if ("all" in predicate) return predicate.all.some(namesSetting);
  if ("any" in predicate) return predicate.any.some(namesSetting);
  if ("not" in predicate) return namesSetting(predicate.not);
  return "tenant_setting" in predicate;
}
