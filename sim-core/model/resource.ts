import type { JobQueue } from './queue-discipline.ts';

/**
 * Capacity with a waiting line, after SimPy's `Resource`: `capacity` slots, the number held,
 * and the items waiting for one in their line's order. A request that finds a slot free takes
 * it ({@link take}); otherwise it waits ({@link wait}); when a slot is freed ({@link release})
 * the owner asks for the {@link next} waiter and decides what it does with it (it may drop it
 * without taking the slot: a cancelled or expired request).
 *
 * Used for a replica's workers and their queue, a bulkhead's slots and its waiting calls, and
 * a message queue's consumers and its visible messages.
 */
export class Resource<T, Q extends JobQueue<T> = JobQueue<T>> {
  /** Slots held now. */
  busy = 0;

  constructor(
    /** Slots in all (capacity faults change a worker pool's). */
    public capacity: number,
    /** The waiting line. */
    readonly waiting: Q,
  ) {}

  /** True while a slot is free. */
  hasFree(): boolean {
    return this.busy < this.capacity;
  }

  /** Takes a slot (the caller checked {@link hasFree}, or takes one beyond it on purpose). */
  take(): void {
    this.busy++;
  }

  release(): void {
    this.busy--;
  }

  /** Puts an item in the waiting line (`tier`: for a priority line). */
  wait(item: T, tier: number): void {
    this.waiting.push(item, tier);
  }

  /** The next waiting item when a slot is free, removed from the line; undefined otherwise. */
  next(): T | undefined {
    return this.busy < this.capacity && this.waiting.size > 0 ? this.waiting.pop() : undefined;
  }
}
