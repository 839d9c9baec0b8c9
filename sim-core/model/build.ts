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
import { Autoscalers } from './control/autoscaler.ts';
import { ScalingSignals } from './control/signals.ts';
import type { GuardContext } from './edge/guard.ts';
import { createGuards } from './edge/guards.ts';
import { Edge } from './edge.ts';
import { KeyCache } from './key-cache.ts';
import { zipfCdf } from './keys.ts';
import {
  ARRIVAL,
  ATTEMPT_TIMEOUT,
  AUTOSCALE,
  BULKHEAD_TIMEOUT,
  bindKinds,
  CACHE_HIT,
  DEADLINE,
  FAULT,
  HEALTH_CHECK,
  HEDGE,
  HERD,
  type Payload,
  QUEUE_VISIBLE,
  REQUEST_ARRIVES,
  RESPONSE_ARRIVES,
  RETRY,
  THINK_DONE,
  WORK_DONE,
} from './kinds.ts';
import { createLoadBalancer } from './load-balancer.ts';
import { MessageQueues } from './message-queues.ts';
import { Network } from './network.ts';
import type { RunProbe } from './probe.ts';
import { createJobQueue, FifoQueue } from './queue-discipline.ts';
import { INDEXED_MIN_SLOTS, ReplicaLoad, SLOT_ABSENT, SLOT_READY } from './replica-load.ts';
import { Resource } from './resource.ts';
import type { QueueMessage } from './runtime.ts';
import { Server } from './server.ts';
import { TimerService } from './timers.ts';
import { Transport } from './transport.ts';
import type { World } from './world.ts';

/** The model's acting parts over one world, connected to each other. */
export interface Model {
  readonly world: World;
  readonly timers: TimerService;
  readonly transport: Transport;
  readonly clients: Clients;
  readonly caller: Caller;
  readonly server: Server;
  readonly queues: MessageQueues;
  /** The services' autoscalers (null: no service autoscales). */
  readonly autoscalers: Autoscalers | null;
  /** Where the parts report (faults report their hits on the control timeline here too). */
  readonly metrics: MetricsSink;
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
  const groupNames = [
    ...sc.clients.map((x) => x.name),
    ...sc.services.map((x) => x.name),
    ...sc.queues.map((x) => x.name),
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
  applyClocks(sc, nodeNames, nodeGroups, clocks);

  const world: World = {
    scenario,
    seed,
    engine: new Engine<Payload>(),
    streams,
    network: new Network(sc.network, groupNames, nodeGroups, streams, nodeZonesOf(sc)),
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
        lifecycle: slot < initial ? SLOT_READY : SLOT_ABSENT,
        up: true,
        epoch: 0,
        pausedSince: -1,
        parked: [],
        latencyAdd: 0,
        latencyMul: 1,
        serviceTimeFactor: override?.serviceTimeFactor ?? 1,
        baseErrorProbability: override?.errorProbability ?? spec.errorProbability,
        errorProbability: override?.errorProbability ?? spec.errorProbability,
        corruptProbability: 0,
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
        healthFails: 0,
        healthOks: 0,
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
    });
  });

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
 * Replica slots of a service: its replicas, or up to `autoscaling.maxReplicas` when it scales
 * (preallocated so node names, indices and streams stay the same whatever the count does).
 */
