import { MinTree } from './min-tree.ts';

/**
 * A replica slot's place in its service's replica set. A service without autoscaling has every
 * slot READY for the whole run; an autoscaled one preallocates `maxReplicas` slots (so node
 * names, indices and random streams never move) and walks each through these states.
 */
export const SLOT_ABSENT = 0;
/** Created, not serving yet (scheduling, image pull, start-up): out of rotation. */
export const SLOT_PROVISIONING = 1;
/** In rotation: the balancer may pick it. */
export const SLOT_READY = 2;
/** Scaled in: out of rotation, finishing what it holds, then absent. */
export const SLOT_DRAINING = 3;

/**
 * A failover standby (`control/failover.ts`): up, out of rotation until promoted; a demoted active
 * is one too (unfenced, it finishes what it holds).
 */
export const SLOT_STANDBY = 4;

/** Slot state names, indexed by state (for messages and tests). */
export const SLOT_STATE_NAMES = ['absent', 'provisioning', 'ready', 'draining', 'standby'] as const;

/** Below this many slots the least-outstanding scan is cheaper than keeping the tree current. */
export const INDEXED_MIN_SLOTS = 16;

/**
 * The balancer's view of one service: attempts outstanding per slot, which slots are in
 * rotation, and (for least-outstanding over many slots, or over a set that changes) a min-tree
 * of the outstanding counts with the slots out of rotation masked, so a pick costs O(log n).
 */
export class ReplicaLoad {
  /** Attempts sent to each slot and not yet ended at their callers. */
  readonly outstanding: Int32Array;
  /** 1 while the slot is in rotation (READY). */
  readonly inRotation: Uint8Array;
  /** Slots in rotation. */
  rotating: number;
  readonly tree: MinTree | null;

  constructor(slots: number, initiallyReady: number, indexed: boolean) {
    this.outstanding = new Int32Array(slots);
    this.inRotation = new Uint8Array(slots);
    this.inRotation.fill(1, 0, initiallyReady);
    this.rotating = initiallyReady;
    this.tree = indexed ? new MinTree(slots) : null;
    if (this.tree !== null) for (let i = 0; i < initiallyReady; i++) this.tree.set(i, 0);
  }

  /** True while every slot is in rotation (always, without autoscaling). */
  get all(): boolean {
    return this.rotating === this.outstanding.length;
  }

  add(slot: number, delta: number): void {
    const v = this.outstanding[slot] + delta;
    this.outstanding[slot] = v;
    const tree = this.tree;
    if (tree !== null && this.inRotation[slot] === 1) tree.set(slot, v);
  }

  /** Puts a slot in or out of rotation. */
  setInRotation(slot: number, on: boolean): void {
    const flag = on ? 1 : 0;
    if (this.inRotation[slot] === flag) return;
    this.inRotation[slot] = flag;
    this.rotating += on ? 1 : -1;
    if (this.tree !== null) this.tree.set(slot, on ? this.outstanding[slot] : MinTree.MASKED);
  }
}
