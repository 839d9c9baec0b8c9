import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../sim-core/model/build.ts';
import { JOB_QUEUED, JOB_RUNNING, type Job } from '../../../sim-core/model/call.ts';
import { OUTCOMES, REJECTED, SHED } from '../../../sim-core/model/outcome.ts';
import type { CallerPort, QueuePort } from '../../../sim-core/model/ports.ts';
import { Server } from '../../../sim-core/model/server.ts';
import { TimerService } from '../../../sim-core/model/timers.ts';
import { parse } from '../../support/scenarios.ts';
import { call, fakeMetrics, job } from './fakes.ts';

/**
 * The callee side's admission on its own: a world record with one replica, and fakes for the
 * metrics, the network send and the other parts (no event runs).
 */
function server(service: object) {
  const world = buildWorld(
    parse({
      id: 'admission',
      title: 'admission',
      durationMs: 10_000,
      clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 1, atMs: 0 } }],
      services: [
        { name: 'api', concurrency: 1, serviceTime: { kind: 'constant', valueMs: 100 }, ...service },
      ],
    }),
    1,
  );
  const { sink, log } = fakeMetrics();
  const answers: string[] = [];
  const transport = {
    answer: (j: Job) => answers.push(OUTCOMES[j.outcome]),
    deliverable: () => true,
    probeAnswer: () => {},
  };
  const s = new Server(world, new TimerService(world.engine, world.clocks), sink, transport);
  s.caller = { startCall: () => null!, lost: () => answers.push('lost'), onAnswer: () => {} } as CallerPort;
  s.queues = { publish: () => {}, onDeliveryEnded: () => {} } satisfies QueuePort;
  const edge = world.clients[0].edge;
  const attempt = () => {
    const c = call(edge);
    c.inFlight = 1;
    return job(c, 0);
  };
  return { s, world, log, answers, attempt };
}

describe("the server's admission, with a fake context", () => {
  it('a free worker takes the first attempt, the next one queues, and one beyond the queue is rejected', () => {
    const { s, world, log, answers, attempt } = server({ queue: { capacity: 1 } });
    const [a, b, c] = [attempt(), attempt(), attempt()];
    s.arrive(a, false);
    s.arrive(b, false);
    s.arrive(c, false);
    expect([a.state, b.state]).toEqual([JOB_RUNNING, JOB_QUEUED]);
    expect(c.outcome).toBe(REJECTED);
    expect(answers).toEqual(['rejected']);
    expect(world.replicas[0].workers.busy).toBe(1);
    expect(world.replicas[0].workers.waiting.size).toBe(1);
    expect(world.engine.peek()).toBe(100);
    expect(log).toEqual([
      'serviceArrival 0 0',
      'busyChanged 0 1 0',
      'serviceWorkStarted 0 0 0',
      'serviceArrival 0 0',
      'queueChanged 0 1 0',
      'serviceArrival 0 0',
      'serviceAnswered 0 3 0 0',
    ]);
  });

  it('queue-length shedding turns an attempt away once the queue holds maxQueue', () => {
    const { s, log, answers, attempt } = server({ shedding: { kind: 'queue-length', maxQueue: 1 } });
    const [a, b, c] = [attempt(), attempt(), attempt()];
    s.arrive(a, false);
    s.arrive(b, false);
    s.arrive(c, false);
    expect(c.outcome).toBe(SHED);
    expect(answers).toEqual(['shed']);
    expect(log).toContain('serviceShed 0 0 0');
  });

  it('a crashed replica answers nothing: the caller hears of the attempt only as lost', () => {
    const { s, world, answers, attempt } = server({});
    world.replicas[0].up = false;
    const a = attempt();
    s.arrive(a, false);
    expect(answers).toEqual(['lost']);
    expect(world.replicas[0].workers.busy).toBe(0);
  });
});