export function replicaSlots(spec: Scenario['services'][number]): number {
  return Math.max(spec.replicas, spec.autoscaling?.maxReplicas ?? 0);
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
  const zoneIndex = new Map<string, number>();
  const indexOf = (zone: string | null): number => {
    if (zone === null) return -1;
    const known = zoneIndex.get(zone);
    if (known !== undefined) return known;
    zoneIndex.set(zone, zoneIndex.size);
    return zoneIndex.size - 1;
  };
  const zones: number[] = sc.clients.map((c) => indexOf(c.zone));
  for (const s of sc.services)
    for (let r = 0; r < replicaSlots(s); r++)
      zones.push(s.zones.length === 0 ? -1 : indexOf(s.zones[r % s.zones.length]));
  if (zoneIndex.size === 0) return [];
  for (let q = 0; q < sc.queues.length; q++) zones.push(-1);
  return zones;
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
export function buildModel(world: World, metrics: MetricsSink): Model {
  const timers = new TimerService(world.engine, world.clocks);
  const transport = new Transport(world.network, timers);
  const c = new Caller(world, timers, metrics, transport);
  const s = new Server(world, timers, metrics, transport);
  const q = new MessageQueues(world, timers, metrics, transport);
  const users = new Clients(world, timers, metrics);
  users.caller = c;
  c.clients = users;
  transport.caller = c;
  transport.server = s;
  c.server = s;
  c.queues = q;
  s.caller = c;
  s.queues = q;
  q.caller = c;
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
  const replicas = world.replicas;
  const firstReplicaNode = clients.length;
  bindKinds(world.engine, {
    [ARRIVAL]: (n) => users.onArrival(clients[n]),
    [THINK_DONE]: (n) => users.issue(clients[n]),
    [REQUEST_ARRIVES]: (_, job) => s.arrive(job, true),
    [WORK_DONE]: (_, job) => s.onWorkDone(job),
    [RESPONSE_ARRIVES]: (_, job) => c.onAnswer(job, true),
    [ATTEMPT_TIMEOUT]: (_, job) => {
      timers.fired(job);
      c.onAttemptTimeout(job);
    },
    [DEADLINE]: (_, call) => {
      timers.fired(call);
      c.onDeadline(call);
    },
    [RETRY]: (_, call) => {
      timers.fired(call);
      c.onRetryTimer(call);
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
    // A service's health checks run on (and are named after) its first replica's node.
    [HEALTH_CHECK]: (n) => s.onHealthCheck(replicas[n - firstReplicaNode].service),
    [FAULT]: (_, action) => action.apply(),
    [QUEUE_VISIBLE]: (n, message) => q.onVisible(n, message),
    [HERD]: (n) => users.onHerd(clients[n]),
    [AUTOSCALE]: (_, action) => action.apply(),
  });
  const autoscalers = world.services.some((x) => x.signals !== null)
    ? new Autoscalers(world, timers, metrics, s)
    : null;
  s.scaling = autoscalers;
  return { world, timers, transport, clients: users, caller: c, server: s, queues: q, autoscalers, metrics };
}

/**
 * Starts the model: binds each client's edge to its client's metrics, then schedules the clients' first requests and the health checks. Faults are scheduled before this
 * (their control events come first at an instant).
 */
export function startModel(model: Model, metrics: MetricsSink): void {
  const world = model.world;
  for (const c of world.clients) metrics.bindClientEdge(c.edge.group, c.index);
  for (const c of world.clients) model.clients.start(c);
  model.server.startHealthChecks();
  model.autoscalers?.start();
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
    clocks: world.clocks,
    now: () => engine.now,
    crash: (replica) => server.crash(replica),
    restart: (replica) => server.restart(replica),
    pause: (replica) => server.pause(replica),
    resume: (replica) => server.resume(replica),
    setConcurrency: (replica, workers) => server.setConcurrency(replica, workers),
    partition: (from, to, delta) => network.partition(from, to, delta),
    linkFault: (fromGroup, toGroup) => network.linkFault(fromGroup, toGroup),
    clockChanged: (node) => timers.clockChanged(node),
    burst: (client, n) => clients.burst(client, n),
    timelineStarted: (entry) => metrics.timelineStarted(entry, engine.now),
    timelineEnded: (handle) => metrics.timelineEnded(handle, engine.now),
    scheduleControl: (atMs, node, action) => {
      engine.at(atMs, FAULT, node, action, BAND_CONTROL);
    },
  };
}
