/**
 * What an alert can do when it fires: a registry keyed by action kind. A new action (a rollback
 * of a deployment, a failover) is one entry here and one variant of `AlertActionSpec`; the
 * mapped type below makes the compiler ask for the entry, and validation rejects a kind it does
 * not know, listing the allowed ones.
 *
 * @module
 */
import type { AlertActionSpec } from '../../scenario/slo-spec.ts';
import type { ServiceRuntime } from '../runtime.ts';

/** What an action may touch. */
export interface ActionContext {
  readonly services: readonly ServiceRuntime[];
  /** The index of a service by name (validation guarantees it exists). */
  serviceIndex(name: string): number;
  /**
   * Forces a failover of the service's first active replica, once per `key` (a later call with
   * the same key does nothing); returns the standby's slot, or -1 (none, or already done).
   */
  forceFailover(service: number, key: object): number;
  /** Aborts the service's rollout in progress (`control/rollout.ts`); false if none was. */
  abortRollout(service: number, source: string): boolean;
}

/** What an action did, for its `alert-action` control event. */
export interface ActionEffect {
  /** The service it acted on, or null. */
  readonly service: string | null;
  /** Names and numbers that say what changed (`action` is added by the caller). */
  readonly detail: Record<string, number | string>;
}

type ActionHandler<S extends AlertActionSpec> = (spec: S, context: ActionContext) => ActionEffect;

/** One handler per action kind. */
export const ALERT_ACTIONS: {
  readonly [K in AlertActionSpec['kind']]: ActionHandler<Extract<AlertActionSpec, { kind: K }>>;
} = {
  /**
   * Turns on the load shedding the service declared with `enabled: false`: from now on its
   * replicas shed new arrivals (queue length, priority) or at dequeue (CoDel), as the spec says.
   * Work already queued stays; turning it on twice changes nothing (`changed: 0`).
   */
  'enable-shedding': (spec, context) => {
    const svc = context.services[context.serviceIndex(spec.service)];
    const wasOn = svc.shedding !== null;
    svc.shedding = svc.spec.shedding;
    return {
      service: spec.service,
      detail: {
        shedding: svc.spec.shedding === null ? 'none' : svc.spec.shedding.kind,
        changed: wasOn ? 0 : 1,
      },
    };
  },
  /**
   * Forces a failover of the service (as an operator's `crm resource move` or Patroni's
   * `switchover` would): its first active replica is failed over to its first live standby, with
   * the usual promotion time and fencing. One-shot: a later firing of the same alert does nothing
   * (`changed: 0`); so does a firing while no standby is alive.
   */
  failover: (spec, context) => {
    const standby = context.forceFailover(context.serviceIndex(spec.service), spec);
    return { service: spec.service, detail: { standby, changed: standby < 0 ? 0 : 1 } };
  },
  /**
   * Aborts the service's rollout in progress, as `kubectl argo rollouts abort` (or
   * `kubectl rollout undo` of a rolling update): traffic back to the stable version after the
   * deployment's `rollbackMs`. One-shot: a rollback is not undone when the alert clears. No
   * rollout in progress: nothing changes (`changed: 0`).
   */
  rollback: (spec, context) => ({
    service: spec.service,
    detail: { changed: context.abortRollout(context.serviceIndex(spec.service), 'alert') ? 1 : 0 },
  }),
};

/** The action kinds, for messages. */
export const ALERT_ACTION_KINDS: readonly string[] = Object.keys(ALERT_ACTIONS);

/** Applies an action through its kind's handler. */
export function applyAction(spec: AlertActionSpec, context: ActionContext): ActionEffect {
  const handler = ALERT_ACTIONS[spec.kind] as ActionHandler<AlertActionSpec>;
  return handler(spec, context);
}
