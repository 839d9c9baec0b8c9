/**
 * M/M/1 written by hand for this one model: the practical ceiling of a JavaScript discrete-event
 * loop on this machine, which `npm run bench -- --peers` measures Faultline against.
 *
 * No objects on the hot path: pending events are a binary heap of times in a Float64Array with
 * their kinds alongside (ties broken by an insertion sequence, as in any correct event queue),
 * the FIFO line is a ring of arrival times, and the random numbers come from mulberry32 with
 * `Math.log` for the exponential draws. Same work as the other peers: exactly `requests` Poisson
 * arrivals, one server, exponential service, run until the last request leaves.
 */
import type { PeerWork } from './work.ts';

const ARRIVAL = 0;
const DEPARTURE = 1;

/** A min-heap of (time, seq) with an event kind per entry, all in typed arrays. */
class TimeHeap {
  private readonly time: Float64Array;
  private readonly seq: Float64Array;
  private readonly kind: Uint8Array;
  private size = 0;
  private next = 0;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
  }

  get empty(): boolean {
    return this.size === 0;
  }

  get topTime(): number {
    return this.time[0];
  }

  get topKind(): number {
    return this.kind[0];
  }

  push(t: number, k: number): void {
    const time = this.time;
    const seq = this.seq;
    const kind = this.kind;
    const s = this.next++;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p] < t || (time[p] === t && seq[p] < s)) break;
      time[i] = time[p];
      seq[i] = seq[p];
      kind[i] = kind[p];
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
  }

  pop(): void {
    const time = this.time;
    const seq = this.seq;
    const kind = this.kind;
    const n = --this.size;
    const t = time[n];
    const s = seq[n];
    const k = kind[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (time[c + 1] < time[c] || (time[c + 1] === time[c] && seq[c + 1] < seq[c]))) c++;
      if (t < time[c] || (t === time[c] && s < seq[c])) break;
      time[i] = time[c];
      seq[i] = seq[c];
      kind[i] = kind[c];
      i = c;
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
  }
}

/** mulberry32: a 32-bit generator, doubles in (0, 1); plenty for a ceiling and a mean check. */
class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }
}

/** Runs the model; returns the requests completed and their mean response time. */
export function mm1Bare(work: PeerWork): { requests: number; meanResponseMs: number } {
  const rng = new Mulberry32(work.seed);
  const arrivalMean = 1 / work.arrivalsPerMs;
  const serviceMean = work.serviceMeanMs;
  const heap = new TimeHeap(4);
  // FIFO of arrival times of the requests in the system (the one in service first).
  let ring = new Float64Array(1024);
  let head = 0;
  let inSystem = 0;
  let issued = 1;
  let completed = 0;
  let responseSum = 0;
  heap.push(-Math.log(rng.next()) * arrivalMean, ARRIVAL);
  while (!heap.empty) {
    const now = heap.topTime;
    const kind = heap.topKind;
    heap.pop();
    if (kind === ARRIVAL) {
      if (inSystem === ring.length) {
        const bigger = new Float64Array(ring.length * 2);
        for (let i = 0; i < inSystem; i++) bigger[i] = ring[(head + i) & (ring.length - 1)];
        ring = bigger;
        head = 0;
      }
      ring[(head + inSystem) & (ring.length - 1)] = now;
      if (++inSystem === 1) heap.push(now - Math.log(rng.next()) * serviceMean, DEPARTURE);
      if (issued < work.requests) {
        issued++;
        heap.push(now - Math.log(rng.next()) * arrivalMean, ARRIVAL);
      }
    } else {
      responseSum += now - ring[head];
      head = (head + 1) & (ring.length - 1);
      completed++;
      if (--inSystem > 0) heap.push(now - Math.log(rng.next()) * serviceMean, DEPARTURE);
    }
  }
  return { requests: completed, meanResponseMs: responseSum / completed };
}
