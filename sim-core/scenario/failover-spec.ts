/**
 * Active-passive failover of a service (`services.<s>.failover`): standby replicas, up but out of
 * the load balancer's set, watched with the active ones by a heartbeat monitor; a standby takes an
 * active's place after `missedThreshold` heartbeats in a row go unanswered and a promotion time.
 *
 * @module
 */

/**
 * The heartbeat detector. Every `intervalMs` the monitor sends each replica of the service a
 * heartbeat over the network; a heartbeat not answered within `timeoutMs` of its send is missed.
 * `missedThreshold` misses in a row judge the replica dead (keepalived declares its master down
 * after 3 x advert_int; Corosync after its token timeout; Patroni's leader key expires after ttl).
 */
export interface FailoverDetectorSpec {
  intervalMs: number;
  missedThreshold: number;
  /** At most `intervalMs`, so at most one heartbeat per replica is in flight. */
  timeoutMs: number;
}

/** Automatic failback (keepalived's preempt with preempt_delay): the original active takes its place back. */
export interface FailbackSpec {
  /** The original active must answer every heartbeat for this long before it takes its place back, ms. */
  afterMs: number;
}

/** `services.<s>.failover`. */
export interface FailoverSpec {
  /** Standby replicas: slots `replicas` .. `replicas + standbys - 1` of the service. */
  standbys: number;
  detector: FailoverDetectorSpec;
  /** From detection until the standby serves (promotion: replaying its log, taking the address), ms. */
  promotionMs: number;
  /**
   * The demoted active is fenced (STONITH): its queued and in-flight work is lost and it rejoins
   * as a standby. Unfenced, it finishes what it holds (counted as served after demotion).
   */
  fence: boolean;
  /** null: no failback (the promoted standby stays active). */
  failback: FailbackSpec | null;
}
