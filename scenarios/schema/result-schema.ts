/**
 * The `faultline run --json` contract: a zod schema of {@link RunResult}, one `.describe()` per
 * field. It is the documentation of the JSON output (it becomes `result.schema.json` through
 * `faultline schema --write`), and tests validate real runs against it.
 *
 * The types live in `sim-core/metrics/result.ts`; the compile-time checks at the bottom of this
 * file keep the two in lock-step, so a field added, removed or retyped on one side fails `tsc`.
 * It sits beside the scenario schema (both public JSON formats in one place); the lab never
 * loads it (the series CSV writer, `sim-core/metrics/series-csv.ts`, needs no zod).
 */
import { z } from 'zod';
import type {
  AlertSummary,
  BreakerTransition,
  CallErrors,
  ClientSeries,
  ClientSummary,
  ControlEvent,
  EdgeSeries,
  EdgeSummary,
  FaultRecovery,
  LatencySummary,
  QueueSeries,
  QueueSummary,
  RunResult,
  RunSeries,
  RunSummary,
  ServiceErrors,
  ServiceSeries,
  ServiceSummary,
  SloSummary,
  StoreSeries,
  StoreSummary,
  TimelineEntry,
} from '../../sim-core/metrics/result.ts';

/** The `$id` of the result JSON Schema. */
export const RESULT_SCHEMA_ID = 'urn:faultline:schema:result';

const count = (text: string) => z.number().int().min(0).describe(text);
const rate = (text: string) => z.number().min(0).describe(text);
const ms = (text: string) => z.number().min(0).nullable().describe(text);
const perBucket = <T extends z.ZodType>(item: T, text: string) => z.array(item).describe(text);
const byName = <T extends z.ZodType>(item: T, text: string) => z.record(z.string(), item).describe(text);

// ---------------------------------------------------------------- summary

/** A latency summary of `what`; every value is null when `none`. */
function latencySummary(what: string, none: string) {
  return z
    .object({
      mean: ms(`Mean, in ms; null when ${none}.`),
      p50: ms(`Median (50th percentile), in ms; null when ${none}.`),
      p90: ms(`90th percentile, in ms; null when ${none}.`),
      p99: ms(`99th percentile, in ms; null when ${none}.`),
      p999: ms(`99.9th percentile, in ms; null when ${none}.`),
      max: ms(`Largest value, in ms; null when ${none}.`),
    })
    .describe(`${what}, in ms, from mergeable histograms (relative error <= 0.4%).`);
}

export const LatencySummarySchema = latencySummary('Latency of successful requests', 'no request succeeded');

export const CallErrorsSchema = z
  .object({
    failed: count('Ended with an error answer from the callee (its work or one of its dependencies failed).'),
    timedOut: count("Ended because the caller's attempt timeout or overall deadline fired first."),
    rejected: count("Ended because the callee's full queue refused the request."),
    dropped: count('Ended because the network lost a message and no timer would ever have ended the call.'),
    shed: count("Ended because the callee's load shedding turned the request away."),
    rateLimited: count("Ended because a token bucket (the caller's or the callee's) had no token."),
    breakerOpen: count("Ended because the caller's circuit breaker refused the call."),
    bulkheadFull: count("Ended because the caller's bulkhead had no free slot in time."),
    limited: count("Ended because an adaptive concurrency limit (the caller's or the callee's) refused it."),
  })
  .describe('Ended calls by cause of failure (the caller’s view; the last attempt’s cause after retries).');

export const ServiceErrorsSchema = z
  .object({
    failed: count('Answered with an error (its work failed, or a downstream call failed or timed out).'),
    rejected: count('Refused because the queue was full.'),
    shed: count(
      'Turned away by load shedding, or dropped from a queue unserved because nobody waits for it any more (its propagated deadline passed, or its call ended: deadline, a hedge answered first).',
    ),
    rateLimited: count("Refused by the service's own token bucket."),
    limited: count("Refused by the service's adaptive concurrency limit."),
  })
  .describe('Attempts the service answered with an error, by cause.');

export const ClientSummarySchema = z
  .object({
    offered: count('User requests issued in the summary window.'),
    offeredPerSec: rate('User requests issued per simulated second.'),
    attempts: count(
      'Attempts sent: first tries, retries and hedges (including those refused by a caller-side guard).',
    ),
    attemptsPerSec: rate('Attempts sent per simulated second.'),
    succeeded: count('User requests that ended in success (degraded and corrupt answers not included).'),
    goodputPerSec: rate(
      'Successful user requests per simulated second (degraded and corrupt answers not included).',
    ),
    errors: CallErrorsSchema.describe('User requests that ended in failure, by cause.'),
    degraded: count('User requests answered by a fallback: a degraded success.'),
    corrupt: count(
      'User requests that got a wrong answer and accepted it as good (a corrupt replica, no validation); not counted as successes.',
    ),
    errorRate: z
      .number()
      .min(0)
      .max(1)
      .describe(
        '(Ended - succeeded - degraded - corrupt) / ended user requests, in [0, 1]; 0 when none ended.',
      ),
    inFlight: count('Requests issued in the window but not ended when the run stopped.'),
    latencyMs: LatencySummarySchema.describe(
      'End-to-end latency of successful user requests, as the client saw it.',
    ),
  })
  .describe(
    'What one client offered and what it got back, over the summary window: offered = succeeded + every error + degraded + corrupt + inFlight.',
  );

