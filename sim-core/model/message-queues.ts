import type { MetricsSink } from '../metrics/sink.ts';
import { type Call, JOB_DONE, type Job, ORIGIN_QUEUE } from './call.ts';
import { QUEUE_VISIBLE } from './kinds.ts';
import { isGoodAnswer, REJECTED, SUCCEEDED } from './outcome.ts';
import type { CallerPort } from './ports.ts';
import type { MessageQueueRuntime, QueueMessage } from './runtime.ts';
import type { TimerService } from './timers.ts';
import type { Transport } from './transport.ts';
import type { World } from './world.ts';

/**
 * Asynchronous queues between producers and a consuming service (SQS-like): a publish is
 * acknowledged at once; consumers pull at their own pace, `consumers` messages at a time; a
 * delivery not acknowledged within the visibility timeout (failed or timed out) becomes visible
 * again when that timeout expires; after `maxDeliveries` failed deliveries a message moves to
 * the dead-letter queue.
 */
export class MessageQueues {
  private nextMessageId = 0;
  /** Messages being delivered, by delivery call. */
  private readonly delivering = new Map<Call, QueueMessage>();

  /** Connected by the builder. */
  caller!: CallerPort;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly transport: Pick<Transport, 'answer' | 'deliverable'>,
  ) {}

  /** A publish reaches the queue: accepted (acknowledged at once) unless the queue is full. */
  publish(job: Job, viaNetwork: boolean): void {
    const w = this.w;
    const q = w.messageQueues[-1 - job.replica];
    const call = job.call;
    if (viaNetwork && !this.transport.deliverable(call.edge.callerNode, q.node)) {
      this.caller.lost(job);
      return;
    }
    const now = w.engine.now;
    const held = q.consumers.waiting.size + q.consumers.busy + q.invisible;
    let outcome = SUCCEEDED;
    if (q.spec.capacity !== null && held >= q.spec.capacity) {
      outcome = REJECTED;
    } else {
      const message: QueueMessage = {
        id: this.nextMessageId++,
        publishedAt: now,
        tier: call.tier,
        client: call.client,
        deliveries: 0,
        invisibleUntil: -1,
      };
      q.consumers.wait(message, 0);
      this.metrics.queuePublished(q.index, now);
    }
    job.state = JOB_DONE;
    job.outcome = outcome;
    this.observe(q);
    this.transport.answer(job, q.node);
    this.pump(q);
  }

  /** Consumers take visible messages while they have capacity. */
  private pump(q: MessageQueueRuntime): void {
    const w = this.w;
    for (;;) {
      const message = q.consumers.next();
      if (message === undefined) break;
      message.deliveries++;
      q.consumers.take();
      message.invisibleUntil = w.engine.now + q.spec.visibilityTimeoutMs;
      const call = this.caller.startCall(
        ORIGIN_QUEUE,
        message.client,
        message.tier,
        q.edge,
        null,
        message.id,
        -1,
        Number.POSITIVE_INFINITY,
      );
      if (call.outcome === -1) this.delivering.set(call, message);
      else this.settle(q, message, call.outcome);
    }
    this.observe(q);
  }

  /** A delivery ended: acknowledged on success, otherwise visible again after the visibility timeout. */
  onDeliveryEnded(call: Call): void {
    const message = this.delivering.get(call);
    if (message === undefined) return; // Ended synchronously inside pump: settled there.
    this.delivering.delete(call);
    this.settle(
      this.w.messageQueues[call.edge.callerNode - this.w.messageQueues[0].node],
      message,
      call.outcome,
    );
  }

  private settle(q: MessageQueueRuntime, message: QueueMessage, outcome: number): void {
    const w = this.w;
    const now = w.engine.now;
    q.consumers.release();
    if (isGoodAnswer(outcome)) {
      this.metrics.queueDelivered(q.index, now - message.publishedAt, now);
    } else if (message.deliveries >= q.spec.maxDeliveries) {
      q.deadLettered++;
      this.metrics.queueDeadLettered(q.index, now);
    } else {
      this.metrics.queueRedelivery(q.index, now);
      q.invisible++;
      this.timers.atTrue(Math.max(now, message.invisibleUntil), QUEUE_VISIBLE, q.node, message);
    }
    this.pump(q);
  }

  onVisible(node: number, message: QueueMessage): void {
    const q = this.w.messageQueues[node - this.w.messageQueues[0].node];
    q.invisible--;
    message.invisibleUntil = -1;
    q.consumers.wait(message, 0);
    this.pump(q);
  }

  /** Queue depth and the age of the oldest visible message, for the metrics. */
  private observe(q: MessageQueueRuntime): void {
    const w = this.w;
    const now = w.engine.now;
    const visible = q.consumers.waiting;
    const oldest = visible.size > 0 ? now - visible.peek()!.publishedAt : 0;
    this.metrics.queueObserved(q.index, visible.size + q.consumers.busy + q.invisible, oldest, now);
  }
}
