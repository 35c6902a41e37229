/**
 * Shares one computation of a read model among everyone asking for it within `ttlMs`: with live
 * updates every open dashboard refetches at each change, and N viewers must not cost N queries.
 * Failures are not kept; `clear()` (after an analyst acts) makes the next read fresh.
 */
export class ResultCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.value as Promise<T>;
    const value = compute();
    this.entries.set(key, { at: this.now(), value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    // bounded: only a handful of keys are live at once (ranges, open campaigns)
    if (this.entries.size > 200) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
