import { BAND_CONTROL, Engine } from '../engine/engine.ts';
import type { FaultView } from '../faults/view.ts';
import type { MetricsSink } from '../metrics/sink.ts';
import { createAdaptiveLimit } from '../patterns/adaptive-limit.ts';
import { TokenBucket } from '../patterns/token-bucket.ts';
import { createSampler } from '../random/distributions.ts';
import { RandomStreams } from '../random/streams.ts';
import { NO_CALL_POLICY } from '../scenario/policy-spec.ts';
import type { CallPolicySpec, Scenario } from '../scenario/spec.ts';
import { createArrivalProcess } from './arrivals.ts';
import type { Job } from './call.ts';
import { Caller } from './caller.ts';
import { Clients } from './clients.ts';
import { NodeClock } from './clock.ts';
import { Alerting } from './control/alerts.ts';
import { Autoscalers } from './control/autoscaler.ts';
import { Failover } from './control/failover.ts';
import { Orchestrator } from './control/orchestrator.ts';
import { Prober } from './control/probes.ts';
import { Rollouts } from './control/rollout.ts';
import { deploymentSlots } from './control/rollout-plan.ts';
import { ScalingSignals } from './control/signals.ts';
import { SloTap } from './control/slo-tap.ts';
import { complianceStart, SloTracker } from './control/slo-tracker.ts';
import type { GuardContext } from './edge/guard.ts';
import { createGuards } from './edge/guards.ts';
import { Edge } from './edge.ts';
import { KeyCache } from './key-cache.ts';
import { zipfCdf } from './keys.ts';
import {
  ALERT_ACTION,
  ALERT_EVALUATION,
  ARRIVAL,
  ATTEMPT_TIMEOUT,
  AUTOSCALE,
  BULKHEAD_TIMEOUT,
  bindKinds,
  CACHE_HIT,
  DEADLINE,
  FAILOVER_PROMOTION,
  FAILOVER_TICK,
  FAULT,
  HEALTH_CHECK,
  HEARTBEAT_MESSAGE,
  HEARTBEAT_TIMEOUT,
  HEDGE,
  HERD,
  type Payload,
  PROBE_ANSWERED,
  PROBE_ARRIVES,
  PROBE_TIMEOUT,
  QUEUE_VISIBLE,
  REQUEST_ARRIVES,
  RESPONSE_ARRIVES,
  RESTARTED,
  RETRY,
  ROLLOUT,
  STORE_LEADER_MESSAGE,
  STORE_LEADER_TIMER,
  STORE_MESSAGE,
  STORE_SAMPLE,
  STORE_TIMEOUT,
  THINK_DONE,
  WORK_DONE,
} from './kinds.ts';
import { createLoadBalancer } from './load-balancer.ts';
import { MessageQueues } from './message-queues.ts';
import { Network } from './network.ts';
import type { RunProbe } from './probe.ts';
import { createJobQueue, FifoQueue } from './queue-discipline.ts';
import { RecordPool } from './record-pool.ts';
import { INDEXED_MIN_SLOTS, ReplicaLoad, SLOT_ABSENT, SLOT_READY, SLOT_STANDBY } from './replica-load.ts';
import { Resource } from './resource.ts';
import type { QueueMessage } from './runtime.ts';
import { Server } from './server.ts';
import { Stores } from './stores.ts';
import { TimerService } from './timers.ts';
import { Transport } from './transport.ts';
import type { World } from './world.ts';
import { ZoneRouting } from './zone-routing.ts';

/** The model's acting parts over one world, connected to each other. */
export interface Model {
  readonly world: World;
  readonly timers: TimerService;
  readonly transport: Transport;
  readonly clients: Clients;
  readonly caller: Caller;
  readonly server: Server;
  readonly queues: MessageQueues;
  /** Probes and health checks (`control/probes.ts`), and the restarts they ask for. */
  readonly prober: Prober;
  readonly orchestrator: Orchestrator;
  /** The services' autoscalers (null: no service autoscales). */
  readonly autoscalers: Autoscalers | null;
  /** The services' deployments (null: no service has one). */
  readonly rollouts: Rollouts | null;
  /** The replicated stores (none in most scenarios). */
  readonly stores: Stores;
  /** Where the parts report (faults report their hits on the control timeline here too). */
  readonly metrics: MetricsSink;
  /** The SLOs' counts, in scenario order (empty without SLOs). */
  readonly slos: SloTracker[];
  /** The burn-rate alerts; null without alerts. */
  readonly alerting: Alerting | null;
  /** The failover monitors; null when no service has failover. */
  readonly failover: Failover | null;
}

