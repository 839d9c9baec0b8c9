/**
 * The pending-event set: a binary min-heap over struct-of-arrays storage.
 *
 * An event is (time, band, seq, kind, entity, ref). Order is (time, band, seq): `seq` is a
 * monotonically increasing insertion counter, so ties never depend on heap layout. Scheduling
 * and popping allocate nothing once the arrays have grown to the run's peak size; storage
 * grows with the events pending, never with the events ever scheduled.
 *
 * Why typed arrays and a heap of slot indices: `bench/` measured this against a heap of
 * event objects (see README, "Performance"); swapping 4-byte slot ids beats moving objects.
 *
 * Lanes ({@link EventQueue.pushInLane}): a lane is a list of events in (time, band, seq) order of
 * which only the first is in the heap. Why: every attempt's timeout was pushed, then, when the
 * answer came first (nearly always), removed with a sift; the timeouts of an edge group (a caller
 * group's edges to one target) are set at a rising clock with one duration, so they come in order,
 * and in a lane all but the first wait outside the heap (a cancel unlinks them in O(1)). The order of events is the
 * same as with plain pushes: each event takes its `seq` when pushed, in or out of a lane, and
 * the heap's first event is still the earliest of all, as every lane's earliest is in it. An event
 * that would come before its lane's last goes to the heap alone.
 */
/** At most this many events may be pending at once (slot ids are 24-bit in handles). */
export const MAX_PENDING_EVENTS = 0x1000000;

/**
 * Generations kept in a handle (`slot + generation x 2^24`): 6 bits, so a handle stays below
 * 2^30, a small integer to V8. With wider generations a slot's handles passed 2^31 after 128
 * reuses and became doubles, and V8 migrated every record that stores one (`job.timer`...) to
 * a new shape (642,527 migrations in a 6 s, 40,000 requests/s three-tier). A wrapped generation
 * means a handle kept after its event ran or was cancelled could match a later event in the same
 * slot: the model never uses a handle then, and {@link auditTimerHandles} checks it in the tests.
 */
const GEN_MASK = 0x3f;
/** `pos[slot]` of a free slot, and of a pending event waiting in a lane (not in the heap). */
const FREE = -1;
const IN_LANE = -2;
/** `laneOf[slot]` of an event in no lane; `next`/`prev` at a lane's ends. */
const NO_LANE = -1;
const NONE = -1;

/** The audit's generations: 29 bits, so handles stay exact doubles and a stale one is always told apart. */
const AUDIT_GEN_MASK = 0x1fffffff;

/** Told of a handle used after its event ran or was cancelled (see {@link auditTimerHandles}). */
export type StaleHandleReport = (use: 'cancel' | 'isPending', handle: number) => void;
let staleHandleReport: StaleHandleReport | null = null;

/**
 * Turns the handle audit on (a report function) or off (null) for queues made from now on: their
 * handles keep 29-bit generations, and every {@link EventQueue.cancel} or
 * {@link EventQueue.isPending} of a handle whose event already ran or was cancelled is reported.
 * Tests run with it to show that wrapping generations at 6 bits can never confuse two events.
 */
export function auditTimerHandles(report: StaleHandleReport | null): void {
  staleHandleReport = report;
}

export class EventQueue<Ref> {
  private capacity: number;
  // Per slot: the event's fields.
  private times: Float64Array;
  private seqs: Float64Array;
  private bands: Uint8Array;
  private kinds: Uint16Array;
  private entities: Int32Array;
  private gens: Uint32Array;
  private refs: (Ref | undefined)[];
  // Per slot, for events in a lane: the lane, and the neighbours in it (NONE at its ends).
  private laneOf: Int32Array;
  private laneNext: Int32Array;
  private lanePrev: Int32Array;
  // Per lane: its first event (the one in the heap) and its last, NONE when empty.
  private laneHead = new Int32Array(16).fill(NONE);
  private laneTail = new Int32Array(16).fill(NONE);
  /** Pending events waiting in lanes, outside the heap. */
  private waiting = 0;
  // heap[i] = slot; pos[slot] = i or -1 when the slot is free. heapTimes[i] = times[heap[i]]:
  // comparisons read times in heap order, which keeps sifting within a few cache lines.
  private heap: Int32Array;
  private heapTimes: Float64Array;
  private pos: Int32Array;
  private freeSlots: Int32Array;
  private freeCount: number;
  private count = 0;
  private nextSeq = 0;
  /** The slot of the event popped last (see {@link isFiring}). */
  private popped = -1;
  private readonly genMask: number;
  private readonly stale: StaleHandleReport | null;

