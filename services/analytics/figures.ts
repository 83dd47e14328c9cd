import type { PayloadOf } from "../../events";
import { digest } from "../shared/hash";

type Period = PayloadOf<"performance.requested">["period"];

/** Search performance of one page over one period. */
export type Figures = { impressions: number; clicks: number; position: number };

const DAYS: Record<Period, number> = { "7d": 7, "28d": 28, "90d": 90 };

/**
 * Plausible search figures for a page, derived from a hash of its URL and the period:
 * the same question always gets the same answer, and different pages differ the way
 * real ones do. Daily impressions grow with the period; the click-through rate falls
 * with the average position, as search results' do.
 */
export async function performanceFigures(url: string, period: Period): Promise<Figures> {
  const page = await digest(url, 4);
  const noise = await digest(`${url}|${period}`, 4);
  const unit = (bytes: Uint8Array, i: number) => (bytes[i] ?? 0) / 255;

  // A page's own level: 5 to 400 impressions a day, an average position of 1 to 45.
  const daily = 5 + unit(page, 0) * unit(page, 1) * 395;
  const position = Math.round((1 + 44 * unit(page, 2) ** 1.6) * 10) / 10;
  // The period's own wobble: ±15 % on impressions, ±20 % on clicks.
  const impressions = Math.round(daily * DAYS[period] * (0.85 + 0.3 * unit(noise, 0)));
  const ctr = 0.3 / position ** 0.9;
  const clicks = Math.min(
    impressions,
    Math.round(impressions * ctr * (0.8 + 0.4 * unit(noise, 1))),
  );
  return { impressions, clicks, position };
}
