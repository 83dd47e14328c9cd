/** The networks every article is announced on. */
export const NETWORKS = ["mastodon", "linkedin"] as const;
export type Network = (typeof NETWORKS)[number];

/** "…/sites/acme/best-budget-apps" → "Best budget apps". */
export function titleFromUrl(url: string): string {
  const slug = new URL(url).pathname.split("/").filter(Boolean).at(-1) ?? "";
  const words = decodeURIComponent(slug).replace(/[-_]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "A new article";
}

/** The text of an announcement, within the shortest network's limit (500 characters). */
export function composePost(network: Network, url: string): string {
  const title = titleFromUrl(url);
  const text =
    network === "linkedin"
      ? `New on our blog: ${title}. What we learned, and what we would do differently. ${url}`
      : `New: ${title} → ${url}`;
  return text.length <= 500 ? text : `${text.slice(0, 499)}…`;
}
