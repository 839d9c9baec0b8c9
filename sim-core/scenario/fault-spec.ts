/**
 * Faults on a timeline. Every fault starts at `atMs`; `durationMs` null means until the end
 * of the run (fail-stop / never healed). Targets name clients, services or replicas
 * (`service/index`); `replica: null` means every replica of the service.
 */
export type FaultSpec = {
  /** Shown in reports and recovery metrics; defaults to `<kind>@<atMs>`. */
  name: string;
  atMs: number;
  durationMs: number | null;
} & FaultKindSpec;

export type FaultKindSpec =
  /** Replica stops: queued and in-flight work is lost; callers notice only through timeouts. Restarts after durationMs. */
  | { kind: 'crash'; service: string; replica: number | null }
  /** Added and/or multiplied latency of a service's work, or of a link's messages. */
  | {
      kind: 'latency';
      service: string | null;
      link: { from: string; to: string } | null;
      addMs: number;
      multiply: number;
    }
  /** Requests at the service fail with this probability. */
  | { kind: 'errors'; service: string; replica: number | null; probability: number }
  /** Workers per replica drop to this number. */
  | { kind: 'capacity'; service: string; replica: number | null; workers: number }
  /** Stop-the-world pause: no work progresses, arrivals queue; in-progress work resumes after. */
  | { kind: 'pause'; service: string; replica: number | null }
  /**
   * A store replica's disk stops applying writes (an fsync stall, a saturated volume) but the
   * replica stays reachable: it keeps answering reads from what it has applied and acknowledges
   * the writes it queued only when the stall ends, in arrival order.
   */
  | { kind: 'disk-stall'; service: string; replica: number | null }
  /**
   * Messages from any node of `from` to any node of `to` are lost (and back, unless oneWay),
   * including those in flight. Names are clients, services (all replicas), queues, or one replica
   * `service/index` (so a region can hold part of a service's replicas).
   */
  | { kind: 'partition'; from: string[]; to: string[]; oneWay: boolean }
  /**
   * A flapping link: from `atMs` the two sides are cut for `downMs`, then joined for `upMs`, then
   * cut again, until the fault ends (its end heals a cut that stands). Names as for `partition`,
   * plus a failover monitor `service~monitor`.
   */
  | { kind: 'link-flap'; from: string[]; to: string[]; downMs: number; upMs: number; oneWay: boolean }
  /** Packet loss on a link: independent, or bursty (Gilbert-Elliott two-state model). */
  | {
      kind: 'packet-loss';
      from: string;
      to: string;
      loss: number;
      /** If set, Gilbert-Elliott: per-message transition probabilities and loss in each state. */
      gilbertElliott: { pGoodToBad: number; pBadToGood: number; lossGood: number; lossBad: number } | null;
    }
  /** The node's clock jumps by stepMs (negative: backwards). */
  | { kind: 'clock-step'; node: string; stepMs: number }
  /** The node's clock drift becomes driftPpm while the fault lasts. */
  | { kind: 'clock-drift'; node: string; driftPpm: number }
  /** A client sends `requests` extra requests at the same instant (reconnect storm, cron). */
  | { kind: 'client-burst'; client: string; requests: number }
  /**
   * A step in load: the client sends `extraPerSec` more requests per second (Poisson) while the
   * fault lasts: a launch, a marketing push, traffic failed over from another region.
   */
  | { kind: 'load-step'; client: string; extraPerSec: number }
  /** Every entry (or only the hottest `keys` keys) of a service's cache expires at once. */
  | { kind: 'cache-flush'; service: string; keys: number | null }
  /** A replica degrades gradually: latency grows by latencyGrowthPerSec (factor per second) until restart at the end. */
  | { kind: 'leak'; service: string; replica: number; latencyGrowthPerSec: number }
  /** The replica answers wrongly with this probability (Byzantine); callers accept it unless they validate. */
  | { kind: 'corrupt'; service: string; replica: number | null; probability: number }
  /** Chaos mode: crash a random replica of the service every Exp(meanIntervalMs), each down for downMs. */
  | { kind: 'chaos-crash'; service: string; meanIntervalMs: number; downMs: number }
  /** Chaos mode: random partitions of one random service replica from its callers every Exp(meanIntervalMs), for downMs. */
  | { kind: 'chaos-partition'; service: string; meanIntervalMs: number; downMs: number }
  /**
   * An availability zone fails: every replica in `zone` crashes (and the zone's clients stop
   * sending), or every node in it is partitioned off from every node outside it.
   */
  | { kind: 'zone-outage'; zone: string; mode: 'crash' | 'partition' };

export type FaultKind = FaultKindSpec['kind'];
