import { Engine } from '../engine/engine.ts';
import { MetricsRecorder } from '../metrics/recorder.ts';
import { createSampler, type Sampler } from '../random/distributions.ts';
import { RandomStreams, type Rng } from '../random/streams.ts';
import type { ClientSpec, Scenario, ServiceSpec } from '../scenario/spec.ts';
import { type ArrivalProcess, createArrivalProcess } from './arrivals.ts';
import { type Call, JOB_CALLING, JOB_DONE, JOB_NEW, JOB_QUEUED, JOB_RUNNING, type Job } from './call.ts';
import { NodeClock } from './clock.ts';
import { createLoadBalancer, type LoadBalancer } from './load-balancer.ts';
import { Network } from './network.ts';
import { DROPPED, FAILED, REJECTED, SUCCEEDED, TIMED_OUT } from './outcome.ts';
import { createJobQueue, type JobQueue } from './queue-discipline.ts';

type Ref = Call | Job;

interface ClientRuntime {
  readonly index: number;
  readonly spec: ClientSpec;
  readonly node: number;
  readonly target: number;
  readonly arrivals: ArrivalProcess | null;
  readonly think: Sampler | null;
  readonly rng: Rng;
}

interface ServiceRuntime {
  readonly index: number;
  readonly spec: ServiceSpec;
  readonly group: number;
  /** Global replica indices. */
  readonly replicas: number[];
  readonly outstanding: Int32Array;
  readonly balancer: LoadBalancer;
  readonly balancerRng: Rng;
  readonly serviceTime: Sampler;
  readonly serviceTimeRng: Rng;
  /** Indices of the called services, in call order. */
  readonly calls: number[];
  readonly callTimeouts: (number | null)[];
  readonly parallel: boolean;
}

interface ReplicaRuntime {
  readonly index: number;
  readonly service: number;
  /** Position behind the service's load balancer. */
  readonly slot: number;
  readonly node: number;
  readonly concurrency: number;
  readonly capacity: number;
  readonly queue: JobQueue<Job>;
  busy: number;
}

/**
 * The system under simulation, built from a scenario: clients, services and their replicas,
 * the network and the node clocks, wired to the engine's event kinds. Everything that decides
 * what happens to a request lives here or in the strategies it delegates to.
 *
 * Nodes are numbered clients first, then replicas in service order; the node number is the
 * `entity` of every event a node handles, so the trace hash names who acted.
 */
export class World {
  readonly engine = new Engine<Ref>();
  readonly metrics: MetricsRecorder;
  readonly network: Network;
  readonly clients: ClientRuntime[] = [];
  readonly services: ServiceRuntime[] = [];
  readonly replicas: ReplicaRuntime[] = [];
  /** Per node: its name, group (client or service index in the network) and clock. */
  readonly nodeNames: string[] = [];
  readonly nodeGroups: number[] = [];
  readonly clocks: NodeClock[] = [];
  private readonly streams: RandomStreams;
  private nextCallId = 0;

