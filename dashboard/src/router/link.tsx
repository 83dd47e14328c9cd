import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { navigate, useLocation } from "./router";

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/**
 * A real link (it opens in a new tab, copies, and works without JavaScript's help)
 * that moves within the app without reloading on a plain click.
 */
export function Link({ to, onClick, ...rest }: Props) {
  function handle(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={handle} {...rest} />;
}

/** A navigation link that says when it is the current page (`aria-current`). */
export function NavLink({ to, exact = false, ...rest }: Props & { exact?: boolean }) {
  const { pathname } = useLocation();
  const path = to.split("?")[0] ?? to;
  const current = exact ? pathname === path : pathname === path || pathname.startsWith(`${path}/`);
  return <Link to={to} aria-current={current ? "page" : undefined} {...rest} />;
}
