/**
 * Sets and maps that hold their first entry inline and create a real Set/Map only for a second
 * one. An account profile has several bounded sets (networks, countries, languages, models) and for
 * most accounts each holds a single value: an empty JS Set with its hash table costs ~150 bytes of
 * heap, this ~40. Insertion order is kept (the first entry, then the rest in insertion order), as a
 * Set's would be. `undefined` marks the empty first slot, so it cannot be a value or key.
 */

/** SameValueZero, the equality Set and Map use (NaN equals NaN, +0 equals -0). */
const same = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);

/** A set that keeps its first value inline. */
export class SmallSet<T extends NonNullable<unknown>> {
  private first: T | undefined = undefined;
  private rest: Set<T> | null = null;

  get size(): number {
    return (this.first === undefined ? 0 : 1) + (this.rest === null ? 0 : this.rest.size);
  }

  has(value: T): boolean {
    if (this.first !== undefined && same(this.first, value)) return true;
    return this.rest !== null && this.rest.has(value);
  }

  /** Adds `value` unless present or the set already holds `max`; true when it was added. */
  addBounded(value: T, max: number): boolean {
    if (this.has(value) || this.size >= max) return false;
    if (this.first === undefined) this.first = value;
    else (this.rest ??= new Set()).add(value);
    return true;
  }

  /** The values in insertion order. */
  *values(): IterableIterator<T> {
    if (this.first !== undefined) yield this.first;
    if (this.rest !== null) yield* this.rest;
  }

  /** A new Set of the values, in insertion order (for readers that want one). */
  toSet(): Set<T> {
    return new Set(this.values());
  }
}

/** A map that keeps its first entry inline. */
export class SmallMap<K extends NonNullable<unknown>, V> {
  private firstKey: K | undefined = undefined;
  private firstValue: V | undefined = undefined;
  private rest: Map<K, V> | null = null;

  get size(): number {
    return (this.firstKey === undefined ? 0 : 1) + (this.rest === null ? 0 : this.rest.size);
  }

  has(key: K): boolean {
    if (this.firstKey !== undefined && same(this.firstKey, key)) return true;
    return this.rest !== null && this.rest.has(key);
  }

  get(key: K): V | undefined {
    if (this.firstKey !== undefined && same(this.firstKey, key)) return this.firstValue;
    return this.rest === null ? undefined : this.rest.get(key);
  }

  /** Sets `key` (updating it in place when present, as Map.set does). */
  set(key: K, value: V): void {
    if (this.firstKey === undefined || same(this.firstKey, key)) {
      this.firstKey = key;
      this.firstValue = value;
    } else {
      (this.rest ??= new Map()).set(key, value);
    }
  }

  /** The entries in insertion order. */
  *entries(): IterableIterator<[K, V]> {
    if (this.firstKey !== undefined) yield [this.firstKey, this.firstValue as V];
    if (this.rest !== null) yield* this.rest;
  }

  /** A new Map of the entries, in insertion order. */
  toMap(): Map<K, V> {
    return new Map(this.entries());
  }
}