/** The calling policy of a queue's deliveries: the visibility timeout bounds each, nothing else. */
function deliveryPolicy(visibilityTimeoutMs: number): CallPolicySpec {
  return { ...NO_CALL_POLICY, timeoutMs: visibilityTimeoutMs };
}

/**
 * Builds the world of a validated scenario for one seed: nodes and their clocks, clients,
 * services with their replicas, message queues, the edges between them (with their named random
 * streams) and the network. Nothing is scheduled yet.
 */
export function buildWorld(scenario: Scenario, seed: number, probe: RunProbe | null = null): World {
  const sc = scenario;
  const streams = new RandomStreams(seed);
  // A prober's name cannot clash with a user's: '~' is not allowed in names.
  const probed = sc.services.filter((x) => x.probes !== null || x.healthCheck !== null);
  const watched = sc.services.filter((x) => x.failover !== null);
  const groupNames = [
    ...sc.clients.map((x) => x.name),
    ...sc.services.map((x) => x.name),
    ...sc.queues.map((x) => x.name),
    ...probed.map((x) => `${x.name}~prober`),
    ...watched.map((x) => `${x.name}~monitor`),
  ];
  const nodeNames: string[] = [];
  const nodeGroups: number[] = [];
  const clocks: NodeClock[] = [];
  const edges: Edge[] = [];
  const edgeGroups: string[] = [];
  const serviceIndex = new Map(sc.services.map((x, i) => [x.name, i]));
  const queueIndex = new Map(sc.queues.map((x, i) => [x.name, i]));
  const target = (name: string) =>
    serviceIndex.has(name)
      ? { index: serviceIndex.get(name)!, toQueue: false }
      : { index: queueIndex.get(name) ?? -1, toQueue: true };

  const addNode = (name: string, group: number): number => {
    nodeNames.push(name);
    nodeGroups.push(group);
    clocks.push(new NodeClock());
    return nodeNames.length - 1;
  };
  const addEdge = (node: number, callerGroup: string, targetName: string, policy: CallPolicySpec): Edge => {
    const t = target(targetName);
    const groupName = `${callerGroup}->${targetName}`;
    let group = edgeGroups.indexOf(groupName);
    if (group < 0) {
      group = edgeGroups.length;
      edgeGroups.push(groupName);
    }
    const name = `${nodeNames[node]}->${targetName}`;
    const edge = new Edge(
      edges.length,
      name,
      group,
      node,
      t.index,
      t.toQueue,
      policy,
      streams.stream(`edge:${name}/jitter`),
      !t.toQueue && t.index >= 0 && sc.services[t.index].outlierDetection !== null,
    );
    edges.push(edge);
    return edge;
  };

  // Nodes first (their numbering is part of the trace), then edges (they need the clocks).
  const clientNodes = sc.clients.map((x, i) => addNode(x.name, i));
  const replicaNodes = sc.services.map((x, i) =>
    Array.from({ length: replicaSlots(x) }, (_, r) => addNode(`${x.name}/${r}`, sc.clients.length + i)),
  );
  const queueNodes = sc.queues.map((x, i) => addNode(x.name, sc.clients.length + sc.services.length + i));
  const firstProberGroup = sc.clients.length + sc.services.length + sc.queues.length;
  const proberNodes = sc.services.map((x) => {
    const k = probed.indexOf(x);
    return k < 0 ? -1 : addNode(groupNames[firstProberGroup + k], firstProberGroup + k);
  });
  const firstMonitorGroup = firstProberGroup + probed.length;
  const monitorNodes = sc.services.map((x) => {
    const k = watched.indexOf(x);
    return k < 0 ? -1 : addNode(groupNames[firstMonitorGroup + k], firstMonitorGroup + k);
  });
  applyClocks(sc, nodeNames, nodeGroups, clocks);
  const zoneTable = zoneTableOf(sc);
  // A prober has no zone.
  if (zoneTable.nodeZones.length > 0) for (const _ of probed) zoneTable.nodeZones.push(-1);
  // A failover monitor stands beside its first standby: in its zone.
  if (zoneTable.nodeZones.length > 0)
    for (const x of watched)
      zoneTable.nodeZones.push(zoneTable.nodeZones[replicaNodes[sc.services.indexOf(x)][x.replicas]]);

  const world: World = {
    scenario,
    seed,
    engine: new Engine<Payload>(),
    streams,
    network: new Network(sc.network, groupNames, nodeGroups, streams, zoneTable.nodeZones),
    probe,
    clients: [],
    services: [],
    replicas: [],
    messageQueues: [],
    edges,
    edgeGroups,
    nodeNames,
    nodeGroups,
    clocks,
    groupNames,
    proberNodes,
    monitorNodes,
    zoneNames: zoneTable.names,
    nodeZones: zoneTable.nodeZones,
    nextCallId: 0,
    userRequestsInFlight: 0,
  };

  sc.clients.forEach((spec, index) => {
    const node = clientNodes[index];
    world.clients.push({
      index,
      spec,
      node,
      edge: addEdge(node, spec.name, spec.target, spec),
      arrivals: createArrivalProcess(spec.arrival),
      think: spec.arrival.kind === 'closed' ? createSampler(spec.arrival.thinkTime) : null,
      rng: streams.stream(`client:${spec.name}/arrivals`),
      keyCdf: spec.keys === null ? null : zipfCdf(spec.keys.count, spec.keys.zipfS),
      keyRng: streams.stream(`client:${spec.name}/keys`),
      stopped: 0,
    });
  });

  sc.services.forEach((spec, index) => {
    const replicas: number[] = [];
    const initial = initialReplicas(spec);
    replicaNodes[index].forEach((node, slot) => {
      const override = spec.replicaOverrides.find((o) => o.replica === slot);
      const concurrency = override?.concurrency ?? spec.concurrency;
      const r = world.replicas.length;
      replicas.push(r);
      const local = clocks[node].localTime(0);
      world.replicas.push({
        index: r,
        service: index,
        slot,
        node,
        name: nodeNames[node],
        baseConcurrency: concurrency,
        workers: new Resource<Job>(concurrency, createJobQueue<Job>(spec.queue.discipline)),
        capacity: spec.queue.capacity ?? Number.POSITIVE_INFINITY,
        edges: spec.calls.map((call) => addEdge(node, spec.name, call.service, call)),
        lifecycle: slot < initial ? SLOT_READY : spec.failover !== null ? SLOT_STANDBY : SLOT_ABSENT,
        up: true,
        epoch: 0,
        pausedSince: -1,
        parked: [],
        latencyAdd: 0,
        latencyMul: 1,
        serviceTimeFactor: override?.serviceTimeFactor ?? 1,
        baseErrorProbability: override?.errorProbability ?? spec.errorProbability,
        errorProbability: override?.errorProbability ?? spec.errorProbability,
        baseCorruptProbability: 0,
        corruptProbability: 0,
        version: 0,
        bucket:
          spec.rateLimit === null
            ? null
            : new TokenBucket(spec.rateLimit.ratePerSec, spec.rateLimit.burst, local),
        limit:
          spec.adaptiveLimit === null
            ? null
            : createAdaptiveLimit(spec.adaptiveLimit, streams.stream(`replica:${spec.name}/${slot}/limit`)),
        inFlight: 0,
        codelAboveSince: -1,
        consecutiveErrors: 0,
        ejectedUntil: Number.NEGATIVE_INFINITY,
        ejections: 0,
        healthy: true,
        ready: true,
        faultDown: false,
        restarting: false,
        startedAt: Number.NEGATIVE_INFINITY,
        restartsInRow: 0,
      });
    });
    world.services.push({
      index,
      spec,
      group: sc.clients.length + index,
      replicas,
      load: new ReplicaLoad(
        replicas.length,
        initial,
        spec.loadBalancer === 'least-outstanding' &&
          (replicas.length >= INDEXED_MIN_SLOTS || replicas.length > initial),
      ),
      balancer: createLoadBalancer(spec.loadBalancer),
      balancerRng: streams.stream(`service:${spec.name}/balancer`),
      zoneRouting: null,
      split: null,
      serviceTime: createSampler(spec.serviceTime),
      serviceTimeRng: streams.stream(`service:${spec.name}/service-time`),
      faultRng: streams.stream(`service:${spec.name}/faults`),
      calls: spec.calls.map((x) => target(x.service).index),
      callToQueue: spec.calls.map((x) => target(x.service).toQueue),
      parallel: spec.callMode === 'parallel',
      signals:
        spec.autoscaling === null
          ? null
          : new ScalingSignals(spec.replicas, spec.replicas * spec.concurrency),
      cache: spec.cache === null ? null : new KeyCache(spec.cache),
      version: 0,
      shedding: spec.shedding?.enabled === false ? null : spec.shedding,
    });
  });

  // Routing reads the callers' fleets, so every client and service exists first.
  for (const svc of world.services)
    if (svc.spec.zoneAware !== null) svc.zoneRouting = new ZoneRouting(svc.spec.zoneAware, svc, world);

  sc.queues.forEach((spec, index) => {
    const node = queueNodes[index];
    world.messageQueues.push({
      index,
      spec,
      node,
      group: sc.clients.length + sc.services.length + index,
      consumer: serviceIndex.get(spec.consumer) ?? -1,
      edge: addEdge(node, spec.name, spec.consumer, deliveryPolicy(spec.visibilityTimeoutMs)),
      consumers: new Resource(spec.consumers, new FifoQueue<QueueMessage>()),
      invisible: 0,
      deadLettered: 0,
    });
  });
  return world;
}