export const VersionSummarySchema = z
  .object({
    replicas: z
      .number()
      .int()
      .min(0)
      .describe('Replicas of the version that exist at the end (provisioning, serving or draining).'),
    replicasMean: z.number().min(0).describe('Time-weighted mean of those over the summary window.'),
    requests: count('Attempts answered by the version’s replicas (arrived after the warm-up).'),
    errors: count('Of those, answered with an error (not succeeded, degraded or corrupt).'),
    errorRate: z.number().min(0).max(1).nullable().describe('errors / requests; null without requests.'),
    latencyMs: z
      .object({
        p50: ms('Median response time of its successful answers, in ms; null without any.'),
        p99: ms('99th percentile response time of its successful answers, in ms; null without any.'),
      })
      .describe('Response time at its replicas of successful answers.'),
  })
  .describe('One version’s golden signals at its service (README "Deployments").');

export const ServiceSummarySchema = z
  .object({
    replicas: count('Number of replicas.'),
    workers: count('Workers in total: replicas x concurrency.'),
    attempts: count('Attempts that arrived at the service (at any replica) in the window.'),
    attemptsPerSec: rate('Attempts arriving per simulated second (traffic).'),
    succeeded: count('Attempts answered with success.'),
    goodputPerSec: rate('Attempts answered with success per simulated second.'),
    errors: ServiceErrorsSchema,
    shedByTier: perBucket(
      count('Attempts of this tier that were shed.'),
      'Attempts shed, by request tier (index = tier, 0 the most important); empty when none was shed.',
    ),
    duplicates: count('Writes applied a second time for one request (retries without idempotency keys).'),
    deduplicated: count('Repeated writes recognised by their idempotency key and not applied again.'),
    ejections: count('Times the load balancer ejected one of the replicas (outlier detection).'),
    probes: z
      .object({
        sent: count('Probes and health checks sent (in the window).'),
        passed: count('Answered with success within the timeout.'),
        failed: count('Answered with an error within the timeout (the replica’s queue was full).'),
        timedOut: count(
          'Not answered within the timeout: lost in a partition, queued too long behind work, or the replica down.',
        ),
        restarts: count('Replicas restarted by the orchestrator after their liveness probe failed.'),
      })
      .nullable()
      .describe(
        'Probes and health checks, counted apart from requests (never in attempts, goodput, errors or latency): sent = passed + failed + timedOut + in flight. Null without probes or health checks.',
      ),
    failover: z
      .object({
        failovers: count('Failovers decided (by the detector or forced), one failover-detected event each.'),
        falseFailovers: count(
          'Detector failovers of an active that was up and not paused: its heartbeats were lost or late, not its process.',
        ),
        forced: count('Failovers forced by an alert’s failover action.'),
        failbacks: count('Planned switchovers back to an original active (failback).'),
        detectionMs: z
          .array(z.number().min(0))
          .describe(
            'Per detector failover of an active really down (crashed or paused): ms from its going down to the decision.',
          ),
        meanDetectionMs: z.number().min(0).nullable().describe('Mean of detectionMs; null when it is empty.'),
        promotionMs: z
          .number()
          .min(0)
          .describe('From a decision until the standby serves (the spec’s promotionMs), ms.'),
        unavailableMs: z
          .number()
          .min(0)
          .describe('Time no replica served (none in the load balancer’s set up and not paused), ms.'),
        requestsLost: count(
          'Attempts a replica held when it went down (a crash or a fence), or that reached a replica while it was down.',
        ),
        servedAfterDemotion: count(
          'Attempts a demoted, unfenced replica answered after it left the set (split-brain service).',
        ),
      })
      .optional()
      .describe('Active-passive failover over the whole run; absent for a service without failover.'),
    cache: z
      .object({
        hits: count('Lookups answered by the cache.'),
        misses: count('Lookups that went to the service.'),
        coalesced: count('Lookups that waited for a fetch of the same key already in progress.'),
        hitRatio: z
          .number()
          .min(0)
          .max(1)
          .describe('Hits / (hits + misses + coalesced), in [0, 1]; 0 without lookups.'),
      })
      .nullable()
      .describe('The cache in front of the service (over the whole run), or null without one.'),
    late: count('Responses sent after the caller had already given up: wasted work.'),
    inFlight: count(
      'Attempts that arrived in the window and were not answered when the run stopped: queued, in service, or wiped by a crash.',
    ),
    latencyMs: LatencySummarySchema.describe(
      'Response time at the service (queueing + work + downstream calls) of successful attempts.',
    ),
    queueWaitMs: z
      .object({
        mean: ms('Mean wait, in ms (exact); null when no attempt got a worker.'),
        p50: ms('Median wait, in ms; null when no attempt got a worker.'),
        p90: ms('90th percentile wait, in ms; null when no attempt got a worker.'),
        p99: ms('99th percentile wait, in ms; null when no attempt got a worker.'),
        p999: ms('99.9th percentile wait, in ms; null when no attempt got a worker.'),
      })
      .describe('Time attempts waited in a queue before a worker took them (of those that got one).'),
    waitedFraction: z
      .number()
      .min(0)
      .max(1)
      .describe('Fraction of the attempts that got a worker which had to wait for it first, in [0, 1].'),
    queueDepth: z
      .object({
        mean: z.number().min(0).describe('Time-weighted mean of waiting requests, summed over replicas.'),
        max: z.number().min(0).describe('Most requests waiting at once, summed over replicas.'),
      })
      .describe('Waiting requests (saturation).'),
    utilisation: z
      .number()
      .min(0)
      .describe('Time-weighted mean of busy workers / workers, in [0, 1] (saturation).'),
    inSystemMean: z
      .number()
      .min(0)
      .describe('Time-weighted mean number of attempts in the service: waiting + being served.'),
    amplification: z
      .number()
      .min(0)
      .nullable()
      .describe(
        'Failure amplification: attempts at this service / user requests offered by all clients; null when no user request was offered.',
      ),
    versions: byName(
      VersionSummarySchema,
      'Per version of a service with a deployment ("stable": its own settings, then each of its versions); absent otherwise.',
    ).optional(),
  })
  .describe(
    'The golden signals of one service (all its replicas), over the summary window: attempts = succeeded + every error + inFlight.',
  );

