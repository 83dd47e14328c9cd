/**
 * Token buckets keyed by caller: each key holds up to `burst` tokens, refilled at
 * `ratePerSecond`; a request takes one. Pure and clock-injected, so tests need no waiting.
 *
 * The buckets live in the memory of one isolate: a busy deployment runs several
 * isolates, each with its own buckets, so the limit is per isolate, not global
 * (docs/SECURITY.md says what that means).
 */
export type BucketOptions = { ratePerSecond: number; burst: number; maxKeys?: number };

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(
    private readonly options: BucketOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new Error("a token bucket needs ratePerSecond > 0 and burst >= 1");
    }
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes one token for `key`, or says how many whole seconds until one is there. */
  take(key: string): TakeResult {
    return this.takeMany(key, 1);
  }

  /**
   * Takes `count` tokens for `key` at once, or none: a request of many messages is let
   * through whole or refused whole, and a refused one costs nothing. A count above the
   * burst is capped at it, so one large request can still pass a full bucket.
   */
  takeMany(key: string, count: number): TakeResult {
    const now = this.now();
    const bucket = this.refilled(key, now);
    const needed = Math.min(Math.max(1, count), this.options.burst);
    if (bucket.tokens >= needed) {
      bucket.tokens -= needed;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    const seconds = (needed - bucket.tokens) / this.options.ratePerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  }

  /**
   * Whether `takeMany(key, count)` would pass now, taking nothing: lets a caller refuse a
   * request before the work of reading it in full.
   */
  peek(key: string, count: number): TakeResult {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return { ok: true, remaining: this.options.burst };
    const elapsed = Math.max(0, this.now() - bucket.updatedAt) / 1000;
    const tokens = Math.min(
      this.options.burst,
      bucket.tokens + elapsed * this.options.ratePerSecond,
    );
    const needed = Math.min(Math.max(1, count), this.options.burst);
    if (tokens >= needed) return { ok: true, remaining: Math.floor(tokens) };
    const seconds = (needed - tokens) / this.options.ratePerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  }

  private refilled(key: string, now: number): Bucket {
    const { ratePerSecond, burst } = this.options;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.evictIfFull();
      bucket = { tokens: burst, updatedAt: now };
    } else {
      const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
      bucket.tokens = Math.min(burst, bucket.tokens + elapsed * ratePerSecond);
      bucket.updatedAt = now;
      // Re-inserting keeps the map in least-recently-used order for eviction.
      this.buckets.delete(key);
    }
    this.buckets.set(key, bucket);
    return bucket;
  }

  // Memory stays bounded however many subjects call: the least recently used goes first.
  // An evicted key comes back with a full bucket, which only ever errs towards allowing.
  private evictIfFull(): void {
    if (this.buckets.size < this.maxKeys) return;
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
