import type { QueueDiscipline } from '../scenario/spec.ts';

/** The waiting line of a replica: which waiting job a freed worker takes next. */
export interface JobQueue<T> {
  readonly size: number;
  push(item: T, tier: number): void;
  /** Removes and returns the next item; undefined when empty. */
  pop(): T | undefined;
}

/**
 * First in, first out, on a growable ring buffer (no shifting, no allocation per item). Its
 * length is a power of two, so positions wrap with a mask instead of a division.
 */
export class FifoQueue<T> implements JobQueue<T> {
  private items: (T | undefined)[] = new Array(16);
  private mask = 15;
  private head = 0;
  size = 0;

  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & this.mask] = item;
    this.size++;
  }

  private grow(): void {
    const old = this.items;
    const next: (T | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.mask = next.length - 1;
    this.head = 0;
  }

  /** Removes one item wherever it is (rare: a waiter that gave up). */
  remove(item: T): boolean {
    const n = this.items.length;
    for (let i = 0; i < this.size; i++) {
      if (this.items[(this.head + i) % n] !== item) continue;
      for (let k = i; k < this.size - 1; k++)
        this.items[(this.head + k) % n] = this.items[(this.head + k + 1) % n];
      this.items[(this.head + this.size - 1) % n] = undefined;
      this.size--;
      return true;
    }
    return false;
  }

  /** The oldest item, left in place; undefined when empty. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return item;
  }
}

/** Last in, first out: the newest request is served first, so under overload fresh requests still succeed. */
export class LifoQueue<T> implements JobQueue<T> {
  private items: T[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: T): void {
    this.items.push(item);
  }
  pop(): T | undefined {
    return this.items.pop();
  }
}

/** Lowest tier first (tier 0 is the most important), FIFO within a tier. */
export class PriorityQueue<T> implements JobQueue<T> {
  private readonly tiers: FifoQueue<T>[] = [];
  size = 0;

  push(item: T, tier: number): void {
    while (this.tiers.length <= tier) this.tiers.push(new FifoQueue<T>());
    this.tiers[tier].push(item);
    this.size++;
  }

  pop(): T | undefined {
    for (const q of this.tiers) {
      if (q.size > 0) {
        this.size--;
        return q.pop();
      }
    }
    return undefined;
  }
}

export function createJobQueue<T>(discipline: QueueDiscipline): JobQueue<T> {
  switch (discipline) {
    case 'fifo':
      return new FifoQueue<T>();
    case 'lifo':
      return new LifoQueue<T>();
    case 'priority':
      return new PriorityQueue<T>();
  }
}