const BreakerStateSchema = z.enum(['closed', 'open', 'half-open']);

export const BreakerTransitionSchema = z
  .object({
    atMs: z.number().min(0).describe('When the breaker changed state, in ms of simulated (true) time.'),
    node: z
      .string()
      .describe('The caller node whose breaker changed: a client, or a replica "service/index".'),
    from: BreakerStateSchema.describe('The state it left.'),
    to: BreakerStateSchema.describe('The state it entered.'),
  })
  .describe('A circuit breaker state change on one caller node.');

export const EdgeSummarySchema = z
  .object({
    calls: count('Calls made on this edge (logical requests, each with one or more attempts).'),
    attempts: count(
      'Attempts: first tries, retries and hedges (including those refused by a caller-side guard).',
    ),
    retries: count('Retries sent after a failed attempt (after the backoff).'),
    hedges: count(
      'Hedged attempts: extra attempts sent while an earlier one was still waiting for its answer.',
    ),
    retriesSuppressed: count(
      'Retries a retry budget or quota refused; the call then ended with its last cause.',
    ),
    refused: z
      .object({
        breakerOpen: count('Refused by the circuit breaker (open, or half-open with no trial call left).'),
        rateLimited: count("Refused by the caller's token bucket."),
        bulkheadFull: count('Refused by the bulkhead: no free slot within maxWaitMs.'),
        limited: count("Refused by the caller's adaptive concurrency limit."),
      })
      .describe("Attempts refused by the caller's own guards before they were sent, by guard."),
    fallbacks: count('Calls that failed and were answered by a fallback instead (degraded).'),
    corruptDetected: count('Corrupt answers caught by response validation (they count as failed).'),
    amplification: z
      .number()
      .min(0)
      .nullable()
      .describe('Attempts per call on this edge (1.0: no retry or hedge); null when no call was made.'),
    outcomes: byName(
      count('Calls that ended with this outcome.'),
      'Ended calls by outcome, keyed by outcome name: succeeded, failed, timedOut, rejected, dropped, shed, rateLimited, breakerOpen, bulkheadFull, limited, degraded, corrupt.',
    ),
    breaker: z
      .object({
        opened: count('Times a breaker on this edge opened in the window.'),
        transitions: z
          .array(BreakerTransitionSchema)
          .describe('Every state change of the breakers on this edge, in time order (warm-up included).'),
      })
      .nullable()
      .describe('The circuit breakers of the caller nodes on this edge, or null when the edge has none.'),
    limit: z
      .object({
        mean: z.number().min(0).describe('Time-weighted mean limit per caller node over the window.'),
        min: z.number().min(0).describe('Smallest limit a caller node had in the window.'),
        max: z.number().min(0).describe('Largest limit a caller node had in the window.'),
      })
      .nullable()
      .describe("The caller's adaptive concurrency limit on this edge, or null when it has none."),
  })
  .describe(
    'One dependency "caller->target" (the caller a client, service or queue, summed over its nodes), over the summary window.',
  );

export const QueueSummarySchema = z
  .object({
    published: count('Messages published to the queue.'),
    delivered: count('Messages acknowledged by a consumer.'),
    redeliveries: count('Deliveries repeated after a failure or an expired visibility timeout.'),
    deadLettered: count('Messages moved to the dead-letter queue after maxDeliveries failed deliveries.'),
    depth: z
      .object({
        mean: z.number().min(0).describe('Time-weighted mean of messages held.'),
        max: z.number().min(0).describe('Most messages held at once.'),
      })
      .describe('Messages held: visible, being delivered, or waiting to become visible again.'),
    oldestAgeMsMax: z
      .number()
      .min(0)
      .describe('Age of the oldest visible message, in ms: its maximum over the window.'),
    deliveryLatencyMs: latencySummary(
      'Time from publish to acknowledgement of delivered messages',
      'no message was delivered',
    ),
  })
  .describe('One message queue, over the summary window.');

