/**
 * Faults on the timeline: {@link FaultInjector} schedules a scenario's faults; each family acts
 * through verbs (crash/restart, pause/resume, partition/heal, partitionOneWay/healOneWay,
 * degradeLink/restoreLink, step, drift/restoreDrift).
 *
 * @module
 */
export type { FaultActions } from './actions.ts';
export { ClockFaults } from './clock-faults.ts';
export { FaultInjector } from './injector.ts';
export { NetworkFaults } from './network-faults.ts';
export { ReplicaFaults } from './replica-faults.ts';