/**
 * Replica slots of a service: its replicas, or up to `autoscaling.maxReplicas` when it scales,
 * or those its deployment may need (`control/rollout-plan.ts`) (preallocated so node names,
 * indices and streams stay the same whatever the count does), plus its failover standbys (slots
 * after the active ones).
 */
export function replicaSlots(spec: Scenario['services'][number]): number {
  const a = spec.autoscaling;
  const scaled =
    a !== null && spec.deployment !== null
      ? deploymentSlots(spec.replicas, spec.deployment, a.maxReplicas)
      : Math.max(deploymentSlots(spec.replicas, spec.deployment), a?.maxReplicas ?? 0);
  return scaled + (spec.failover?.standbys ?? 0);
}

/**
 * Replicas serving at the start: `replicas`, brought within an autoscaler's min/max (the HPA
 * moves a count outside its bounds into them on its first look; here from the first instant).
 */
export function initialReplicas(spec: Scenario['services'][number]): number {
  const a = spec.autoscaling;
  return a === null ? spec.replicas : Math.min(a.maxReplicas, Math.max(a.minReplicas, spec.replicas));
}

/**
 * The zone index of every node, in node order (clients, replicas, queues); -1 for a node without
 * a zone (queues always). Empty when the scenario names no zone, so unzoned runs pay nothing.
 */