export const StoreSummarySchema = z
  .object({
    reads: count('Reads coordinated.'),
    writes: count('Writes coordinated (a retried write without idempotency keys is a second write).'),
    staleReads: count(
      'Reads that returned a version older than the newest write acknowledged before the read began (exact, from the true times).',
    ),
    lostWrites: count(
      'Acknowledged writes that no replica reflects at the end: every replica holds a write acknowledged before it began, or nothing.',
    ),
    splitBrainWrites: count(
      'Writes accepted by a leader while a leader of a later term existed (0 for leaderless stores).',
    ),
    conflicts: count(
      'Replica applications that last-writer-wins discarded because the replica held a newer version; with conflicts "siblings", reads that returned more than one sibling.',
    ),
    unavailable: count('Operations refused at once for lack of R (W) reachable replicas.'),
    readYourWritesViolations: count(
      "Stale reads counting only the reading client's own acknowledged writes.",
    ),
    monotonicReadViolations: count(
      'Reads that returned a write older than what an earlier, completed read of the same client and key returned.',
    ),
    timedOut: count(
      "Operations ended by the coordinator's timeout (a write then is indeterminate: it may have applied).",
    ),
    readRepairs: count('Repair writes sent by reads (0 without readRepair).'),
    hintsReplayed: count('Writes kept for unreachable replicas (hinted handoff; 0 without hintedHandoff).'),
    siblingsMax: count(
      'Stores with conflicts "siblings" only: the most siblings (concurrent versions) one read returned.',
    ).optional(),
    semiSyncFallbacks: count(
      'Leader stores with a semi-sync timeoutMs only: times a leader fell back to asynchronous replication because a write waited the whole timeout.',
    ).optional(),
    clients: byName(
      z
        .object({
          reads: count('Reads of this client that returned (ended ok), each judged by the oracle.'),
          staleReads: count('Of those, stale reads.'),
          readYourWritesViolations: count(
            "Of those, reads that returned a write older than this client's own write acknowledged before the read began.",
          ),
          monotonicReadViolations: count(
            'Of those, reads that returned a write older than what an earlier, completed read of this client and key returned.',
          ),
        })
        .describe('One client (one session) of the store.'),
      'The session guarantees per client, by client name (a queue delivery\'s operations: "(queue deliveries)"); a client appears once one of its reads returned.',
    ),
  })
  .describe(
    'One replicated store, over the whole run (warm-up included), counted exactly by the consistency oracle.',
  );

export const FaultRecoverySchema = z
  .object({
    name: z.string().describe('The fault\'s name (its own, or "<kind>@<atMs>").'),
    kind: z.string().describe("The fault's kind: crash, latency, errors, partition, ..."),
    startMs: z.number().min(0).describe('When the fault started, in ms.'),
    endMs: z
      .number()
      .min(0)
      .nullable()
      .describe('When the fault ended, in ms; null when it lasts until the end of the run.'),
    preFaultGoodputPerSec: z
      .number()
      .min(0)
      .nullable()
      .describe(
        'Baseline: mean goodput (all clients) of the full buckets before the fault that no other fault touches; null when there is none or it is 0.',
      ),
    recoveredAtMs: z
      .number()
      .min(0)
      .nullable()
      .describe(
        'Start of the first bucket after the fault ended from which goodput stayed within 10% of the baseline for 3 buckets; the end itself when goodput never dropped; null when it did not recover.',
      ),
    recoveryMs: z
      .number()
      .min(0)
      .nullable()
      .describe('recoveredAtMs - endMs, in ms (0: goodput never dropped); null when it did not recover.'),
    metastable: z
      .boolean()
      .describe(
        'True when goodput never came back within the run after the fault ended (a metastable failure), with enough run left to tell.',
      ),
    state: z
      .enum(['recovered', 'metastable', 'ongoing', 'no-baseline', 'interrupted', 'inconclusive'])
      .describe(
        'recovered; metastable; ongoing (never ends, or still active at the end); no-baseline (no pre-fault goodput to compare with); interrupted (a later fault started first); inconclusive (too few buckets left after the fault).',
      ),
  })
  .describe('How the system came back after one fault (see README "Recovery").');

