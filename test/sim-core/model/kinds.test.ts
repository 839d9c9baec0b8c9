import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sim-core/engine/engine.ts';
import * as K from '../../../sim-core/model/kinds.ts';

describe('the event vocabulary', () => {
  it('keeps every kind number and name as the trace hash knows them (append only)', () => {
    expect(K.KIND_NAMES).toEqual([
      'arrival',
      'think-done',
      'request-arrives',
      'work-done',
      'response-arrives',
      'attempt-timeout',
      'deadline',
      'retry',
      'hedge',
      'bulkhead-timeout',
      'cache-hit',
      'health-check',
      'fault',
      'queue-visible',
      'herd',
      'probe-arrives',
      'probe-answered',
      'probe-timeout',
      'restarted',
      'autoscale',
      'alert-evaluation',
      'alert-action',
      'store-message',
      'store-timeout',
      'store-sample',
      'store-leader-message',
      'store-leader-timer',
      // cp-failover
      'failover-tick',
      'heartbeat-message',
      'heartbeat-timeout',
      'failover-promotion',
      'rollout',
    ]);
    const numbers = [K.ARRIVAL, K.THINK_DONE, K.REQUEST_ARRIVES, K.WORK_DONE, K.RESPONSE_ARRIVES];
    numbers.push(K.ATTEMPT_TIMEOUT, K.DEADLINE, K.RETRY, K.HEDGE, K.BULKHEAD_TIMEOUT, K.CACHE_HIT);
    numbers.push(K.HEALTH_CHECK, K.FAULT, K.QUEUE_VISIBLE, K.HERD);
    numbers.push(K.PROBE_ARRIVES, K.PROBE_ANSWERED, K.PROBE_TIMEOUT, K.RESTARTED, K.AUTOSCALE);
    numbers.push(K.ALERT_EVALUATION, K.ALERT_ACTION);
    numbers.push(K.STORE_MESSAGE, K.STORE_TIMEOUT, K.STORE_SAMPLE);
    numbers.push(K.STORE_LEADER_MESSAGE, K.STORE_LEADER_TIMER);
    numbers.push(K.FAILOVER_TICK, K.HEARTBEAT_MESSAGE, K.HEARTBEAT_TIMEOUT, K.FAILOVER_PROMOTION);
    numbers.push(K.ROLLOUT);
    expect(numbers).toEqual(K.KIND_NAMES.map((_, i) => i));
  });

  it('binds each kind to its handler in number order, and refuses an engine that has kinds already', () => {
    const engine = new Engine<K.Payload>();
    const seen: string[] = [];
    const log = (name: string) => (entity: number) => seen.push(`${name} ${entity}`);
    const handlers = Object.fromEntries(
      K.KIND_NAMES.map((name, i) => [i, log(name)]),
    ) as unknown as K.KindHandlers;
    K.bindKinds(engine, handlers);
    expect(engine.kindCount).toBe(K.KIND_NAMES.length);
    expect(engine.kindName(K.FAULT)).toBe('fault');
    engine.at(2, K.HERD, 7);
    engine.at(1, K.ARRIVAL, 3);
    engine.runUntil(10);
    expect(seen).toEqual(['arrival 3', 'herd 7']);
    expect(() => K.bindKinds(engine, handlers)).toThrow('bindKinds: the engine already has event kinds');
  });

  it('hands every kind, on the switched request path or not, to its own handler with its payload and entity', () => {
    const engine = new Engine<K.Payload>();
    const seen: string[] = [];
    const handlers = Object.fromEntries(
      K.KIND_NAMES.map((name, i) => [
        i,
        (entity: number, ref: { tag: string } | undefined) => seen.push(`${name} ${entity} ${ref?.tag}`),
      ]),
    ) as unknown as K.KindHandlers;
    K.bindKinds(engine, handlers);
    // A kind declared after the model's (as a test harness may) still reaches its handler.
    const extra = engine.defineKind('extra', (entity) => seen.push(`extra ${entity}`));
    for (let kind = 0; kind < K.KIND_NAMES.length; kind++) {
      engine.at(kind, kind, 100 + kind, { tag: `p${kind}` } as unknown as K.Payload);
    }
    engine.at(K.KIND_NAMES.length, extra, 1);
    engine.runUntil(1000);
    expect(seen).toEqual([...K.KIND_NAMES.map((name, kind) => `${name} ${100 + kind} p${kind}`), 'extra 1']);
  });
});
