/**
 * An open-addressing hash table from 32-bit shingle hashes to two counters (users, suspects), in
 * typed arrays. A JavaScript Map is several times slower here: most 32-bit hashes are above 2^30,
 * so V8 boxes them as heap numbers and hashes them as doubles, for every shingle of every prompt.
 */

const EMPTY = 0;
/** Hash 0 is stored as this value, so that 0 can mean "empty". */
const ZERO_KEY = 0x9e3779b9 | 0;

const toKey = (shingle: number): number => (shingle === 0 ? ZERO_KEY : shingle | 0);

export class ShingleTable {
  private keys: Int32Array;
  /** Distinct accounts per entry. */
  users: Uint32Array;
  /** Distinct suspicious accounts per entry. */
  suspects: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.keys = new Int32Array(capacity);
    this.users = new Uint32Array(capacity);
    this.suspects = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The slot of `shingle`, or -1. */
  find(shingle: number): number {
    const key = toKey(shingle);
    const slot = this.probe(key);
    return this.keys[slot] === key ? slot : -1;
  }

  /** The slot of `shingle`, inserting it (with zero counts) when absent. */
  findOrInsert(shingle: number): number {
    if ((this.count + 1) * 2 > this.keys.length) this.resize(this.keys.length * 2, () => true);
    const key = toKey(shingle);
    const slot = this.probe(key);
    if (this.keys[slot] !== key) {
      this.keys[slot] = key;
      this.users[slot] = 0;
      this.suspects[slot] = 0;
      this.count++;
    }
    return slot;
  }

  /** Linear probing: the slot holding `key`, or the empty slot where it would go. */
  private probe(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (keys[slot] !== key && keys[slot] !== EMPTY) slot = (slot + 1) & mask;
    return slot;
  }

  /** Rebuilds the table keeping only entries for which `keep(users, suspects, shingle)` is true. */
  retain(keep: (users: number, suspects: number, shingle: number) => boolean): void {
    this.resize(this.keys.length, keep);
  }

  private resize(capacity: number, keep: (users: number, suspects: number, shingle: number) => boolean): void {
    const oldKeys = this.keys;
    const oldUsers = this.users;
    const oldSuspects = this.suspects;
    this.keys = new Int32Array(capacity);
    this.users = new Uint32Array(capacity);
    this.suspects = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i]!;
      if (key === EMPTY) continue;
      const shingle = key === ZERO_KEY ? 0 : key >>> 0;
      if (!keep(oldUsers[i]!, oldSuspects[i]!, shingle)) continue;
      const slot = this.probe(key);
      this.keys[slot] = key;
      this.users[slot] = oldUsers[i]!;
      this.suspects[slot] = oldSuspects[i]!;
      this.count++;
    }
  }
}
