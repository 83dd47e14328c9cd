/**
 * The demo tenants `npm start` creates: three brands with different strategies (keywords,
 * thresholds, articles per cycle, article template), whose cycles run every minute so
 * the platform shows its loop at work right away. None waits for approval, so each
 * publishes articles untouched within a couple of minutes; turn `require_approval` on for
 * one (PUT its strategy) to try approving and rejecting runs. Green Garden's pages are
 * checked every cycle, so analytics asks for its first refreshes a minute or two after
 * they are published (services/analytics/README.md).
 */
export const DEMO_TENANTS = [
  {
    id: "acme-finance",
    name: "Acme Finance",
    strategy: {
      cycle_cron: "* * * * *",
      research_interval_days: 0,
      seed_keywords: [
        "budget apps",
        "crypto tax",
        "best credit cards",
        "how to save money",
        "retirement calculator",
        "emergency fund",
      ],
      max_difficulty: 50,
      min_volume: 100,
      max_articles_per_cycle: 1,
      template: "guide",
    },
  },
  {
    id: "green-garden",
    name: "Green Garden Co",
    strategy: {
      cycle_cron: "* * * * *",
      research_interval_days: 0,
      seed_keywords: [
        "raised bed garden",
        "composting tips",
        "best tomato varieties",
        "organic pest control",
      ],
      max_difficulty: 60,
      min_volume: 50,
      max_articles_per_cycle: 2,
      template: "how-to",
      // Pages checked every cycle and judged at once, so the loop's last step shows
      // within minutes: analytics' local figures for two of the three pages it keeps
      // miss the default thresholds (10 clicks, position 20); two refreshes a week.
      performance_check_days: 0,
      refresh_check_after_days: 0,
      refresh_max_per_week: 2,
    },
  },
  {
    id: "trailhead-outdoors",
    name: "Trailhead Outdoors",
    strategy: {
      cycle_cron: "* * * * *",
      research_interval_days: 0,
      seed_keywords: [
        "trail running shoes",
        "buy hiking boots",
        "ultralight tent review",
        "how to layer for hiking",
      ],
      max_difficulty: 45,
      min_volume: 100,
      max_articles_per_cycle: 2,
      template: "listicle",
    },
  },
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