export function nodeZonesOf(sc: Scenario): number[] {
  return zoneTableOf(sc).nodeZones;
}

/**
 * The zones a scenario names (their index: in order of first mention by a node, then zones listed
 * that hold no node), and each node's zone index.
 */
export function zoneTableOf(sc: Scenario): { names: string[]; nodeZones: number[] } {
  const names: string[] = [];
  const indexOf = (zone: string | null): number => {
    if (zone === null) return -1;
    const known = names.indexOf(zone);
    if (known >= 0) return known;
    names.push(zone);
    return names.length - 1;
  };
  const zones: number[] = sc.clients.map((c) => indexOf(c.zone));
  for (const s of sc.services)
    for (let r = 0; r < replicaSlots(s); r++)
      zones.push(s.zones.length === 0 ? -1 : indexOf(s.zones[r % s.zones.length]));
  // A zone listed but given no replica (more zones than replicas) still exists: it is empty.
  for (const s of sc.services) for (const z of s.zones) indexOf(z);
  if (names.length === 0) return { names, nodeZones: [] };
  for (let q = 0; q < sc.queues.length; q++) zones.push(-1);
  return { names, nodeZones: zones };
}

/**
 * Whether the run may recycle its call and job records: only when no part keeps a record beyond
 * the counts the pool watches (`record-pool.ts`). Hedges and bulkheads keep calls in their own
 * lists, message queues and stores keep jobs, a cache keeps its waiting calls, probes make
 * records of their own, clock faults key tracked timers by record, and a run probe may keep
 * whatever it is shown.
 */
