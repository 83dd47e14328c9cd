import { NavLink } from "../router/link";

export type NavItem = { to: string; label: string; exact?: boolean };

/** The pages a role may open: real links, the current one marked for screen readers. */
export function Nav({ items, label }: { items: readonly NavItem[]; label: string }) {
  return (
    <nav className="app-nav" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} exact={item.exact ?? false}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The operator's pages. */
export const OPERATOR_NAV: readonly NavItem[] = [
  { to: "/", label: "Overview", exact: true },
  { to: "/events", label: "Events" },
  { to: "/runs", label: "Runs" },
  { to: "/trace", label: "Trace" },
  { to: "/dead-letters", label: "Dead letters" },
  { to: "/routes", label: "Routes" },
  { to: "/metrics", label: "Metrics" },
  { to: "/faults", label: "Faults" },
  { to: "/audit", label: "Audit" },
  { to: "/alerts", label: "Alerts" },
  { to: "/api-docs", label: "API" },
];

/** A tenant's pages, all about its own tenant. */
export function tenantNav(tenantId: string): NavItem[] {
  const base = `/tenants/${encodeURIComponent(tenantId)}`;
  return [
    { to: base, label: "Overview", exact: true },
    { to: `${base}/strategy`, label: "Strategy" },
    { to: `${base}/content`, label: "Content" },
    { to: `${base}/runs`, label: "Runs" },
    { to: "/trace", label: "Trace" },
  ];
}