  constructor(initialCapacity = 1024) {
    this.stale = staleHandleReport;
    this.genMask = this.stale === null ? GEN_MASK : AUDIT_GEN_MASK;
    this.capacity = Math.max(16, initialCapacity);
    const c = this.capacity;
    this.times = new Float64Array(c);
    this.seqs = new Float64Array(c);
    this.bands = new Uint8Array(c);
    this.kinds = new Uint16Array(c);
    this.entities = new Int32Array(c);
    this.gens = new Uint32Array(c);
    this.refs = new Array<Ref | undefined>(c).fill(undefined);
    this.laneOf = new Int32Array(c).fill(NO_LANE);
    this.laneNext = new Int32Array(c);
    this.lanePrev = new Int32Array(c);
    this.heap = new Int32Array(c);
    this.heapTimes = new Float64Array(c);
    this.pos = new Int32Array(c).fill(FREE);
    this.freeSlots = new Int32Array(c);
    for (let i = 0; i < c; i++) this.freeSlots[i] = c - 1 - i;
    this.freeCount = c;
  }

  /** Number of pending events. */
  get size(): number {
    return this.count + this.waiting;
  }

  /** True when no event is pending (a lane's first event is always in the heap). */
  get isEmpty(): boolean {
    return this.count === 0;
  }

  /**
   * Schedules an event and returns a handle for {@link cancel}. `band` orders events at the
   * same instant (lower first), before insertion order.
   */
  push(time: number, kind: number, entity: number, ref: Ref | undefined, band = 1): number {
    const slot = this.take(time, kind, entity, ref, band);
    this.laneOf[slot] = NO_LANE;
    this.siftUp(this.count++, slot);
    return slot + this.gens[slot] * 0x1000000;
  }

  /** A free slot filled with the event, its `seq` taken and its generation advanced. */
  private take(time: number, kind: number, entity: number, ref: Ref | undefined, band: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    this.times[slot] = time;
    this.seqs[slot] = this.nextSeq++;
    this.bands[slot] = band;
    this.kinds[slot] = kind;
    this.entities[slot] = entity;
    this.refs[slot] = ref;
    const gen = (this.gens[slot] + 1) & this.genMask;
    this.gens[slot] = gen;
    return slot;
  }

  /**
   * Like {@link push}, in lane `lane` (a whole number the caller picks, e.g. an edge group's index): for
   * events that mostly come in order and are mostly cancelled, such as an edge group's timeouts. Same
   * order of events, same handle semantics as {@link push}.
   */
  pushInLane(
    lane: number,
    time: number,
    kind: number,
    entity: number,
    ref: Ref | undefined,
    band = 1,
  ): number {
    if (lane >= this.laneHead.length) this.growLanes(lane);
    const tail = this.laneTail[lane];
    // Out of order for its lane (or no lane has ever been this late): alone into the heap.
    if (
      tail !== NONE &&
      (time < this.times[tail] || (time === this.times[tail] && band < this.bands[tail]))
    ) {
      return this.push(time, kind, entity, ref, band);
    }
    const slot = this.take(time, kind, entity, ref, band);
    this.laneOf[slot] = lane;
    this.laneNext[slot] = NONE;
    this.lanePrev[slot] = tail;
    this.laneTail[lane] = slot;
    if (tail === NONE) {
      this.laneHead[lane] = slot;
      this.siftUp(this.count++, slot);
    } else {
      this.laneNext[tail] = slot;
      this.pos[slot] = IN_LANE;
      this.waiting++;
    }
    return slot + this.gens[slot] * 0x1000000;
  }

