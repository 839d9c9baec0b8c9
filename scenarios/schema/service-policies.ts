/**
 * The schema of the server-side patterns (`ServicePolicySpec` in `sim-core/scenario/policy-spec.ts`):
 * load shedding, outlier detection, health checks, a cache and per-replica overrides. Their rules
 * are in `policies-rules.ts`.
 */
import { z } from 'zod';
import {
  ADAPTIVE_LIMIT_PRESETS,
  OUTLIER_PRESETS,
  PROBE_PRESETS,
  RESTART_POLICY_PRESETS,
} from '../../sim-core/patterns/presets.ts';
import { AutoscalingSchema } from './autoscaling.ts';
import { AdaptiveLimitSchema, RateLimitSchema } from './call-policies.ts';
import { DeploymentSchema, VersionSchema } from './deployment.ts';
import { ConstantDistribution } from './distributions.ts';
import { FailoverSchema } from './failover.ts';
import {
  intAtLeast,
  nonNegative,
  positive,
  presetList,
  presetNamed,
  presetOr,
  probability,
} from './fields.ts';

/** `enabled: false`: declared, but off until an alert's `enable-shedding` action turns it on. */
const sheddingEnabled = () =>
  z
    .boolean()
    .optional()
    .describe(
      'false declares the shedding but leaves it off until an alert action "enable-shedding" turns it on; absent or true: on from the start.',
    );

/** Load shedding at a replica. */
export const SheddingSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('queue-length').describe('Reject on arrival when the queue is long.'),
        maxQueue: intAtLeast(1).describe(
          'Reject when the replica’s queue holds this many or more (an integer >= 1).',
        ),
        enabled: sheddingEnabled(),
      })
      .describe('Shed on queue length.'),
    z
      .strictObject({
        kind: z.literal('codel').describe('CoDel (RFC 8289): drop at dequeue while waits stay long.'),
        targetMs: positive().default(5).describe('Acceptable queue wait, in ms (> 0).'),
        intervalMs: positive()
          .default(100)
          .describe('How long waits must stay above targetMs before dropping starts, in ms (> 0).'),
        enabled: sheddingEnabled(),
      })
      .describe(
        'CoDel: drop while the sojourn time stays above targetMs for intervalMs; defaults from RFC 8289.',
      ),
    z
      .strictObject({
        kind: z.literal('priority').describe('Shed the least important tiers first.'),
        thresholds: z
          .array(intAtLeast(0).describe('Queue length at which this tier is shed (an integer >= 0).'))
          .min(1)
          .describe(
            'Queue length at which each tier is shed, by tier (index 0 = tier 0; higher tiers use the last entry); tier 0 is the most important, so the thresholds must not increase with the tier.',
          ),
        enabled: sheddingEnabled(),
      })
      .describe('Priority shedding: tier t is shed when the queue holds thresholds[t] or more.'),
  ])
  .describe('Load shedding, chosen by "kind".');

const envoyOutlier = presetNamed(OUTLIER_PRESETS, 'envoy-default');

/** Envoy outlier detection. */
export const OutlierDetectionSchema = z
  .strictObject({
    consecutiveErrors: intAtLeast(1)
      .default(envoyOutlier.consecutiveErrors)
      .describe('Errors in a row that eject a replica (an integer >= 1).'),
    baseEjectionTimeMs: positive()
      .default(envoyOutlier.baseEjectionTimeMs)
      .describe('Ejection time, multiplied by the number of times the replica was ejected, in ms (> 0).'),
    maxEjectionPercent: z
      .number()
      .min(0)
      .max(100)
      .default(envoyOutlier.maxEjectionPercent)
      .describe('Percent of replicas that may be ejected at once (in [0, 100]).'),
    intervalMs: positive()
      .default(envoyOutlier.intervalMs)
      .describe('Time between ejection sweeps, in ms (> 0).'),
  })
  .describe('Outlier detection (Envoy): eject replicas that keep failing; unset fields take Envoy defaults.');

const probeCost = () =>
  nonNegative()
    .default(1)
    .describe(
      'Work the check costs a worker of the replica, in ms (>= 0): it waits in the replica’s queue behind real work unless probes.adminPath is true.',
    );

