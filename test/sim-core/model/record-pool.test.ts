import { afterEach, describe, expect, it } from 'vitest';
import { auditRecordPool } from '../../../sim-core/model/audited-records.ts';
import {
  type Call,
  JOB_NEW,
  newCall,
  newJob,
  ORIGIN_CLIENT,
  ORIGIN_JOB,
  RECORD_FREE,
  RECORD_LIVE,
} from '../../../sim-core/model/call.ts';
import { RecordPool } from '../../../sim-core/model/record-pool.ts';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import { loadBuiltIn } from '../../support/scenarios.ts';
import { edge, policy } from './fakes.ts';

const e = edge(policy());

function rootCall(pool: RecordPool, id: number): Call {
  return newCall(id, ORIGIN_CLIENT, 0, 0, e, null, 0, -1, 5, 100, 0, pool.spareCall());
}

/** Ends `call`'s one attempt and the call, as the caller and its replica would. */
function finish(pool: RecordPool, call: Call): void {
  const job = call.current!;
  job.open = false;
  pool.jobLetGo(job);
  call.outcome = 0;
  pool.callLetGo(call);
  pool.settle();
}

afterEach(() => auditRecordPool(null));

describe('the record pool', () => {
  it('a recycled call and job have every field as a fresh one', () => {
    const pool = new RecordPool(true);
    const first = rootCall(pool, 1);
    const job = newJob(first, 3, 7, true, 50, pool.spareJob());
    first.current = job;
    Object.assign(first, { attempts: 4, inFlight: 2, lastCause: 3, applied: 2, fetch: true, retryTimer: 9 });
    Object.assign(job, { state: 4, timer: 8, workTimer: 6, degraded: true, corrupt: true, outcome: 2 });
    finish(pool, first);
    expect(first.record).toBe(RECORD_FREE);
    const parentCall = newCall(2, ORIGIN_CLIENT, 1, 1, e, null, 1, 4, 9, 90, 3);
    const parent = newJob(parentCall, 1, 9, false, 90);
    const again = newCall(7, ORIGIN_JOB, 1, 2, e, parent, 3, 4, 11, 60, 2, pool.spareCall());
    expect(again).toBe(first);
    const fresh = newCall(7, ORIGIN_JOB, 1, 2, e, parent, 3, 4, 11, 60, 2);
    expect({ ...again }).toEqual({ ...fresh });
    const jobAgain = newJob(again, 2, 11, false, 60, pool.spareJob());
    expect(jobAgain).toBe(job);
    expect({ ...jobAgain }).toEqual({ ...newJob(again, 2, 11, false, 60) });
    expect(jobAgain.state).toBe(JOB_NEW);
    expect(jobAgain.record).toBe(RECORD_LIVE);
  });

  it('keeps a job while anything holds it, then releases it and its ended call at the event end', () => {
    const pool = new RecordPool(true);
    const call = rootCall(pool, 1);
    const job = newJob(call, 0, 5, false, 100, pool.spareJob());
    call.current = job;
    job.holds++; // a message in transit
    job.open = false;
    pool.jobLetGo(job);
    call.outcome = 0;
    pool.callLetGo(call);
    pool.settle();
    expect([job.record, call.record, call.liveJobs]).toEqual([RECORD_LIVE, RECORD_LIVE, 1]);
    pool.delivered(job);
    expect([job.record, call.record, call.liveJobs, call.current]).toEqual([
      RECORD_FREE,
      RECORD_FREE,
      0,
      null,
    ]);
    expect(pool.spareCall()).toBe(call);
    expect(pool.spareJob()).toBe(job);
    expect(pool.spareJob()).toBeUndefined();
  });

  it('a child call holds its parent job until the child is released', () => {
    const pool = new RecordPool(true);
    const root = rootCall(pool, 1);
    const parent = newJob(root, 0, 5, false, 100, pool.spareJob());
    root.current = parent;
    const child = newCall(2, ORIGIN_JOB, 0, 0, e, parent, 0, -1, 6, 100, 0, pool.spareCall());
    child.current = newJob(child, 1, 6, false, 100, pool.spareJob());
    expect(parent.holds).toBe(1);
    finish(pool, root);
    expect(parent.record).toBe(RECORD_LIVE);
    finish(pool, child);
    // The child's job frees the child, the child its parent, the parent the root call.
    expect([child.record, parent.record, root.record]).toEqual([RECORD_FREE, RECORD_FREE, RECORD_FREE]);
  });

  it('a double release throws', () => {
    const pool = new RecordPool(true);
    const call = rootCall(pool, 1);
    call.current = newJob(call, 0, 5, false, 100, pool.spareJob());
    const job = call.current;
    finish(pool, call);
    expect(() => pool.releaseJob(job)).toThrow('a job record was released twice');
    expect(() => pool.releaseCall(call)).toThrow('a call record was released twice');
  });

  it('off, it never releases nor recycles', () => {
    const pool = new RecordPool(false);
    const call = rootCall(pool, 1);
    call.current = newJob(call, 0, 5, false, 100, pool.spareJob());
    finish(pool, call);
    expect(call.record).toBe(RECORD_LIVE);
    expect(pool.spareCall()).toBeUndefined();
    expect(pool.spareJob()).toBeUndefined();
  });

  it('under the audit, any use of a released record throws (the audit can fail)', () => {
    const audit = { releases: 0 };
    auditRecordPool(audit);
    const pool = new RecordPool(true);
    const call = rootCall(pool, 1);
    call.current = newJob(call, 0, 5, false, 100, pool.spareJob());
    const job = call.current;
    finish(pool, call);
    expect(audit.releases).toBe(2);
    expect(() => job.state).toThrow(/released call or job record was read \(state\)/);
    expect(() => {
      job.open = true;
    }).toThrow(/written \(open\)/);
    expect(() => call.outcome).toThrow(/read \(outcome\)/);
    // A poisoned record is never handed out again.
    expect(pool.spareCall()).toBeUndefined();
    expect(() => pool.releaseJob(job)).toThrow('a job record was released twice');
  });
});

describe('which runs recycle their records', () => {
  it.each([
    ['mm1', true],
    ['three-tier', true],
    ['retry-storm', true],
    ['replica-crash-ejection', true],
    ['cache-stampede', false],
    ['queue-shock-absorber', false],
    ['health-check-death-spiral', false],
    ['clock-skew', false],
    ['quorum-staleness', false],
  ])('%s: %s', (id, on) => {
    expect(new Simulation(loadBuiltIn(id)).model.caller.records.on).toBe(on);
  });

  it('a run whose calls hedge or queue for a bulkhead keeps fresh records', () => {
    const hedged = loadBuiltIn('hedged-requests', ['clients.users.hedge.delayMs=20']);
    expect(new Simulation(hedged).model.caller.records.on).toBe(false);
    const bulkhead = loadBuiltIn('three-tier', ['clients.users.bulkhead.maxConcurrent=5']);
    expect(new Simulation(bulkhead).model.caller.records.on).toBe(false);
  });

  it('a run with a probe keeps fresh records', () => {
    expect(new Simulation(loadBuiltIn('mm1'), { probe: {} }).model.caller.records.on).toBe(false);
  });
});