  /** Removes a pending event; returns false when it already ran or was cancelled. */
  cancel(handle: number): boolean {
    const slot = handle % 0x1000000;
    const gen = (handle - slot) / 0x1000000;
    if (slot >= this.capacity || this.gens[slot] !== gen) return this.staleUse('cancel', handle);
    const i = this.pos[slot];
    if (i === FREE) return this.staleUse('cancel', handle);
    if (i === IN_LANE) {
      this.unlinkWaiting(slot);
      return true;
    }
    const lane = this.laneOf[slot];
    if (lane === NO_LANE) {
      this.removeAt(i);
      return true;
    }
    // A lane's first event: the next one of the lane takes its place in the heap.
    const next = this.advanceLane(lane, slot);
    this.freeSlot(slot);
    if (next === NONE) this.fillHole(i);
    else this.replaceAt(i, next);
    return true;
  }

  /** Cancels an event waiting in its lane: out of the list, its slot free. */
  private unlinkWaiting(slot: number): void {
    const lane = this.laneOf[slot];
    const prev = this.lanePrev[slot];
    const next = this.laneNext[slot];
    // Waiting means not first: prev is never NONE.
    this.laneNext[prev] = next;
    if (next === NONE) this.laneTail[lane] = prev;
    else this.lanePrev[next] = prev;
    this.waiting--;
    this.freeSlot(slot);
  }

  /** The lane's first event `slot` leaves it; returns the next (now first, out of the waiting count) or NONE. */
  private advanceLane(lane: number, slot: number): number {
    const next = this.laneNext[slot];
    this.laneHead[lane] = next;
    if (next === NONE) this.laneTail[lane] = NONE;
    else {
      this.lanePrev[next] = NONE;
      this.waiting--;
    }
    return next;
  }

  private freeSlot(slot: number): void {
    this.pos[slot] = FREE;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** True while the event of `handle` is scheduled and has not run or been cancelled. */
  isPending(handle: number): boolean {
    const slot = handle % 0x1000000;
    const gen = (handle - slot) / 0x1000000;
    if (slot < this.capacity && this.gens[slot] === gen && this.pos[slot] !== FREE) return true;
    return this.staleUse('isPending', handle);
  }

  /** A handle whose event is gone was used: reported under the audit; false either way. */
  private staleUse(use: 'cancel' | 'isPending', handle: number): false {
    if (this.stale !== null && handle >= 0) this.stale(use, handle);
    return false;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.heapTimes[0];
  }

  /**
   * Removes the earliest event and returns its slot; read its fields with the accessors
   * below until the next push (the slot is recycled then).
   */
  pop(): number {
    const slot = this.heap[0];
    const lane = this.laneOf[slot];
    if (lane === NO_LANE) this.removeAt(0);
    else {
      const next = this.advanceLane(lane, slot);
      this.freeSlot(slot);
      if (next === NONE) this.fillHole(0);
      else this.replaceAt(0, next);
    }
    this.popped = slot;
    return slot;
  }

  /**
   * True when `handle` is the event popped last, its slot not yet reused: the event being
   * handled now. A handler asks this of its own handle, which is no longer pending but not stale.
   */
  isFiring(handle: number): boolean {
    const slot = handle % 0x1000000;
    const gen = (handle - slot) / 0x1000000;
    return slot === this.popped && this.gens[slot] === gen && this.pos[slot] === FREE;
  }

  time(slot: number): number {
    return this.times[slot];
  }
  kind(slot: number): number {
    return this.kinds[slot];
  }
  entity(slot: number): number {
    return this.entities[slot];
  }
  /** Takes the event's reference out of the slot so the slot holds no garbage. */
  takeRef(slot: number): Ref | undefined {
    const r = this.refs[slot];
    this.refs[slot] = undefined;
    return r;
  }

  /** Tie-break between two events at the same time: band, then insertion order. */
  private tieBefore(a: number, b: number): boolean {
    const ba = this.bands[a];
    const bb = this.bands[b];
    if (ba !== bb) return ba < bb;
    return this.seqs[a] < this.seqs[b];
  }

  private removeAt(i: number): void {
    this.freeSlot(this.heap[i]);
    this.fillHole(i);
  }

  /** Position `i` of the heap lost its event: the last one fills it. */
  private fillHole(i: number): void {
    const last = this.heap[--this.count];
    if (i === this.count) return;
    this.replaceAt(i, last);
  }

  /** Puts `slot` at position `i` of the heap (whose event left) and restores the heap in whichever direction it needs. */
  private replaceAt(i: number, slot: number): void {
    const t = this.times[slot];
    if (i > 0) {
      const pt = this.heapTimes[(i - 1) >> 1];
      if (t < pt || (t === pt && this.tieBefore(slot, this.heap[(i - 1) >> 1]))) {
        this.siftUp(i, slot);
        return;
      }
    }
    this.siftDown(i, slot);
  }

  private siftUp(i: number, slot: number): void {
    const heap = this.heap;
    const heapTimes = this.heapTimes;
    const pos = this.pos;
    const t = this.times[slot];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = heapTimes[parent];
      if (t > pt) break;
      const p = heap[parent];
      if (t === pt && !this.tieBefore(slot, p)) break;
      heap[i] = p;
      heapTimes[i] = pt;
      pos[p] = i;
      i = parent;
    }
    heap[i] = slot;
    heapTimes[i] = t;
    pos[slot] = i;
  }