  private readonly ARRIVAL: number;
  private readonly THINK_DONE: number;
  private readonly REQUEST_ARRIVES: number;
  private readonly WORK_DONE: number;
  private readonly RESPONSE_ARRIVES: number;
  private readonly TIMEOUT: number;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
  ) {
    this.streams = new RandomStreams(seed);
    const e = this.engine;
    // Declaration order fixes the kind numbers that enter the trace hash: append only.
    this.ARRIVAL = e.defineKind('arrival', (c) => this.onArrival(c));
    this.THINK_DONE = e.defineKind('think-done', (c) => this.issue(this.clients[c]));
    this.REQUEST_ARRIVES = e.defineKind('request-arrives', (_, j) => this.admit(j as Job));
    this.WORK_DONE = e.defineKind('work-done', (_, j) => this.onWorkDone(j as Job));
    this.RESPONSE_ARRIVES = e.defineKind('response-arrives', (_, j) => this.onResponse(j as Job));
    this.TIMEOUT = e.defineKind('timeout', (_, c) => this.onTimeout(c as Call));

    const serviceIndex = new Map(scenario.services.map((s, i) => [s.name, i]));
    const groups = [...scenario.clients.map((c) => c.name), ...scenario.services.map((s) => s.name)];
    scenario.clients.forEach((spec, index) => {
      const node = this.addNode(spec.name, index);
      this.clients.push({
        index,
        spec,
        node,
        target: serviceIndex.get(spec.target) ?? -1,
        arrivals: createArrivalProcess(spec.arrival),
        think: spec.arrival.kind === 'closed' ? createSampler(spec.arrival.thinkTime) : null,
        rng: this.streams.stream(`client:${spec.name}/arrivals`),
      });
    });
    scenario.services.forEach((spec, index) => {
      const group = scenario.clients.length + index;
      const replicas: number[] = [];
      for (let slot = 0; slot < spec.replicas; slot++) {
        const node = this.addNode(`${spec.name}/${slot}`, group);
        const r = this.replicas.length;
        replicas.push(r);
        this.replicas.push({
          index: r,
          service: index,
          slot,
          node,
          concurrency: spec.concurrency,
          capacity: spec.queue.capacity ?? Number.POSITIVE_INFINITY,
          queue: createJobQueue<Job>(spec.queue.discipline),
          busy: 0,
        });
      }
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
        calls: spec.calls.map((c) => serviceIndex.get(c.service) ?? -1),
        callTimeouts: spec.calls.map((c) => c.timeoutMs),
        parallel: spec.callMode === 'parallel',
      });
    });
    this.applyClocks();
    this.network = new Network(scenario.network, groups, this.streams);
    this.metrics = new MetricsRecorder(
      {
        durationMs: scenario.durationMs,
        bucketMs: scenario.metrics.bucketMs,
        warmupMs: scenario.metrics.warmupMs,
      },
      scenario.clients.map((c) => c.name),
      scenario.services.map((s) => ({
        name: s.name,
        replicas: s.replicas,
        workers: s.replicas * s.concurrency,
      })),
    );
    this.start();
  }

  private addNode(name: string, group: number): number {
    this.nodeNames.push(name);
    this.nodeGroups.push(group);
    this.clocks.push(new NodeClock());
    return this.nodeNames.length - 1;
  }

  /** Service-wide clock entries first, then per-replica ones, so `api/1` overrides `api`. */
  private applyClocks(): void {
    const entries = this.scenario.clocks;
    const C = this.clients.length;
    for (const exact of [false, true]) {
      for (const c of entries) {
        this.nodeNames.forEach((name, node) => {
          const group = this.nodeGroups[node];
          const matches = exact
            ? name === c.node && group >= C
            : name === c.node || (group >= C && this.scenario.services[group - C].name === c.node);
          if (!matches) return;
          this.clocks[node].offsetMs = c.offsetMs;
          this.clocks[node].drift = c.driftPpm / 1e6;
        });
      }
    }
  }

  private start(): void {
    for (const c of this.clients) {
      if (c.arrivals !== null) {
        this.scheduleArrival(c, c.arrivals.next(0, c.rng));
      } else if (c.spec.arrival.kind === 'closed') {
        // Each user starts with a think, so a population does not fire all at once at t = 0.
        for (let u = 0; u < c.spec.arrival.users; u++) this.think(c);
      }
    }
  }

  private scheduleArrival(c: ClientRuntime, t: number): void {
    if (t < this.scenario.durationMs) this.engine.at(t, this.ARRIVAL, c.node);
  }

  private think(c: ClientRuntime): void {
    const delay = this.clocks[c.node].trueDelay(c.think!.sample(c.rng));
    if (this.engine.now + delay < this.scenario.durationMs) this.engine.after(delay, this.THINK_DONE, c.node);
  }

  private onArrival(clientIndex: number): void {
    const c = this.clients[clientIndex];
    this.scheduleArrival(c, c.arrivals!.next(this.engine.now, c.rng));
    this.issue(c);
  }

  /** A user request: the root call of a client. */
  private issue(c: ClientRuntime): void {
    this.metrics.clientOffered(c.index, this.engine.now);
    this.startCall(c.index, c.spec.tier, c.target, c.node, null, 0, c.spec.timeoutMs);
  }

  private startCall(
    client: number,
    tier: number,
    service: number,
    callerNode: number,
    parent: Job | null,
    slot: number,
    timeoutMs: number | null,
  ): void {
    const call: Call = {
      id: this.nextCallId++,
      client,
      tier,
      service,
      callerNode,
      parent,
      slot,
      startedAt: this.engine.now,
      outcome: -1,
      timer: -1,
      job: null,
    };
    if (timeoutMs !== null) {
      call.timer = this.engine.after(
        this.clocks[callerNode].trueDelay(timeoutMs),
        this.TIMEOUT,
        callerNode,
        call,
      );
    }
    this.sendAttempt(call);
  }

  private sendAttempt(call: Call): void {
    const svc = this.services[call.service];
    const slot = svc.balancer.pick(svc.outstanding, svc.balancerRng);
    svc.outstanding[slot]++;
    const replica = this.replicas[svc.replicas[slot]];
    const job: Job = {
      call,
      replica: replica.index,
      arrivedAt: 0,
      state: JOB_NEW,
      pendingCalls: 0,
      nextCall: 0,
      outcome: -1,
    };
    call.job = job;
    if (call.parent === null) this.metrics.clientAttempt(call.client, this.engine.now);
    const delay = this.network.transit(this.nodeGroups[call.callerNode], svc.group);
    if (delay < 0) {
      svc.outstanding[slot]--;
      this.lost(call);
    } else if (delay === 0) {
      this.admit(job);
    } else {
      this.engine.after(delay, this.REQUEST_ARRIVES, replica.node, job);
    }
  }

  /** A message of `call` was lost: only a timer can end it now, and without one it ends as dropped. */
  private lost(call: Call): void {
    if (call.outcome === -1 && call.timer === -1) this.endCall(call, DROPPED);
  }

  /** An attempt reaches its replica: serve it, queue it, or turn it away. */
  private admit(job: Job): void {
    const replica = this.replicas[job.replica];
    const now = this.engine.now;
    job.arrivedAt = now;
    this.metrics.serviceArrival(replica.service, now);
    if (replica.busy < replica.concurrency) {
      this.startWork(replica, job);
    } else if (replica.queue.size < replica.capacity) {
      job.state = JOB_QUEUED;
      replica.queue.push(job, job.call.tier);
      this.metrics.queueChanged(replica.service, 1, now);
    } else {
      this.respond(replica, job, REJECTED);
    }
  }

  private startWork(replica: ReplicaRuntime, job: Job): void {
    const svc = this.services[replica.service];
    job.state = JOB_RUNNING;
    replica.busy++;
    this.metrics.busyChanged(replica.service, 1, this.engine.now);
    this.metrics.serviceWorkStarted(replica.service, job.arrivedAt, this.engine.now);
    this.engine.after(svc.serviceTime.sample(svc.serviceTimeRng), this.WORK_DONE, replica.node, job);
  }

  private onWorkDone(job: Job): void {
    const replica = this.replicas[job.replica];
    const svc = this.services[replica.service];
    const n = svc.calls.length;
    if (n === 0) {
      this.finish(replica, job, SUCCEEDED);
      return;
    }
    job.state = JOB_CALLING;
    if (svc.parallel) {
      job.pendingCalls = n;
      for (let i = 0; i < n && job.state === JOB_CALLING; i++) this.callDownstream(replica, svc, job, i);
    } else {
      job.nextCall = 1;
      this.callDownstream(replica, svc, job, 0);
    }
  }

  private callDownstream(replica: ReplicaRuntime, svc: ServiceRuntime, job: Job, i: number): void {
    const call = job.call;
    this.startCall(call.client, call.tier, svc.calls[i], replica.node, job, i, svc.callTimeouts[i]);
  }

  /** A downstream call of `job` ended: fail fast on an error, else go on to the next call or finish. */
  private onChildEnded(job: Job, child: Call): void {
    if (job.state !== JOB_CALLING) return;
    const replica = this.replicas[job.replica];
    if (child.outcome !== SUCCEEDED) {
      this.finish(replica, job, FAILED);
      return;
    }
    const svc = this.services[replica.service];
    if (svc.parallel) {
      if (--job.pendingCalls === 0) this.finish(replica, job, SUCCEEDED);
    } else if (job.nextCall < svc.calls.length) {
      this.callDownstream(replica, svc, job, job.nextCall++);
    } else {
      this.finish(replica, job, SUCCEEDED);
    }
  }

  /** The job releases its worker, answers, and the worker takes the next waiting job. */
  private finish(replica: ReplicaRuntime, job: Job, outcome: number): void {
    const now = this.engine.now;
    replica.busy--;
    this.metrics.busyChanged(replica.service, -1, now);
    this.respond(replica, job, outcome);
    if (replica.queue.size > 0 && replica.busy < replica.concurrency) {
      const next = replica.queue.pop()!;
      this.metrics.queueChanged(replica.service, -1, now);
      this.startWork(replica, next);
    }
  }

  private respond(replica: ReplicaRuntime, job: Job, outcome: number): void {
    const now = this.engine.now;
    const svc = this.services[replica.service];
    const call = job.call;
    job.state = JOB_DONE;
    job.outcome = outcome;
    svc.outstanding[replica.slot]--;
    this.metrics.serviceAnswered(replica.service, outcome, job.arrivedAt, now);
    if (call.outcome !== -1) {
      this.metrics.serviceLate(replica.service, now);
      return;
    }
    const delay = this.network.transit(svc.group, this.nodeGroups[call.callerNode]);
    if (delay < 0) this.lost(call);
    else if (delay === 0) this.onResponse(job);
    else this.engine.after(delay, this.RESPONSE_ARRIVES, call.callerNode, job);
  }

  private onResponse(job: Job): void {
    const call = job.call;
    if (call.outcome !== -1 || call.job !== job) return;
    const o = job.outcome;
    this.endCall(call, o === SUCCEEDED ? SUCCEEDED : o === REJECTED ? REJECTED : FAILED);
  }

  private onTimeout(call: Call): void {
    call.timer = -1;
    if (call.outcome === -1) this.endCall(call, TIMED_OUT);
  }

  private endCall(call: Call, outcome: number): void {
    call.outcome = outcome;
    if (call.timer !== -1) {
      this.engine.cancel(call.timer);
      call.timer = -1;
    }
    const parent = call.parent;
    if (parent !== null) {
      this.onChildEnded(parent, call);
      return;
    }
    const now = this.engine.now;
    this.metrics.clientEnded(call.client, outcome, call.startedAt, now);
    const c = this.clients[call.client];
    if (c.think !== null) this.think(c);
  }
}