/** Active health checks (Envoy): real requests from the load balancer. Defaults are Kubernetes probe defaults. */
export const HealthCheckSchema = z
  .strictObject({
    intervalMs: positive().default(10_000).describe('Time between checks of a replica, in ms (> 0).'),
    timeoutMs: positive().default(1000).describe('A check not answered in this time fails, in ms (> 0).'),
    unhealthyThreshold: intAtLeast(1)
      .default(3)
      .describe('Failed checks in a row that take a replica out (an integer >= 1).'),
    healthyThreshold: intAtLeast(1)
      .default(1)
      .describe('Passed checks in a row that bring it back (an integer >= 1).'),
    costMs: probeCost(),
  })
  .describe(
    'Active health checks from the load balancer (Envoy): a real request to each replica over the network every intervalMs; defaults are Kubernetes probe defaults.',
  );

const k8sProbe = presetNamed(PROBE_PRESETS, 'kubernetes-default');

/** One Kubernetes probe; unset fields take the Kubernetes defaults. */
export const ProbeSchema = z
  .strictObject({
    periodMs: positive()
      .default(k8sProbe.periodMs)
      .describe('Time between probes of a replica, in ms (> 0).'),
    timeoutMs: positive()
      .default(k8sProbe.timeoutMs)
      .describe('A probe not answered in this time fails, in ms (> 0).'),
    failureThreshold: intAtLeast(1)
      .default(k8sProbe.failureThreshold)
      .describe('Failed probes in a row that make the probe fail (an integer >= 1).'),
    successThreshold: intAtLeast(1)
      .default(k8sProbe.successThreshold)
      .describe('Passed probes in a row that make it pass again (an integer >= 1).'),
    initialDelayMs: nonNegative()
      .default(k8sProbe.initialDelayMs)
      .describe('No probe until this long after a replica (re)starts, in ms (>= 0).'),
    costMs: probeCost(),
  })
  .describe(
    'A Kubernetes probe: a real request from the orchestrator to each replica; unset fields take Kubernetes defaults.',
  );

const probeOr = (what: string) =>
  presetOr(PROBE_PRESETS, ProbeSchema, 'probe')
    .nullable()
    .default(null)
    .describe(`${what}: a preset name (${presetList(PROBE_PRESETS)}) or an object; null is none.`);

/** A service's Kubernetes probes. */
export const ProbesSchema = z
  .strictObject({
    readiness: probeOr(
      'Readiness probe: a replica whose probe fails is out of the load balancer until it passes',
    ),
    liveness: probeOr(
      'Liveness probe: a replica whose probe fails is restarted (successThreshold must be 1, as in Kubernetes)',
    ),
    startup: probeOr(
      'Startup probe (Kubernetes startupProbe): after each (re)start liveness and readiness wait until it passes once; failureThreshold failures in a row restart the replica, so failureThreshold x periodMs is the time allowed to start (successThreshold must be 1)',
    ),
    adminPath: z
      .boolean()
      .default(false)
      .describe(
        'Probes and health checks are answered on a separate admin path, on arrival, by a replica that is up and not paused: they never wait behind real work.',
      ),
  })
  .describe('Kubernetes readiness, liveness and startup probes of each replica.');

/** Restart back-off. */
export const RestartPolicySchema = z
  .strictObject({
    initialMs: nonNegative().describe('Extra wait before the first restart in a row, in ms (>= 0).'),
    multiplier: z
      .number()
      .min(1)
      .default(2)
      .describe('Each further restart in a row waits this many times longer (>= 1).'),
    maxMs: nonNegative().describe('The longest extra wait, in ms (>= 0).'),
    resetAfterMs: positive()
      .default(600_000)
      .describe('A replica that runs this long without a restart starts its back-off over, in ms (> 0).'),
  })
  .describe('Back-off between restarts in a row.');

/** Cold start. */
export const ColdStartSchema = z
  .strictObject({
    durationMs: positive().describe('How long a (re)started replica stays cold, in ms (> 0).'),
    serviceTimeFactor: positive().describe('Factor on its service times while cold (> 0; > 1 is slower).'),
  })
  .describe('A replica that (re)starts serves slower for a while (caches, JIT and pools warm up).');

/** A cache in front of a service. */
export const CacheSchema = z
  .strictObject({
    ttlMs: positive().describe('How long an entry lives, in ms (> 0).'),
    ttlJitter: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe('Each TTL is drawn uniformly from [ttlMs × (1 - ttlJitter), ttlMs] (>= 0, < 1).'),
    coalesce: z
      .boolean()
      .default(false)
      .describe('Concurrent misses on one key wait for a single fetch (single flight).'),
    hitLatency: ConstantDistribution.default(() => ({ kind: 'constant' as const, valueMs: 0 })).describe(
      'Time to answer a hit.',
    ),
  })
  .describe('A cache in front of the service, keyed by the client’s keys.');

