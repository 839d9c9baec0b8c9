/**
 * The built-in scenario library. Each scenario is a JSON file in `library/`: pure data, the
 * same format as a user's own scenario file (`faultline show <id>` prints it with every
 * default filled in). The list order is the order `faultline list` and the lab show.
 */
import activePassiveFailover from './library/active-passive-failover.json' with { type: 'json' };
import adaptiveConcurrency from './library/adaptive-concurrency.json' with { type: 'json' };
import asyncReplicationLoss from './library/async-replication-loss.json' with { type: 'json' };
import autoscalingLag from './library/autoscaling-lag.json' with { type: 'json' };
import breakerFallback from './library/breaker-fallback.json' with { type: 'json' };
import cacheStampede from './library/cache-stampede.json' with { type: 'json' };
import canaryRollback from './library/canary-rollback.json' with { type: 'json' };
import cascadingFailure from './library/cascading-failure.json' with { type: 'json' };
import clockSkew from './library/clock-skew.json' with { type: 'json' };
import closedLoop from './library/closed-loop.json' with { type: 'json' };
import healthCheckDeathSpiral from './library/health-check-death-spiral.json' with { type: 'json' };
import hedgedRequests from './library/hedged-requests.json' with { type: 'json' };
import jitterComparison from './library/jitter-comparison.json' with { type: 'json' };
import layeredRetries from './library/layered-retries.json' with { type: 'json' };
import leaseSplitBrain from './library/lease-split-brain.json' with { type: 'json' };
import loadSheddingPriority from './library/load-shedding-priority.json' with { type: 'json' };
import lwwClockSkew from './library/lww-clock-skew.json' with { type: 'json' };
import md1 from './library/md1.json' with { type: 'json' };
import metastableFailure from './library/metastable-failure.json' with { type: 'json' };
import mg1Lognormal from './library/mg1-lognormal.json' with { type: 'json' };
import mm1 from './library/mm1.json' with { type: 'json' };
import mm1k from './library/mm1k.json' with { type: 'json' };
import mmc from './library/mmc.json' with { type: 'json' };
import networkPartition from './library/network-partition.json' with { type: 'json' };
import partitionCpVsAp from './library/partition-cp-vs-ap.json' with { type: 'json' };
import queueShockAbsorber from './library/queue-shock-absorber.json' with { type: 'json' };
import quorumStaleness from './library/quorum-staleness.json' with { type: 'json' };
import rateLimitRunaway from './library/rate-limit-runaway.json' with { type: 'json' };
import replicaCrashEjection from './library/replica-crash-ejection.json' with { type: 'json' };
import retryStorm from './library/retry-storm.json' with { type: 'json' };
import sloAlertShedding from './library/slo-alert-shedding.json' with { type: 'json' };
import threeTier from './library/three-tier.json' with { type: 'json' };
import thunderingHerd from './library/thundering-herd.json' with { type: 'json' };
import zoneOutage from './library/zone-outage.json' with { type: 'json' };

/** The failure-and-resilience lessons, in teaching order (the numbering of the README). */
const LESSONS: readonly unknown[] = [
  retryStorm,
  metastableFailure,
  autoscalingLag,
  thunderingHerd,
  cacheStampede,
  networkPartition,
  clockSkew,
  cascadingFailure,
  layeredRetries,
  breakerFallback,
  loadSheddingPriority,
  rateLimitRunaway,
  jitterComparison,
  hedgedRequests,
  adaptiveConcurrency,
  replicaCrashEjection,
  queueShockAbsorber,
  healthCheckDeathSpiral,
  sloAlertShedding,
  quorumStaleness,
  lwwClockSkew,
  zoneOutage,
  leaseSplitBrain,
  asyncReplicationLoss,
  partitionCpVsAp,
  activePassiveFailover,
  canaryRollback,
];

/** Raw (unvalidated) scenario documents, in display order: the lessons, then the queueing models. */
export const BUILT_IN_SCENARIOS: readonly unknown[] = [
  ...LESSONS,
  threeTier,
  closedLoop,
  mm1,
  mmc,
  md1,
  mg1Lognormal,
  mm1k,
];

/** The scenario `faultline run` (and `npm start`) runs when none is named. */
export const DEFAULT_SCENARIO_ID = 'three-tier';

/** The raw document of a built-in scenario, or undefined. */
export function builtInScenario(id: string): unknown {
  return BUILT_IN_SCENARIOS.find((s) => (s as { id?: unknown }).id === id);
}

/** Ids of every built-in scenario, in display order. */
export function builtInScenarioIds(): string[] {
  return BUILT_IN_SCENARIOS.map((s) => String((s as { id?: unknown }).id));
}
