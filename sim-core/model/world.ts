import { BAND_CONTROL, Engine } from '../engine/engine.ts';
import { FaultInjector } from '../faults/injector.ts';
import { MetricsRecorder } from '../metrics/recorder.ts';
import { createAdaptiveLimit } from '../patterns/adaptive-limit.ts';
import { TokenBucket } from '../patterns/token-bucket.ts';
import { createSampler } from '../random/distributions.ts';
import { RandomStreams } from '../random/streams.ts';
import type { CallPolicySpec, Scenario } from '../scenario/spec.ts';
import { createArrivalProcess } from './arrivals.ts';
import type { Job } from './call.ts';
import { Caller } from './caller.ts';
import { NodeClock } from './clock.ts';
import { Edge } from './edge.ts';
import { KeyCache } from './key-cache.ts';
import { zipfCdf } from './keys.ts';
import {
  ARRIVAL,
  ATTEMPT_TIMEOUT,
  BULKHEAD_TIMEOUT,
  bindKinds,
  CACHE_HIT,
  type ControlAction,
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
import { createJobQueue } from './queue-discipline.ts';
import type { ClientRuntime, MessageQueueRuntime, ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import { Server } from './server.ts';
import { TimerService } from './timers.ts';

/**
 * The system under simulation, built from a scenario: clients, services and their replicas,
 * message queues, the network and the node clocks, wired to the engine's event kinds.
 * The caller side of every call (timeouts, retries, breakers, bulkheads, hedging, fallbacks)
 * lives in {@link Caller}; the callee side (queues, workers, shedding, downstream calls) in
 * {@link Server}; asynchronous queues in {@link MessageQueues}.
 *
 * Nodes are numbered clients first, then replicas in service order, then queues; the node
 * number is the `entity` of every event a node handles, so the trace hash names who acted.
 */
export class World {
  readonly engine = new Engine<Payload>();
  readonly metrics: MetricsRecorder;
  readonly network: Network;
  readonly streams: RandomStreams;
  readonly timers: TimerService;
  readonly caller: Caller;
  readonly server: Server;
  readonly queues: MessageQueues;
  readonly clients: ClientRuntime[] = [];
  readonly services: ServiceRuntime[] = [];
  readonly replicas: ReplicaRuntime[] = [];
  readonly messageQueues: MessageQueueRuntime[] = [];
  readonly edges: Edge[] = [];
  /** Aggregated edge names (`caller group->target`), indexed by `Edge.group`. */
  readonly edgeGroups: string[] = [];
  /** Per node: its name, network group and clock. */
  readonly nodeNames: string[] = [];
  readonly nodeGroups: number[] = [];
  readonly clocks: NodeClock[] = [];
  /** Network groups: clients, then services, then queues. */
  readonly groupNames: string[];
  /** An optional observer of requests (trace export, animation); null: none. */
  readonly probe: RunProbe | null;
  private nextCallIdValue = 0;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    probe: RunProbe | null = null,
  ) {
    this.probe = probe;
    this.streams = new RandomStreams(seed);
    const e = this.engine;
    this.timers = new TimerService(this);
    this.caller = new Caller(this);
    this.server = new Server(this);
    this.queues = new MessageQueues(this);
    const c = this.caller;
    const s = this.server;
    const t = this.timers;
    bindKinds(e, {
      [ARRIVAL]: (n) => c.onArrival(this.clientOfNode(n)),
      [THINK_DONE]: (n) => c.issue(this.clientOfNode(n)),
      [REQUEST_ARRIVES]: (_, job) => s.arrive(job, true),
      [WORK_DONE]: (_, job) => s.onWorkDone(job),
      [RESPONSE_ARRIVES]: (_, job) => c.onAnswer(job, true),
      [ATTEMPT_TIMEOUT]: (_, job) => {
        t.fired(job);
        c.onAttemptTimeout(job);
      },
      [DEADLINE]: (_, call) => {
        t.fired(call);
        c.onDeadline(call);
      },
      [RETRY]: (_, call) => {
        t.fired(call);
        c.onRetryTimer(call);
      },
      [HEDGE]: (_, call) => {
        t.fired(call);
        c.onHedgeTimer(call);
      },
      [BULKHEAD_TIMEOUT]: (_, call) => {
        t.fired(call);
        c.onBulkheadTimeout(call);
      },
      [CACHE_HIT]: (_, call) => c.onCacheHit(call),
      // A service's health checks run on (and are named after) its first replica's node.
      [HEALTH_CHECK]: (n) => s.onHealthCheck(this.replicas[n - this.firstServiceNode()].service),
      [FAULT]: (_, action) => action.apply(),
      [QUEUE_VISIBLE]: (n, message) => this.queues.onVisible(n, message),
      [HERD]: (n) => c.onHerd(this.clientOfNode(n)),
    });

    const sc = scenario;
    this.groupNames = [
      ...sc.clients.map((x) => x.name),
      ...sc.services.map((x) => x.name),
      ...sc.queues.map((x) => x.name),
    ];
    const serviceIndex = new Map(sc.services.map((x, i) => [x.name, i]));
    const queueIndex = new Map(sc.queues.map((x, i) => [x.name, i]));
    const target = (name: string) =>
      serviceIndex.has(name)
        ? { index: serviceIndex.get(name)!, toQueue: false }
        : { index: queueIndex.get(name) ?? -1, toQueue: true };

    // Nodes first (their numbering is part of the trace), then edges (they need the clocks).
    const clientNodes = sc.clients.map((x, i) => this.addNode(x.name, i));
    const replicaNodes = sc.services.map((x, i) =>
      Array.from({ length: x.replicas }, (_, r) => this.addNode(`${x.name}/${r}`, sc.clients.length + i)),
    );
    const queueNodes = sc.queues.map((x, i) =>
      this.addNode(x.name, sc.clients.length + sc.services.length + i),
    );
    this.applyClocks();

    sc.clients.forEach((spec, index) => {
      const node = clientNodes[index];
      const t = target(spec.target);
      this.clients.push({
        index,
        spec,
        node,
        edge: this.addEdge(node, spec.name, spec.target, t.index, t.toQueue, spec),
        arrivals: createArrivalProcess(spec.arrival),
        think: spec.arrival.kind === 'closed' ? createSampler(spec.arrival.thinkTime) : null,
        rng: this.streams.stream(`client:${spec.name}/arrivals`),
        keyCdf: spec.keys === null ? null : zipfCdf(spec.keys.count, spec.keys.zipfS),
        keyRng: this.streams.stream(`client:${spec.name}/keys`),
      });
    });

    sc.services.forEach((spec, index) => {
      const group = sc.clients.length + index;
      const replicas: number[] = [];
      replicaNodes[index].forEach((node, slot) => {
        const override = spec.replicaOverrides.find((o) => o.replica === slot);
        const concurrency = override?.concurrency ?? spec.concurrency;
        const r = this.replicas.length;
        replicas.push(r);
        const local = this.clocks[node].localTime(0);
        this.replicas.push({
          index: r,
          service: index,
          slot,
          node,
          name: this.nodeNames[node],
          baseConcurrency: concurrency,
          concurrency,
          capacity: spec.queue.capacity ?? Number.POSITIVE_INFINITY,
          queue: createJobQueue<Job>(spec.queue.discipline),
          busy: 0,
          edges: spec.calls.map((call) => {
            const t = target(call.service);
            return this.addEdge(node, spec.name, call.service, t.index, t.toQueue, call);
          }),
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
              : createAdaptiveLimit(
                  spec.adaptiveLimit,
                  this.streams.stream(`replica:${spec.name}/${slot}/limit`),
                ),
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
      this.services.push({
        index,
        spec,
        group,
        replicas,
        outstanding: new Int32Array(spec.replicas),
        balancer: createLoadBalancer(spec.loadBalancer),
        balancerRng: this.streams.stream(`service:${spec.name}/balancer`),
        serviceTime: createSampler(spec.serviceTime),
        serviceTimeRng: this.streams.stream(`service:${spec.name}/service-time`),
        faultRng: this.streams.stream(`service:${spec.name}/faults`),
        calls: spec.calls.map((x) => target(x.service).index),
        callToQueue: spec.calls.map((x) => target(x.service).toQueue),
        parallel: spec.callMode === 'parallel',
        cache: spec.cache === null ? null : new KeyCache(spec.cache),
        version: 0,
      });
    });

    sc.queues.forEach((spec, index) => {
      const node = queueNodes[index];
      const policy: CallPolicySpec = {
        timeoutMs: spec.visibilityTimeoutMs,
        deadlineMs: null,
        propagateDeadline: false,
        retry: null,
        breaker: null,
        bulkhead: null,
        rateLimit: null,
        hedge: null,
        fallback: null,
        adaptiveLimit: null,
        idempotencyKeys: false,
        validateResponses: false,
      };
      const consumer = serviceIndex.get(spec.consumer) ?? -1;
      this.messageQueues.push({
        index,
        spec,
        node,
        group: sc.clients.length + sc.services.length + index,
        consumer,
        edge: this.addEdge(node, spec.name, spec.consumer, consumer, false, policy),
        ready: [],
        readyHead: 0,
        inFlight: 0,
        invisible: 0,
        deadLettered: 0,
      });
    });

    this.network = new Network(sc.network, this.groupNames, this.nodeGroups, this.streams);
    this.metrics = new MetricsRecorder(
      { durationMs: sc.durationMs, bucketMs: sc.metrics.bucketMs, warmupMs: sc.metrics.warmupMs },
      sc.clients.map((x) => x.name),
      sc.services.map((x) => ({ name: x.name, replicas: x.replicas, workers: x.replicas * x.concurrency })),
      this.edgeGroups,
      sc.queues.map((x) => x.name),
    );
    const faults = new FaultInjector(this);
    for (const node of faults.clockFaultedNodes()) this.timers.track(node);
    faults.schedule();
    this.start();
  }

  nextCallId(): number {
    return this.nextCallIdValue++;
  }

  /** The node's local clock reading now. */
  localNow(node: number): number {
    return this.clocks[node].localTime(this.engine.now);
  }

  clientOfNode(node: number): ClientRuntime {
    return this.clients[node];
  }

  firstServiceNode(): number {
    return this.clients.length;
  }

  private addNode(name: string, group: number): number {
    this.nodeNames.push(name);
    this.nodeGroups.push(group);
    this.clocks.push(new NodeClock());
    return this.nodeNames.length - 1;
  }

  private addEdge(
    node: number,
    callerGroup: string,
    targetName: string,
    targetIndex: number,
    toQueue: boolean,
    policy: CallPolicySpec,
  ): Edge {
    const groupName = `${callerGroup}->${targetName}`;
    let group = this.edgeGroups.indexOf(groupName);
    if (group < 0) {
      group = this.edgeGroups.length;
      this.edgeGroups.push(groupName);
    }
    const name = `${this.nodeNames[node]}->${targetName}`;
    const edge = new Edge(
      this.edges.length,
      name,
      group,
      node,
      targetIndex,
      toQueue,
      policy,
      this.streams.stream(`edge:${name}/jitter`),
      this.streams.stream(`edge:${name}/limit`),
      this.clocks[node].localTime(0),
      !toQueue && targetIndex >= 0 && this.scenario.services[targetIndex].outlierDetection !== null,
    );
    this.edges.push(edge);
    return edge;
  }

  /** Service-wide clock entries first, then per-replica ones, so `api/1` overrides `api`. */
  private applyClocks(): void {
    const C = this.scenario.clients.length;
    const S = this.scenario.services.length;
    for (const exact of [false, true]) {
      for (const c of this.scenario.clocks) {
        this.nodeNames.forEach((name, node) => {
          const group = this.nodeGroups[node];
          const isReplica = group >= C && group < C + S;
          const matches = exact
            ? name === c.node && isReplica
            : name === c.node || (isReplica && this.scenario.services[group - C].name === c.node);
          if (!matches) return;
          this.clocks[node].offsetMs = c.offsetMs;
          this.clocks[node].drift = c.driftPpm / 1e6;
        });
      }
    }
  }

  private start(): void {
    for (const c of this.clients) this.metrics.bindClientEdge(c.edge.group, c.index);
    for (const edge of this.edges) {
      if (edge.breaker !== null) this.metrics.breakerDeclared(edge.group);
      if (edge.limit !== null)
        this.metrics.limitChanged(edge.group, edge.limit.limit, edge.limit.limit, 0, true);
    }
    for (const c of this.clients) this.caller.startClient(c);
    this.server.startHealthChecks();
  }

  /** Schedules a control event (a fault's start or end) before ordinary events at the same instant. */
  scheduleControl(atMs: number, node: number, action: ControlAction): void {
    this.engine.at(atMs, FAULT, node, action, BAND_CONTROL);
  }
}