/** Per-replica overrides. */
export const ReplicaOverrideSchema = z
  .strictObject({
    replica: intAtLeast(0).describe('Replica index (an integer >= 0, < replicas).'),
    concurrency: intAtLeast(1).optional().describe('Workers of this replica (an integer >= 1).'),
    serviceTimeFactor: positive().optional().describe('Factor on this replica’s service times (> 0).'),
    errorProbability: probability()
      .optional()
      .describe('Probability that a request fails at this replica, in [0, 1].'),
  })
  .describe('Settings of one replica that differ from its service’s: configuration drift.');

/** Server-side patterns of a service. Its shape is spread into the service. */
export const ServicePolicySchema = z
  .strictObject({
    rateLimit: RateLimitSchema.nullable()
      .default(null)
      .describe('A token-bucket rate limit per replica on arriving requests; null is none.'),
    shedding: SheddingSchema.nullable()
      .default(null)
      .describe('Load shedding at each replica; null is none.'),
    adaptiveLimit: presetOr(ADAPTIVE_LIMIT_PRESETS, AdaptiveLimitSchema, 'adaptive limit')
      .nullable()
      .default(null)
      .describe(
        `A server-side adaptive concurrency limit per replica: a preset name (${presetList(ADAPTIVE_LIMIT_PRESETS)}) or an object; null is none.`,
      ),
    outlierDetection: presetOr(OUTLIER_PRESETS, OutlierDetectionSchema, 'outlier detection')
      .nullable()
      .default(null)
      .describe(
        `Outlier detection at the load balancer: a preset name (${presetList(OUTLIER_PRESETS)}) or an object; null is none.`,
      ),
    healthCheck: HealthCheckSchema.nullable()
      .default(null)
      .describe('Active health checks from the load balancer; null is none.'),
    probes: ProbesSchema.nullable()
      .default(null)
      .describe('Kubernetes readiness and liveness probes; null is none.'),
    restartDelayMs: nonNegative()
      .default(1000)
      .describe(
        'How long a replica restarted by its liveness probe is down before any back-off, in ms (>= 0).',
      ),
    restartPolicy: presetOr(RESTART_POLICY_PRESETS, RestartPolicySchema, 'restart policy')
      .nullable()
      .default(null)
      .describe(
        `Back-off between restarts in a row: a preset name (${presetList(RESTART_POLICY_PRESETS)}) or an object; null is none.`,
      ),
    coldStart: ColdStartSchema.nullable()
      .default(null)
      .describe('Slower service for a while after a replica (re)starts; null is never cold.'),
    cache: CacheSchema.nullable()
      .default(null)
      .describe('A cache in front of the service; clients that reach it need keys. null is none.'),
    errorProbability: probability()
      .default(0)
      .describe('Probability that a request fails at this service, before faults, in [0, 1].'),
    writes: z
      .boolean()
      .default(false)
      .describe('Requests are writes with side effects: duplicates are counted.'),
    optimisticConcurrency: z
      .boolean()
      .default(false)
      .describe('A request reads a version on arrival; its write fails if another write landed since.'),
    replicaOverrides: z
      .array(ReplicaOverrideSchema)
      .default(() => [])
      .describe('Replicas whose settings differ from the service’s (one entry per replica).'),
    autoscaling: AutoscalingSchema.nullable()
      .default(null)
      .describe(
        'Autoscaling: replicas (brought within minReplicas..maxReplicas) is the starting count, the count then follows a metric (with a deployment: its desired count, which the rollout splits between versions); null keeps replicas fixed.',
      ),
    failover: FailoverSchema.nullable()
      .default(null)
      .describe(
        'Active-passive failover: replicas are the active ones, standbys wait beside them; null: no standby.',
      ),
    versions: z
      .array(VersionSchema)
      .default(() => [])
      .describe('Named versions the service can be deployed to (see deployment); empty: none.'),
    deployment: DeploymentSchema.nullable()
      .default(null)
      .describe(
        'A rollout to one of versions during the run (an autoscaler beside it sets its desired count); null: none.',
      ),
  })
  .describe('Server-side resilience patterns of a service.');
