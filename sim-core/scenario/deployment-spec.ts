/**
 * Deployments of a service (`services.<s>.versions` and `services.<s>.deployment`): at `atMs` the
 * service rolls from the version it runs (its own settings, version `stable`) to a named version
 * that behaves differently, by one of three strategies, optionally judged by an automated
 * analysis that promotes or rolls back.
 *
 * Semantics: Kubernetes Deployment `RollingUpdate` (kubernetes.io, "Deployments": maxSurge and
 * maxUnavailable), Argo Rollouts `canary` steps with traffic routing and `blueGreen`
 * (argo-rollouts.readthedocs.io, "Canary", "BlueGreen"), and Argo's AnalysisRun
 * (`interval`, `count`, `failureLimit`, a `successCondition` as a threshold). See
 * `sim-core/model/control/rollout.ts`.
 *
 * @module
 */

/** The name of the version a service runs before any deployment: its own settings. */
export const STABLE_VERSION = 'stable';

/**
 * A version of a service: the settings its replicas run with, as a replica override can set
 * them (`ReplicaOverrideSpec`); null: the service's own.
 */
export interface VersionSpec {
  name: string;
  /** Factor on the replica's service times (3: three times slower). */
  serviceTimeFactor: number | null;
  /** Probability that a request fails at a replica of this version. */
  errorProbability: number | null;
  /** Workers per replica. */
  concurrency: number | null;
  /** Probability that an answer of this version is corrupt (wrong, accepted unless validated). */
  corruptProbability: number | null;
}

/**
 * An Argo AnalysisRun with one metric: every `intervalMs` a measurement of the new version's
 * signal over the interval just ended; a measurement fails when the value exceeds `threshold`
 * (the success condition is `value <= threshold`), and one without any answered attempt is
 * inconclusive. The run fails as soon as more than `failureLimit` measurements failed, and passes
 * after `count` measurements otherwise.
 */
export interface AnalysisSpec {
  /** error-rate: answered attempts that failed / answered attempts; p99-latency: their p99, ms. */
  metric: 'error-rate' | 'p99-latency';
  threshold: number;
  intervalMs: number;
  count: number;
  failureLimit: number;
}

/** One canary step (Argo `steps[]`): exactly one of its keys. */
export type CanaryStepSpec =
  /** Scale the canary to ceil(weight% of replicas), wait until they are available, then send it weight% of the traffic. */
  | { setWeight: number }
  /** Wait `durationMs`. */
  | { pause: { durationMs: number } }
  /** Run an analysis on the canary; failure aborts the rollout (rollback), success goes on. */
  | { analysis: AnalysisSpec };

/** How the new version replaces the old one. */
export type RolloutStrategySpec =
  | {
      /**
       * Kubernetes RollingUpdate: at most `replicas + maxSurge` replicas exist and at least
       * `replicas - maxUnavailable` are available at any time. A count or a percentage of
       * `replicas` ("25%"): surge rounds up, unavailable rounds down.
       */
      kind: 'rolling';
      maxSurge: number | string;
      maxUnavailable: number | string;
    }
  | {
      /** Argo canary with traffic routing: the weight splits traffic whatever the replica counts. */
      kind: 'canary';
      steps: CanaryStepSpec[];
    }
  | {
      /**
       * Argo blueGreen: the green set is brought up fully beside the blue one, an optional
       * pre-promotion analysis, then all traffic switches at once; blue is kept
       * `scaleDownDelayMs` (and until a post-promotion analysis passed) for a rollback.
       */
      kind: 'blue-green';
      prePromotionAnalysis: AnalysisSpec | null;
      postPromotionAnalysis: AnalysisSpec | null;
      scaleDownDelayMs: number;
    };

/** A deployment of a service to one of its `versions`. */
export interface DeploymentSpec {
  /** The version rolled out (a name in `versions`). */
  version: string;
  /** When the rollout starts. */
  atMs: number;
  strategy: RolloutStrategySpec;
  /** From creating a replica until it serves (scheduling, image pull, start-up). */
  provisioningDelayMs: number;
  /** A draining replica still holding work after this long is stopped, its work lost. */
  drainTimeoutMs: number;
  /** From an abort until every request goes to the stable set again (traffic shift, scale-down of the canary starts then). */
  rollbackMs: number;
}
