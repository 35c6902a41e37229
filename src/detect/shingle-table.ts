/**
 * An open-addressing hash table from 32-bit shingle hashes to three counters (users, established
 * users, suspects), in one typed array. A JavaScript Map is several times slower here: most 32-bit hashes are above 2^30,
 * so V8 boxes them as heap numbers and hashes them as doubles, for every shingle of every prompt.
 *
 * Each entry is three adjacent int32 cells, key, users, suspects: a lookup that finds its key has
 * the counts in the same cache line (the template table holds hundreds of thousands of entries, beyond the cache, so
 * separate arrays for keys and counts cost a second and third cache miss per hit). Three cells
 * rather than four keeps the memory of the three separate arrays it replaces; an entry straddles
 * two cache lines about one time in eight.
 */

const EMPTY = 0;
/** Hash 0 is stored as this value, so that 0 can mean "empty". */
const ZERO_KEY = 0x9e3779b9 | 0;
/** Cells per entry, and the offsets of the counters within an entry. */
const STRIDE = 3;
const USERS = 1;
const SUSPECTS = 2;
/**
 * The users cell holds two counters: distinct users in its low 24 bits (saturating at 16.7 million),
 * and in its high 8 bits how many of them were established accounts when they first used the
 * shingle (saturating at 255: the cohort test only asks whether there were none or one or two, see
 * TemplateTable). Packed, so that the cohort counter costs no memory: the table is the engine's
 * largest structure.
 */
const USERS_MASK = 0xffffff;
/** Most users a cell can count. */
export const MAX_USERS = USERS_MASK;
/** Most established users a cell can count; a saturated count means "many". */
export const MAX_ESTABLISHED = 255;
const ESTABLISHED_ONE = 1 << 24;

const toKey = (shingle: number): number => (shingle === 0 ? ZERO_KEY : shingle | 0);

export class ShingleTable {
  /** `[key, users, suspects]` per slot; a slot is named by the index of its key cell. */
  private cells: Int32Array;
  /** Slots - 1 (a power of two minus one). */
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.cells = new Int32Array(capacity * STRIDE);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The slot of `shingle`, or -1. Valid until the next insertion or `retain`. */
  find(shingle: number): number {
    const key = toKey(shingle);
    const slot = this.probe(key);
    return this.cells[slot] === key ? slot : -1;
  }

  /** The slot of `shingle`, inserting it (with zero counts) when absent. */
  findOrInsert(shingle: number): number {
    if ((this.count + 1) * 2 > this.mask + 1) this.resize((this.mask + 1) * 2, () => true);
    const key = toKey(shingle);
    const slot = this.probe(key);
    const cells = this.cells;
    if (cells[slot] !== key) {
      cells[slot] = key;
      cells[slot + USERS] = 0;
      cells[slot + SUSPECTS] = 0;
      this.count++;
    }
    return slot;
  }

  /** Distinct accounts of the entry at `slot`. */
  users(slot: number): number {
    return this.cells[slot + USERS]! & USERS_MASK;
  }

  /** How many of the entry's users were established accounts when they first used it (saturates at MAX_ESTABLISHED). */
  established(slot: number): number {
    return this.cells[slot + USERS]! >>> 24;
  }

  /** Distinct suspicious accounts of the entry at `slot`. */
  suspects(slot: number): number {
    return this.cells[slot + SUSPECTS]!;
  }

  /** Sets the users count (saturating at MAX_USERS); the established count is kept. */
  setUsers(slot: number, users: number): void {
    const cell = this.cells[slot + USERS]!;
    this.cells[slot + USERS] = (cell & ~USERS_MASK) | Math.min(users, MAX_USERS);
  }

  /** Counts one more established user (saturating at MAX_ESTABLISHED). */
  addEstablished(slot: number): void {
    if (this.cells[slot + USERS]! >>> 24 < MAX_ESTABLISHED) this.cells[slot + USERS]! += ESTABLISHED_ONE;
  }

  /** Sets both counters of the users cell (a copy of another table's entry). */
  setUsersAndEstablished(slot: number, users: number, established: number): void {
    this.cells[slot + USERS] = (Math.min(established, MAX_ESTABLISHED) << 24) | Math.min(users, MAX_USERS);
  }

  setSuspects(slot: number, suspects: number): void {
    this.cells[slot + SUSPECTS] = suspects;
  }

  /** Linear probing: the slot holding `key`, or the empty slot where it would go. */
  private probe(key: number): number {
    const cells = this.cells;
    const mask = this.mask;
    let index = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    let slot = index * STRIDE;
    while (cells[slot] !== key && cells[slot] !== EMPTY) {
      index = (index + 1) & mask;
      slot = index * STRIDE;
    }
    return slot;
  }

  /** Rebuilds the table keeping only entries for which `keep(users, suspects, shingle)` is true. */
  retain(keep: (users: number, suspects: number, shingle: number) => boolean): void {
    this.resize(this.mask + 1, keep);
  }

  private resize(capacity: number, keep: (users: number, suspects: number, shingle: number) => boolean): void {
    const old = this.cells;
    this.cells = new Int32Array(capacity * STRIDE);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += STRIDE) {
      const key = old[i]!;
      if (key === EMPTY) continue;
      const shingle = key === ZERO_KEY ? 0 : key >>> 0;
      const usersCell = old[i + USERS]!;
      const suspects = old[i + SUSPECTS]!;
      if (!keep(usersCell & USERS_MASK, suspects, shingle)) continue;
      const slot = this.probe(key);
      this.cells[slot] = key;
      this.cells[slot + USERS] = usersCell;
      this.cells[slot + SUSPECTS] = suspects;
      this.count++;
    }
  }
}