function recyclesRecords(world: World, prober: Prober, stores: Stores): boolean {
  const sc = world.scenario;
  return (
    world.probe === null &&
    world.messageQueues.length === 0 &&
    stores.runs.length === 0 &&
    prober.loops.length === 0 &&
    world.services.every((x) => x.cache === null) &&
    world.edges.every((e) => e.policy.hedge === null && e.policy.bulkhead === null) &&
    sc.faults.every((f) => f.kind !== 'clock-step' && f.kind !== 'clock-drift')
  );
}

/** Service-wide clock entries first, then per-replica ones, so `api/1` overrides `api`. */
function applyClocks(sc: Scenario, nodeNames: string[], nodeGroups: number[], clocks: NodeClock[]): void {
  const C = sc.clients.length;
  const S = sc.services.length;
  for (const exact of [false, true]) {
    for (const c of sc.clocks) {
      nodeNames.forEach((name, node) => {
        const group = nodeGroups[node];
        const isReplica = group >= C && group < C + S;
        const matches = exact
          ? name === c.node && isReplica
          : name === c.node || (isReplica && sc.services[group - C].name === c.node);
        if (!matches) return;
        clocks[node].offsetMs = c.offsetMs;
        clocks[node].drift = c.driftPpm / 1e6;
      });
    }
  }
}

/**
 * The model's parts over `world`, reporting to `metrics`: the timer service, the network send,
 * the caller side, the callee side and the queues, connected; and each event kind bound to its
 * handler (in kind-number order, see `kinds.ts`).
 */
