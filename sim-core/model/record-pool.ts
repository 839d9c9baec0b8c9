import { poison, type RecordAudit, recordAudit } from './audited-records.ts';
import { type Call, type Job, RECORD_FREE, RECORD_LIVE, RECORD_SETTLING } from './call.ts';

/**
 * Recycled `Call` and `Job` records for one run, so a request allocates nothing once the pool is
 * warm. A record goes back exactly when nothing can reach it any more:
 * - a job once its caller closed it (`open` false) and nothing holds it (`holds`: a message in
 *   transit, its replica while it queues, works or calls, each child call it made);
 * - a call once it ended (`outcome` set) and none of its jobs is live (`liveJobs`).
 *
 * Such a record is set aside and released when the current event's handler returns (the model
 * calls {@link settle}): functions up the stack may still read it until then. Releasing a job
 * lets go of its call; releasing a call lets go of its parent job.
 *
 * A run whose records other parts keep (hedges, bulkheads, message queues, caches, stores,
 * probes, clock faults, a run probe) gets a pool that is off: fresh records, as before, decided
 * once when the model is built. The free lists are array stacks, and nothing is global.
 */
export class RecordPool {
  private readonly freeCalls: Call[] = [];
  private readonly freeJobs: Job[] = [];
  /**
   * Records that came free during the current event (the first `settlingCount`), released by
   * {@link settle}. The array is reused as it stands: emptying it (`length = 0`) would drop its
   * backing store, and the next push would allocate a new one on every event.
   */
  private readonly settling: (Call | Job)[] = [];
  private settlingCount = 0;
  private readonly audit: RecordAudit | null;

  /** `on`: recycle records; off, every record is fresh and none is released. */
  constructor(readonly on: boolean) {
    this.audit = on ? recordAudit() : null;
  }

  /** A released call to make the next one from (`newCall`'s `spare`), or undefined: a fresh one. */
  spareCall(): Call | undefined {
    return this.freeCalls.pop();
  }

  /** A released job to make the next one from (`newJob`'s `spare`), or undefined: a fresh one. */
  spareJob(): Job | undefined {
    return this.freeJobs.pop();
  }

  /** Something that held `job` let go of it (`holds` already lowered, or `open` now false). */
  jobLetGo(job: Job): void {
    if (this.on && job.holds === 0 && !job.open && job.record === RECORD_LIVE) {
      job.record = RECORD_SETTLING;
      this.settling[this.settlingCount++] = job;
    }
  }

  /** `call` ended, or one of its jobs was released. */
  callLetGo(call: Call): void {
    if (this.on && call.liveJobs === 0 && call.outcome !== -1 && call.record === RECORD_LIVE) {
      call.record = RECORD_SETTLING;
      this.settling[this.settlingCount++] = call;
    }
  }

  /** A message of `job`'s (request or answer) was handled at its end: it lets go, and the event ends. */
  delivered(job: Job): void {
    job.holds--;
    this.jobLetGo(job);
    this.settle();
  }

  /** Releases what came free during the event now ending; its handler calls this last. */
  settle(): void {
    // Small enough to inline into the handlers: most events free nothing.
    if (this.settlingCount !== 0) this.releaseSettling();
  }

  private releaseSettling(): void {
    const settling = this.settling;
    // Releasing a job can free its call, and a call its parent job: they join the list.
    for (let i = 0; i < this.settlingCount; i++) {
      const r = settling[i];
      if ('liveJobs' in r) {
        if (r.liveJobs === 0 && r.outcome !== -1) this.releaseCall(r);
        else r.record = RECORD_LIVE;
      } else if (r.holds === 0 && !r.open) this.releaseJob(r);
      else r.record = RECORD_LIVE;
    }
    this.settlingCount = 0;
  }

  /** Returns a job to the pool; it lets go of its call. Throws if the job was released already. */
  releaseJob(job: Job): void {
    if (job.record === RECORD_FREE) throw new Error('a job record was released twice');
    const call = job.call;
    if (call.current === job) call.current = null;
    call.liveJobs--;
    job.record = RECORD_FREE;
    this.callLetGo(call);
    if (this.audit !== null) {
      this.audit.releases++;
      poison(job, 'record');
    } else this.freeJobs.push(job);
  }

  /** Returns a call to the pool; it lets go of its parent job. Throws if the call was released already. */
  releaseCall(call: Call): void {
    if (call.record === RECORD_FREE) throw new Error('a call record was released twice');
    const parent = call.parent;
    call.record = RECORD_FREE;
    if (parent !== null) {
      parent.holds--;
      this.jobLetGo(parent);
    }
    if (this.audit !== null) {
      this.audit.releases++;
      poison(call, 'record');
    } else this.freeCalls.push(call);
  }
}