export const TimelineEntrySchema = z
  .object({
    kind: z
      .enum(['crash', 'partition', 'not-ready', 'restart', 'provisioning', 'draining', 'standby'])
      .describe(
        'What happened to the replica: crash (a chaos-crash hit, or a zone-outage in crash mode: it is down), partition (a chaos-partition hit: cut off from every node that calls its service; a zone-outage in partition mode: cut off from every node outside its zone), not-ready (out of the load balancer: its readiness probe or health checks fail, or it restarted and readiness has not passed yet), restart (the orchestrator restarts it after a liveness failure: down), provisioning (an autoscaler created it: not serving yet), draining (scaled in: out of rotation, finishing what it holds), standby (a failover standby or a demoted active: up, out of the set until promoted). More kinds may be added.',
      ),
    source: z.string().describe("What did it: the fault's name, as in summary.faults[].name."),
    service: z.string().describe("The replica's service."),
    replica: count("The replica's index in its service."),
    node: z.string().describe('The replica\'s node name, e.g. "api/1".'),
    startMs: z.number().min(0).describe('When it started, in ms of simulated (true) time.'),
    endMs: z
      .number()
      .min(0)
      .nullable()
      .describe('When it ended, in ms of simulated (true) time; null: still in force when the run stopped.'),
  })
  .describe(
    'One thing done to one replica from one time to another: a chaos hit, a zone outage or a control-plane state.',
  );

export const ControlEventSchema = z
  .object({
    atMs: z.number().min(0).describe('When it happened, in ms of simulated (true) time.'),
    kind: z
      .string()
      .describe(
        'What happened (e.g. readiness-failed, restart, scale, alert-fired); the README lists every kind. More kinds may be added.',
      ),
    service: z
      .string()
      .nullable()
      .describe('The service it concerns; null: not one service (e.g. an SLO alert).'),
    replica: z
      .number()
      .int()
      .min(0)
      .nullable()
      .describe("The replica's index in its service; null: the service as a whole."),
    source: z.string().describe('What did it: the probe, policy, rollout, alert or fault name.'),
    detail: z
      .record(z.string(), z.union([z.number(), z.string()]).describe('A number or a name.'))
      .describe('Numbers and names that say what changed, e.g. { from: 4, to: 6 } for a scaling decision.'),
  })
  .describe(
    'One control-plane instant: a probe flipping readiness, a restart, a scaling decision, an alert.',
  );

export const SloSummarySchema = z
  .object({
    client: z
      .string()
      .nullable()
      .describe('The client whose user requests are measured; null: a service is.'),
    service: z
      .string()
      .nullable()
      .describe('The service whose answered attempts are measured; null: a client is.'),
    objective: z
      .object({
        kind: z
          .enum(['availability', 'latency'])
          .describe('availability: good = a good answer; latency: good = ended within thresholdMs.'),
        target: z.number().gt(0).lt(1).describe('Fraction of requests that must be good.'),
        thresholdMs: ms('A latency objective’s threshold, in ms; null for availability.'),
      })
      .describe('The objective, as the scenario declares it.'),
    window: z
      .object({
        fromMs: z.number().min(0).describe('Start of the compliance window, in ms.'),
        toMs: z.number().min(0).describe('End of the compliance window (the run’s end so far), in ms.'),
      })
      .describe('The compliance window: requests that ended in [fromMs, toMs).'),
    good: count('Good requests that ended in the window.'),
    total: count('Requests that ended in the window.'),
    sli: z.number().min(0).max(1).nullable().describe('good / total; null without requests.'),
    attained: z.boolean().describe('sli >= target (true without requests).'),
    errorBudgetSpent: z
      .number()
      .min(0)
      .describe(
        'Fraction of the error budget used: (total - good) / ((1 - target) × total); 1 is all of it, more is an SLO missed; 0 without requests.',
      ),
  })
  .describe('One SLO over its compliance window (README "SLOs and burn-rate alerts").');

export const AlertSummarySchema = z
  .object({
    slo: z.string().describe('The SLO the alert watches.'),
    fired: z
      .array(
        z
          .object({
            atMs: z.number().min(0).describe('When it fired (an evaluation), in ms.'),
            clearedAtMs: ms(
              'When it cleared (an evaluation), in ms; null: still firing when the run stopped.',
            ),
          })
          .describe('One firing.'),
      )
      .describe('Every firing, in time order.'),
    firings: count('Times it fired.'),
    firing: z.boolean().describe('Still firing when the run stopped.'),
    timeToDetectMs: ms(
      'From the start of the first fault to the first firing at or after it, in ms; null without a fault or such a firing.',
    ),
    timeToMitigateMs: ms(
      'From the start of the first fault to the alert’s action taking effect after that firing, in ms; null without an action or firing.',
    ),
    actionAtMs: ms('When the alert’s action first took effect, in ms; null: never, or no action.'),
    actions: z
      .array(
        z
          .object({
            atMs: z.number().min(0).describe('When the action took effect, in ms.'),
            endedAtMs: ms(
              'When it was undone after the alert cleared (action.until "cleared"), in ms; null: "forever", or the run stopped first.',
            ),
          })
          .describe('One action taken.'),
      )
      .describe('Each time the alert’s action took effect and when it ended, in time order.'),
  })
  .describe('One burn-rate alert over the whole run (README "SLOs and burn-rate alerts").');