export function buildModel(world: World, recorder: MetricsSink): Model {
  const sc = world.scenario;
  const slos = sc.slos.map(
    (spec) => new SloTracker(spec, complianceStart(spec, sc.durationMs, sc.metrics.warmupMs)),
  );
  // Only a scenario with SLOs reports through the tap: every other run pays nothing for them.
  const metrics: MetricsSink =
    slos.length === 0
      ? recorder
      : new SloTap(
          recorder,
          sc.clients.map((c) => slos.filter((x) => x.spec.client === c.name)),
          sc.services.map((svc) => slos.filter((x) => x.spec.service === svc.name)),
        );
  const timers = new TimerService(world.engine, world.clocks);
  const transport = new Transport(world.network, timers);
  const c = new Caller(world, timers, metrics, transport);
  const s = new Server(world, timers, metrics, transport);
  const q = new MessageQueues(world, timers, metrics, transport);
  const users = new Clients(world, timers, metrics);
  const stores = new Stores(world, timers, world.network, s, metrics);
  s.stores = stores;
  if (stores.runs.length > 0) c.storeHistory = stores;
  users.caller = c;
  c.clients = users;
  transport.caller = c;
  transport.server = s;
  c.server = s;
  c.queues = q;
  s.caller = c;
  s.queues = q;
  q.caller = c;
  const prober = new Prober(world, timers, metrics, transport, world.streams);
  const orchestrator = new Orchestrator(world, timers, metrics, s);
  prober.orchestrator = orchestrator;
  orchestrator.prober = prober;
  if (prober.loops.length > 0) {
    s.prober = prober;
    transport.prober = prober;
  }
  // Each edge's guards, in edge order (breakers and adaptive limits declare themselves to the metrics).
  const guardContext: GuardContext = {
    metrics,
    timers,
    streams: world.streams,
    host: c,
    now: () => world.engine.now,
    nodeName: (node) => world.nodeNames[node],
  };
  for (const edge of world.edges) edge.setGuards(createGuards(edge, guardContext));
  const clients = world.clients;
  const failover = sc.services.some((x) => x.failover !== null)
    ? new Failover(world, timers, metrics, s)
    : null;
  s.failover = failover;
  const rollouts = sc.services.some((x) => x.deployment !== null)
    ? new Rollouts(world, timers, metrics, s)
    : null;
  const alerting = sc.alerts.length === 0 ? null : buildAlerting(world, slos, metrics, failover, rollouts);
  const records = new RecordPool(recyclesRecords(world, prober, stores));
  c.records = records;
  s.records = records;
  // The handlers of the events that end attempts and calls settle the records their event freed;
  // what another event frees (a refusal at arrival, a crash...) waits for the next of those.
  bindKinds(world.engine, {
    [ARRIVAL]: (n) => users.onArrival(clients[n]),
    [THINK_DONE]: (n) => users.issue(clients[n]),
    [REQUEST_ARRIVES]: (_, job) => {
      s.arrive(job, true);
      records.delivered(job);
    },
    [WORK_DONE]: (_, job) => {
      s.onWorkDone(job);
      records.settle();
    },
    [RESPONSE_ARRIVES]: (_, job) => {
      c.onAnswer(job, true);
      records.delivered(job);
    },
    [ATTEMPT_TIMEOUT]: (_, job) => {
      timers.fired(job);
      c.onAttemptTimeout(job);
      records.settle();
    },
    [DEADLINE]: (_, call) => {
      timers.fired(call);
      c.onDeadline(call);
      records.settle();
    },
    [RETRY]: (_, call) => {
      timers.fired(call);
      c.onRetryTimer(call);
      records.settle();
    },
    [HEDGE]: (_, call) => {
      timers.fired(call);
      c.onHedgeTimer(call);
    },
    [BULKHEAD_TIMEOUT]: (_, call) => {
      timers.fired(call);
      c.onWaitTimeout(call);
    },
    [CACHE_HIT]: (_, call) => c.onCacheHit(call),
    [HEALTH_CHECK]: (_, loop) => prober.onTick(loop),
    [FAULT]: (_, action) => action.apply(),
    [QUEUE_VISIBLE]: (n, message) => q.onVisible(n, message),
    [HERD]: (n) => users.onHerd(clients[n]),
    [PROBE_ARRIVES]: (_, job) => s.probeArrives(job, true),
    [PROBE_ANSWERED]: (_, job) => prober.onAnswer(job, true),
    [PROBE_TIMEOUT]: (_, job) => prober.onTimeout(job),
    [RESTARTED]: (_, replica) => orchestrator.onRestarted(replica),
    [AUTOSCALE]: (_, action) => action.apply(),
    [ALERT_EVALUATION]: (_, alert) => alerting?.evaluate(alert),
    [ALERT_ACTION]: (_, alert) => alerting?.act(alert),
    [STORE_MESSAGE]: (n, message) => stores.leaderlessOf(n).onMessage(message),
    [STORE_TIMEOUT]: (n, job) => {
      timers.fired(job);
      stores.ofNode(n).onTimeout(job);
    },
    [STORE_SAMPLE]: (n) => stores.ofNode(n).onSample(),
    [STORE_LEADER_MESSAGE]: (_, envelope) => envelope.run.onMessage(envelope),
    [STORE_LEADER_TIMER]: (_, ref) => ref.run.onTimer(ref),
    [FAILOVER_TICK]: (_, monitor) => monitor.onTick(),
    [HEARTBEAT_MESSAGE]: (_, hb) => hb.monitor.onMessage(hb),
    [HEARTBEAT_TIMEOUT]: (_, hb) => hb.monitor.onTimeout(hb),
    [FAILOVER_PROMOTION]: (_, action) => action.apply(),
    [ROLLOUT]: (_, action) => action.apply(),
  });
  const autoscalers = world.services.some((x) => x.signals !== null)
    ? new Autoscalers(world, timers, metrics, s, rollouts)
    : null;
  s.scaling = autoscalers;
  if (rollouts !== null) {
    s.rollouts = rollouts;
    prober.rollouts = rollouts;
    s.scaling =
      autoscalers === null
        ? rollouts
        : {
            drainCheck: (replica) => {
              autoscalers.drainCheck(replica);
              rollouts.drainCheck(replica);
            },
          };
  }
  return {
    world,
    timers,
    transport,
    clients: users,
    caller: c,
    server: s,
    queues: q,
    prober,
    orchestrator,
    autoscalers,
    rollouts,
    stores,
    metrics,
    slos,
    alerting,
    failover,
  };
}

