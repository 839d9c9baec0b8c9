/**
 * The schema of a service's active-passive failover (`FailoverSpec` in
 * `sim-core/scenario/failover-spec.ts`). Rules across fields (a timeout within the interval, no
 * autoscaling beside it) are in `failover-rules.ts`.
 */
import { z } from 'zod';
import { intAtLeast, nonNegative, positive } from './fields.ts';

export const FailoverDetectorSchema = z
  .strictObject({
    intervalMs: positive()
      .default(1000)
      .describe(
        'Time between heartbeats the monitor sends each replica, in ms (> 0; keepalived advert_int: 1 s).',
      ),
    missedThreshold: intAtLeast(1)
      .default(3)
      .describe(
        'Heartbeats missed in a row that judge a replica dead (an integer >= 1; keepalived: 3 x advert_int).',
      ),
    timeoutMs: positive()
      .default(500)
      .describe('A heartbeat not answered this long after its send is missed, in ms (> 0, <= intervalMs).'),
  })
  .describe('The heartbeat detector: the monitor’s heartbeats cross the network like any message.');

export const FailbackSchema = z
  .strictObject({
    afterMs: nonNegative().describe(
      'The original active must answer every heartbeat for this long before it takes its place back, in ms (>= 0; keepalived preempt_delay).',
    ),
  })
  .describe(
    'Automatic failback (keepalived preempt): the original active takes its place back once healthy.',
  );

export const FailoverSchema = z
  .strictObject({
    standbys: intAtLeast(1)
      .default(1)
      .describe(
        'Standby replicas, up but out of the load balancer’s set (an integer >= 1; slots replicas.. of the service).',
      ),
    detector: FailoverDetectorSchema.default(() => ({
      intervalMs: 1000,
      missedThreshold: 3,
      timeoutMs: 500,
    })),
    promotionMs: nonNegative()
      .default(1000)
      .describe('From detection until the promoted standby serves, in ms (>= 0).'),
    fence: z
      .boolean()
      .default(false)
      .describe(
        'Fence the demoted active (STONITH): its queued and in-flight work is lost. Unfenced, it finishes what it holds.',
      ),
    failback: FailbackSchema.nullable()
      .default(null)
      .describe('Automatic failback to the original active; null: the promoted standby stays active.'),
  })
  .describe(
    'Active-passive failover: standby replicas take an active one’s place when its heartbeats go unanswered.',
  );