  private siftDown(i: number, slot: number): void {
    const heap = this.heap;
    const heapTimes = this.heapTimes;
    const pos = this.pos;
    const n = this.count;
    const t = this.times[slot];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const lt = heapTimes[child];
        const rt = heapTimes[right];
        // The earlier child by arithmetic, not a branch: with random times that branch is a coin
        // toss the CPU mispredicts half the time, on every level (bench `--case queue`: pop + push
        // 0.8-0.9x the time at 100 to 1,000 pending). Equal times, rare, take the tie-break.
        if (rt === lt) {
          if (this.tieBefore(heap[right], heap[child])) child = right;
        } else child += +(rt < lt);
      }
      const ct = heapTimes[child];
      if (t < ct) break;
      const c = heap[child];
      if (t === ct && this.tieBefore(slot, c)) break;
      heap[i] = c;
      heapTimes[i] = ct;
      pos[c] = i;
      i = child;
    }
    heap[i] = slot;
    heapTimes[i] = t;
    pos[slot] = i;
  }

  private grow(): void {
    const old = this.capacity;
    if (old >= MAX_PENDING_EVENTS) throw new RangeError(`more than ${MAX_PENDING_EVENTS} pending events`);
    const c = old * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array, fill: number) => {
      const b = new Int32Array(c).fill(fill);
      b.set(a);
      return b;
    };
    this.times = f64(this.times);
    this.seqs = f64(this.seqs);
    const bands = new Uint8Array(c);
    bands.set(this.bands);
    this.bands = bands;
    const kinds = new Uint16Array(c);
    kinds.set(this.kinds);
    this.kinds = kinds;
    this.entities = i32(this.entities, 0);
    const gens = new Uint32Array(c);
    gens.set(this.gens);
    this.gens = gens;
    for (let i = old; i < c; i++) this.refs.push(undefined);
    this.laneOf = i32(this.laneOf, NO_LANE);
    this.laneNext = i32(this.laneNext, NONE);
    this.lanePrev = i32(this.lanePrev, NONE);
    this.heap = i32(this.heap, 0);
    this.heapTimes = f64(this.heapTimes);
    this.pos = i32(this.pos, FREE);
    const free = new Int32Array(c);
    // All old slots are in use when we grow: the new ones are free.
    for (let i = 0; i < c - old; i++) free[i] = c - 1 - i;
    this.freeSlots = free;
    this.freeCount = c - old;
    this.capacity = c;
  }

  private growLanes(lane: number): void {
    if (!Number.isInteger(lane) || lane < 0)
      throw new RangeError(`lane must be a whole number >= 0, not ${lane}`);
    let n = this.laneHead.length;
    while (n <= lane) n *= 2;
    const widen = (a: Int32Array) => {
      const b = new Int32Array(n).fill(NONE);
      b.set(a);
      return b;
    };
    this.laneHead = widen(this.laneHead);
    this.laneTail = widen(this.laneTail);
  }
}