export const DeploymentSummarySchema = z
  .object({
    name: z.string().describe('The service’s name (metric paths: deployments.<service>.<field>).'),
    service: z.string().describe('The service deployed.'),
    version: z.string().describe('The version rolled out.'),
    strategy: z.enum(['rolling', 'canary', 'blue-green']).describe('How it was rolled out.'),
    startMs: ms('When it started, in ms; null: not yet when the run stopped.'),
    endMs: ms('When it was promoted or rolled back completely, in ms; null: not yet.'),
    outcome: z
      .enum(['pending', 'in-progress', 'rolling-back', 'promoted', 'rolled-back'])
      .describe('Where it ended: promoted (the new version is stable) or rolled-back, or still under way.'),
    abortedAtMs: ms('When it was aborted (a failed analysis or an alert’s rollback), in ms; null: never.'),
    abortedBy: z.string().nullable().describe('What aborted it: "analysis" or "alert"; null: nothing.'),
    mitigatedAtMs: ms(
      'When every request went to the stable version again after the abort, in ms; null: never.',
    ),
    timeToMitigateMs: ms('From the rollout’s start to mitigatedAtMs, in ms; null without a mitigation.'),
    abortToMitigateMs: ms('From the abort to mitigatedAtMs, in ms; null without a mitigation.'),
    blastRadius: z
      .object({
        failed: count(
          'Attempts answered with an error by the new version, from the rollout’s start to the run’s end.',
        ),
        attempts: count('Attempts the service answered in that span (every version).'),
        fraction: z.number().min(0).max(1).nullable().describe('failed / attempts; null without attempts.'),
      })
      .describe('The blast radius of the new version.'),
    analyses: z
      .object({
        passed: count('Analysis runs that passed.'),
        failed: count('Analysis runs that failed (each aborts the rollout).'),
      })
      .describe('The rollout’s analysis runs.'),
  })
  .describe('One service’s rollout (README "Deployments").');

export const RunSummarySchema = z
  .object({
    window: z
      .object({
        fromMs: z.number().min(0).describe('Start of the window: the end of the warm-up, in ms.'),
        toMs: z.number().min(0).describe('End of the window: the end of the run, in ms.'),
      })
      .describe('The simulated time the summary covers: requests issued in [fromMs, toMs].'),
    userRequests: count('User requests offered by all clients in the window.'),
    clients: byName(ClientSummarySchema, 'Per client, by client name.'),
    services: byName(ServiceSummarySchema, 'Per service, by service name.'),
    edges: byName(
      EdgeSummarySchema,
      'Per dependency, by "caller->target" (e.g. "users->api", "api->db"): every client and every downstream call.',
    ),
    queues: byName(QueueSummarySchema, 'Per message queue, by queue name; empty without queues.'),
    faults: z
      .array(FaultRecoverySchema)
      .describe(
        "Recovery after each of the scenario's faults, in the scenario's order; empty without faults.",
      ),
    timeline: z
      .array(TimelineEntrySchema)
      .describe(
        'The control timeline over the whole run (warm-up included), in order of start: every chaos hit and every replica a zone outage hits, with its replica and times. Empty without chaos or zone-outage faults.',
      ),
    controlEvents: z
      .array(ControlEventSchema)
      .describe(
        'Control-plane instants over the whole run (warm-up included), in time order. Empty without a control plane.',
      ),
    slos: byName(SloSummarySchema, 'Per SLO, by SLO name; empty without SLOs.'),
    alerts: byName(AlertSummarySchema, 'Per burn-rate alert, by alert name; empty without alerts.'),
    deployments: z
      .array(DeploymentSummarySchema)
      .describe('The services’ rollouts, in service order; empty without deployments.'),
    network: z
      .object({
        sent: count('Messages sent over the network during the run.'),
        lost: count('Messages the network lost (loss, partitions).'),
      })
      .describe('Network totals.'),
    stores: byName(StoreSummarySchema, 'Per replicated store, by service name; empty without stores.'),
  })
  .describe('Totals and rates over the summary window (the run after its warm-up).');

// ---------------------------------------------------------------- series

const rates = (text: string) => perBucket(z.number().min(0), `${text}, one value per bucket.`);
const latencies = (text: string) =>
  perBucket(z.number().min(0).nullable(), `${text}, in ms, one value per bucket; null when none succeeded.`);

export const ClientSeriesSchema = z
  .object({
    offeredPerSec: rates('User requests issued per second'),
    attemptsPerSec: rates('Attempts sent per second'),
    goodputPerSec: rates('Successful user requests per second'),
    errorsPerSec: z
      .object({
        failed: rates('User requests failed by an error answer, per second'),
        timedOut: rates('User requests ended by a timeout or deadline, per second'),
        rejected: rates('User requests refused by a full queue, per second'),
        dropped: rates('User requests lost to the network, per second'),
        shed: rates('User requests turned away by load shedding, per second'),
        rateLimited: rates('User requests refused by a token bucket, per second'),
        breakerOpen: rates('User requests refused by an open circuit breaker, per second'),
        bulkheadFull: rates('User requests refused by a full bulkhead, per second'),
        limited: rates('User requests refused by an adaptive concurrency limit, per second'),
      })
      .describe('Failed user requests per second, by cause.'),
    degradedPerSec: rates('User requests answered by a fallback, per second'),
    latencyP50Ms: latencies('Median latency of successful user requests'),
    latencyP99Ms: latencies('99th percentile latency of successful user requests'),
  })
  .describe('One client over time.');

