/**
 * The alternative the engine's typed-array queue was measured against: a textbook binary heap
 * of event objects, ordered by (time, seq). Kept only for the benchmark.
 */
interface HeapEvent {
  time: number;
  seq: number;
  kind: number;
  entity: number;
}

export class ObjectHeap {
  private items: HeapEvent[] = [];
  private seq = 0;
  get size(): number {
    return this.items.length;
  }
  push(time: number, kind: number, entity: number): void {
    const e = { time, seq: this.seq++, kind, entity };
    const a = this.items;
    let i = a.length;
    a.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].time < e.time || (a[p].time === e.time && a[p].seq < e.seq)) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = e;
  }
  pop(): HeapEvent {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (
          c + 1 < n &&
          (a[c + 1].time < a[c].time || (a[c + 1].time === a[c].time && a[c + 1].seq < a[c].seq))
        )
          c++;
        if (last.time < a[c].time || (last.time === a[c].time && last.seq < a[c].seq)) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