/** The alerts over the SLOs; each alert's events are named after its SLO's client or first replica. */
function buildAlerting(
  world: World,
  slos: SloTracker[],
  metrics: MetricsSink,
  failover: Failover | null,
  rollouts: Rollouts | null,
): Alerting {
  const sc = world.scenario;
  const byName = new Map<string, { tracker: SloTracker; node: number }>();
  for (const tracker of slos) {
    const { client, service } = tracker.spec;
    const node =
      client !== null
        ? world.clients[sc.clients.findIndex((x) => x.name === client)].node
        : world.replicas[world.services[sc.services.findIndex((x) => x.name === service)].replicas[0]].node;
    byName.set(tracker.spec.name, { tracker, node });
  }
  const serviceIndex = (name: string): number => sc.services.findIndex((x) => x.name === name);
  return new Alerting(
    sc.alerts,
    byName,
    world.engine,
    metrics,
    {
      services: world.services,
      serviceIndex,
      forceFailover: (service, key) => failover?.of(service)?.forceOnce(key) ?? -1,
      abortRollout: (service, source) => rollouts?.abort(service, source) ?? false,
    },
    sc.durationMs,
  );
}

/**
 * Starts the model: binds each client's edge to its client's metrics, then schedules the clients' first requests and the probes' first ticks. Faults are scheduled before this
 * (their control events come first at an instant).
 */
export function startModel(model: Model, metrics: MetricsSink): void {
  const world = model.world;
  for (const c of world.clients) metrics.bindClientEdge(c.edge.group, c.index);
  for (const c of world.clients) model.clients.start(c);
  model.prober.start();
  model.autoscalers?.start();
  model.rollouts?.start();
  model.alerting?.start();
  model.stores.start();
  model.failover?.start();
}

/** What faults may touch in this model (see `faults/view.ts`): its state, and the verbs that act on it. */
export function faultView(model: Model): FaultView {
  const { world, timers, clients, server, metrics } = model;
  const engine = world.engine;
  const network = world.network;
  return {
    scenario: world.scenario,
    streams: world.streams,
    clients: world.clients,
    services: world.services,
    replicas: world.replicas,
    edges: world.edges,
    nodeNames: world.nodeNames,
    nodeGroups: world.nodeGroups,
    groupNames: world.groupNames,
    proberNodes: world.proberNodes,
    clocks: world.clocks,
    zoneNames: world.zoneNames,
    nodeZones: world.nodeZones,
    now: () => engine.now,
    crash: (replica) => server.crash(replica),
    restart: (replica) => server.restart(replica),
    pause: (replica) => server.pause(replica),
    resume: (replica) => {
      server.resume(replica);
      model.stores.resumed(replica);
    },
    setConcurrency: (replica, workers) => server.setConcurrency(replica, workers),
    diskStall: (replica, untilMs) => model.stores.diskStall(replica, untilMs),
    diskStallEnd: (replica) => model.stores.diskStallEnd(replica),
    partition: (from, to, delta) => network.partition(from, to, delta),
    linkFault: (fromGroup, toGroup) => network.linkFault(fromGroup, toGroup),
    clockChanged: (node) => timers.clockChanged(node),
    burst: (client, n) => clients.burst(client, n),
    stopClient: (client) => clients.stop(client),
    resumeClient: (client) => clients.resume(client),
    controlEvent: (event) => metrics.controlEvent(event, engine.now),
    timelineStarted: (entry) => metrics.timelineStarted(entry, engine.now),
    timelineEnded: (handle) => metrics.timelineEnded(handle, engine.now),
    scheduleControl: (atMs, node, action) => {
      engine.at(atMs, FAULT, node, action, BAND_CONTROL);
    },
  };
}