export const ServiceSeriesSchema = z
  .object({
    attemptsPerSec: rates('Attempts arriving per second'),
    goodputPerSec: rates('Attempts answered with success per second'),
    errorsPerSec: z
      .object({
        failed: rates('Attempts answered with an error per second'),
        rejected: rates('Attempts refused by a full queue per second'),
        shed: rates('Attempts turned away by load shedding per second'),
        rateLimited: rates("Attempts refused by the service's token bucket per second"),
        limited: rates("Attempts refused by the service's adaptive concurrency limit per second"),
      })
      .describe('Attempts answered with an error per second, by cause.'),
    latencyP50Ms: latencies('Median response time at the service'),
    latencyP99Ms: latencies('99th percentile response time at the service'),
    queueDepthMean: rates('Time-weighted mean of waiting requests (summed over replicas)'),
    queueDepthMax: rates('Most requests waiting at once (summed over replicas)'),
    utilisation: rates(
      'Time-weighted busy workers / workers, in [0, 1] (autoscaled: / workers of the serving replicas, ready or draining)',
    ),
    amplification: perBucket(
      z.number().min(0).nullable(),
      'Attempts at this service / user requests offered, one value per bucket; null when no user request was offered.',
    ),
    replicas: rates(
      'Time-weighted mean of replicas that exist (provisioning, ready or draining; the configured count unless the service autoscales)',
    ),
    readyReplicas: rates(
      'Time-weighted mean of replicas whose Ready condition is true (Kubernetes readyReplicas): in the set, up, started and readiness passing; outlier ejection does not count',
    ),
    versions: byName(
      z
        .object({
          attemptsPerSec: rates('Attempts the version’s replicas answered per second (by answer time)'),
          errorsPerSec: rates('Of those, answered with an error, per second'),
          replicas: rates('Time-weighted mean of the version’s replicas that exist'),
        })
        .describe('One version over time.'),
      'Per version of a service with a deployment; absent otherwise.',
    ).optional(),
  })
  .describe('One service over time.');

export const EdgeSeriesSchema = z
  .object({
    attemptsPerSec: rates('Attempts on this edge per second (first tries, retries, hedges)'),
    retriesPerSec: rates('Retries per second'),
    retriesSuppressedPerSec: rates('Retries refused by a retry budget per second'),
    refusedPerSec: rates("Attempts refused by the caller's own guards per second"),
    fallbacksPerSec: rates('Calls answered by a fallback per second'),
    breakerOpen: rates(
      'Time-weighted number of caller nodes whose breaker on this edge is open (half-open counts 0.5)',
    ),
    limit: perBucket(
      z.number().min(0).nullable(),
      'Time-weighted mean adaptive limit over the caller nodes, one value per bucket; null without a limit.',
    ),
  })
  .describe('One dependency "caller->target" over time.');

export const QueueSeriesSchema = z
  .object({
    depthMean: rates('Time-weighted mean of messages held'),
    depthMax: rates('Most messages held at once'),
    oldestAgeMs: rates('Age of the oldest visible message in ms, its maximum in the bucket'),
    deliveredPerSec: rates('Messages acknowledged per second'),
  })
  .describe('One message queue over time.');

export const StoreSeriesSchema = z
  .object({
    readsPerSec: rates('Reads coordinated per second (by invocation)'),
    writesPerSec: rates('Writes coordinated per second (by invocation)'),
    staleReadsPerSec: rates('Stale reads per second (by completion)'),
    lostWritesPerSec: rates('Lost writes per second (by acknowledgement)'),
    splitBrainWritesPerSec: rates('Split-brain writes per second'),
    unavailablePerSec: rates('Operations refused for lack of a quorum per second'),
    replicas: z
      .array(
        z
          .object({
            lagMs: rates(
              'Replication lag at the bucket’s end, in ms: how long ago the oldest write this replica has not applied was invoked (0: up to date)',
            ),
            appliedVersion: perBucket(
              z.number().int().min(0),
              'Writes this replica has applied (LWW-discarded ones included) by the bucket’s end, one value per bucket.',
            ),
          })
          .describe('One replica, by its index in the service.'),
      )
      .describe('Per replica, in replica order.'),
    leader: perBucket(
      z.number().int().min(0).nullable(),
      'Leader-based stores only: the replica index leading at the bucket’s end (the highest term among up leaders), null: none; one value per bucket.',
    ).optional(),
    term: perBucket(
      z.number().int().min(0),
      'Leader-based stores only: the highest Raft term an up replica has reached by the bucket’s end, one value per bucket.',
    ).optional(),
    conflictsPerSec: rates(
      'Conflicts per second, by when they happened: replica applications last-writer-wins discarded, log entries a replica truncated, or (siblings) reads that returned more than one sibling',
    ),
    siblingsMax: perBucket(
      z.number().int().min(0),
      'Stores with conflicts "siblings" only: the most siblings one read returned in the bucket (0: no read returned), one value per bucket.',
    ).optional(),
  })
  .describe('One replicated store over time.');

export const RunSeriesSchema = z
  .object({
    bucketMs: z.number().positive().describe('Width of a bucket, in ms.'),
    startMs: perBucket(
      z.number().min(0),
      'Start of each bucket, in ms: bucket i covers [startMs[i], startMs[i] + bucketMs). Every other array has one entry per bucket.',
    ),
    clients: byName(ClientSeriesSchema, 'Per client, by client name.'),
    services: byName(ServiceSeriesSchema, 'Per service, by service name.'),
    edges: byName(EdgeSeriesSchema, 'Per dependency, by "caller->target".'),
    queues: byName(QueueSeriesSchema, 'Per message queue, by queue name.'),
    stores: byName(StoreSeriesSchema, 'Per replicated store, by service name; empty without stores.'),
  })
  .describe('Metrics over time in fixed buckets of simulated time, over the whole run (warm-up included).');

// ---------------------------------------------------------------- the result

export const RunResultSchema = z
  .object({
    format: z.literal(1).describe('Version of this result format; bumped on any incompatible change.'),
    scenario: z.string().describe('Id of the scenario that ran.'),
    title: z.string().describe('Title of the scenario that ran.'),
    seed: z
      .number()
      .int()
      .min(0)
      .describe('The master seed of the run. Same scenario + same seed = same run.'),
    traceHash: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .describe(
        '16 hex digits: a hash of every processed event (time, kind, entity). Same inputs give the same hash on every platform.',
      ),
    events: count('Events processed.'),
    simTimeMs: z.number().min(0).describe('Simulated time reached, in ms.'),
    stopReason: z
      .enum(['completed', 'max-events', 'max-in-flight'])
      .describe(
        "Why the run stopped: 'completed' ran to the scenario's duration; 'max-events' means the event budget stopped a runaway run; 'max-in-flight' means more than budget.maxInFlight user requests were in flight at once (an overloaded run, stopped right after the event that exceeded the limit).",
      ),
    stopMessage: z.string().describe('A sentence explaining the stop.'),
    summary: RunSummarySchema,
    series: RunSeriesSchema,
  })
  .describe('The result of one Faultline run: the output of `faultline run --json`.');

/**
 * The JSON Schema (draft 2020-12) of `faultline run --json`.
 *
 * Generated in `output` mode: it describes what a run produces. Objects are left open (no
 * `additionalProperties: false`): a new field is a compatible change that does not bump
 * `format`, so a consumer validating against this schema must not reject it. Returns a fresh
 * object on every call.
 */
export function resultJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RunResultSchema, {
    target: 'draft-2020-12',
    io: 'output',
    reused: 'inline',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: RESULT_SCHEMA_ID, title: 'Faultline run result', ...rest };
}

// ---------------------------------------------------------------- lock-step with sim-core's types

/** True when A and B are the same type (not merely mutually assignable). */
type IsEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

// One check per part, so a drift points at the part that drifted. Unused on purpose: the checks
// run when tsc resolves these aliases.
type _Checks = [
  Assert<IsEqual<z.output<typeof LatencySummarySchema>, LatencySummary>>,
  Assert<IsEqual<z.output<typeof QueueSummarySchema>['deliveryLatencyMs'], LatencySummary>>,
  Assert<IsEqual<z.output<typeof CallErrorsSchema>, CallErrors>>,
  Assert<IsEqual<z.output<typeof ServiceErrorsSchema>, ServiceErrors>>,
  Assert<IsEqual<z.output<typeof ClientSummarySchema>, ClientSummary>>,
  Assert<IsEqual<z.output<typeof ServiceSummarySchema>, ServiceSummary>>,
  Assert<IsEqual<z.output<typeof BreakerTransitionSchema>, BreakerTransition>>,
  Assert<IsEqual<z.output<typeof EdgeSummarySchema>, EdgeSummary>>,
  Assert<IsEqual<z.output<typeof QueueSummarySchema>, QueueSummary>>,
  Assert<IsEqual<z.output<typeof FaultRecoverySchema>, FaultRecovery>>,
  Assert<IsEqual<z.output<typeof TimelineEntrySchema>, TimelineEntry>>,
  Assert<IsEqual<z.output<typeof ControlEventSchema>, ControlEvent>>,
  Assert<IsEqual<z.output<typeof SloSummarySchema>, SloSummary>>,
  Assert<IsEqual<z.output<typeof AlertSummarySchema>, AlertSummary>>,
  Assert<IsEqual<z.output<typeof StoreSummarySchema>, StoreSummary>>,
  Assert<IsEqual<z.output<typeof StoreSeriesSchema>, StoreSeries>>,
  Assert<IsEqual<z.output<typeof RunSummarySchema>, RunSummary>>,
  Assert<IsEqual<z.output<typeof ClientSeriesSchema>, ClientSeries>>,
  Assert<IsEqual<z.output<typeof ServiceSeriesSchema>, ServiceSeries>>,
  Assert<IsEqual<z.output<typeof EdgeSeriesSchema>, EdgeSeries>>,
  Assert<IsEqual<z.output<typeof QueueSeriesSchema>, QueueSeries>>,
  Assert<IsEqual<z.output<typeof RunSeriesSchema>, RunSeries>>,
  Assert<IsEqual<z.output<typeof RunResultSchema>, RunResult>>,
];
