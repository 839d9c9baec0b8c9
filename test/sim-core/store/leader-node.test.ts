import { describe, expect, it } from 'vitest';
import {
  LeaderNode,
  type LeaderProtocolConfig,
  type NodeOutput,
} from '../../../sim-core/store/leader-node.ts';

const protocol: LeaderProtocolConfig = {
  replicas: 3,
  heartbeatMs: 50,
  electionTimeoutMs: { min: 150, max: 300 },
  leaseMs: 150,
  replication: 'sync',
  semiSyncAcks: 1,
  fencing: true,
  consistency: 'cp',
  maxEntriesPerAppend: 64,
};

/** A node whose election timeouts are min + 150 * u for the given u's, in turn. */
function node(id: number, us: number[], config = protocol): LeaderNode {
  let i = 0;
  return new LeaderNode(id, config, { next: () => us[i++ % us.length] });
}

const electionTimer = (out: NodeOutput) => out.timers.find((t) => t.timer === 'election')?.localDelayMs;

describe('leader node (Raft state machine): an election step by step', () => {
  it('the node whose timeout fires first becomes candidate of term 1, collects a majority, and leads', () => {
    const nodes = [node(0, [0.5]), node(1, [0]), node(2, [0.9])];
    // Each starts as a follower with its own randomised election timeout (local ms).
    expect(nodes.map((n) => electionTimer(n.start(0)))).toEqual([225, 150, 285]);

    // Node 1 times out first: term 1, votes for itself, asks both peers.
    const candidacy = nodes[1].tick('election', 150);
    expect(nodes[1]).toMatchObject({ term: 1, role: 'candidate', votedFor: 1 });
    expect(candidacy.sends).toEqual([
      { to: 0, msg: { type: 'vote', term: 1, lastIndex: 0, lastTerm: 0 } },
      { to: 2, msg: { type: 'vote', term: 1, lastIndex: 0, lastTerm: 0 } },
    ]);
    expect(electionTimer(candidacy)).toBe(150);

    // Node 0 adopts term 1, grants its vote and resets its election timer.
    const vote = nodes[0].step(1, candidacy.sends[0].msg, 151);
    expect(vote.sends).toEqual([{ to: 1, msg: { type: 'vote-reply', term: 1, granted: true } }]);
    expect(nodes[0]).toMatchObject({ term: 1, votedFor: 1, role: 'follower' });
    expect(electionTimer(vote)).toBe(225);

    // Two votes of three: leader. It appends its term's no-op and sends it with the first heartbeat.
    const won = nodes[1].step(0, vote.sends[0].msg, 152);
    expect(nodes[1]).toMatchObject({ role: 'leader', leader: 1, lastIndex: 1 });
    expect(won.timers).toEqual([
      { timer: 'election', localDelayMs: null },
      { timer: 'heartbeat', localDelayMs: 50 },
    ]);
    expect(won.sends.map((s) => s.to)).toEqual([0, 2]);
    expect(won.sends[0].msg).toEqual({
      type: 'append',
      term: 1,
      prevIndex: 0,
      prevTerm: 0,
      entries: [{ term: 1, key: -1, writeId: 0 }],
      commit: 0,
      sentAtLocal: 152,
    });

    // A second vote for another candidate in the same term is refused.
    const late = nodes[0].step(2, { type: 'vote', term: 1, lastIndex: 5, lastTerm: 1 }, 153);
    expect(late.sends[0].msg).toEqual({ type: 'vote-reply', term: 1, granted: false });
  });

  it('ignores a vote request while its leader is fresh; later refuses a candidate whose log is behind, adopting its term', () => {
    const follower = node(0, [0.5]);
    follower.start(0);
    follower.step(
      1,
      {
        type: 'append',
        term: 1,
        prevIndex: 0,
        prevTerm: 0,
        entries: [
          { term: 1, key: -1, writeId: 0 },
          { term: 1, key: 0, writeId: 7 },
        ],
        commit: 0,
        sentAtLocal: 10,
      },
      11,
    );
    expect(follower.heldWrite(0)).toBe(7);
    // Heard from its leader at 11: until 11 + 150 it ignores a vote request, term included.
    expect(follower.step(2, { type: 'vote', term: 2, lastIndex: 1, lastTerm: 1 }, 160).sends).toEqual([]);
    expect(follower.term).toBe(1);
    const out = follower.step(2, { type: 'vote', term: 2, lastIndex: 1, lastTerm: 1 }, 161);
    expect(out.sends[0].msg).toEqual({ type: 'vote-reply', term: 2, granted: false });
    expect(follower).toMatchObject({ term: 2, votedFor: null, leader: null });
  });

  it('a leader steps down on a reply carrying a higher term', () => {
    const n1 = node(1, [0]);
    n1.start(0);
    n1.tick('election', 150);
    n1.step(0, { type: 'vote-reply', term: 1, granted: true }, 152);
    expect(n1.role).toBe('leader');
    const out = n1.step(
      2,
      { type: 'append-reply', term: 3, success: false, matchIndex: 0, sentAtLocal: 0 },
      160,
    );
    expect(n1).toMatchObject({ role: 'follower', term: 3, leader: null });
    expect(out.timers).toEqual([
      { timer: 'heartbeat', localDelayMs: null },
      { timer: 'election', localDelayMs: 150 },
    ]);
  });

  it('a new leader answers reads only once its term’s no-op is committed (it may not know earlier commits before)', () => {
    const leader = node(0, [0]);
    leader.start(0);
    leader.tick('election', 150);
    leader.step(1, { type: 'vote-reply', term: 1, granted: true }, 152);
    const request = {
      type: 'request' as const,
      op: 7,
      f: 'read' as const,
      key: 0,
      writeId: 0,
      followerRead: false,
    };
    expect(leader.step(9, request, 153).sends[0].msg).toMatchObject({ outcome: 'unavailable' });
    // Sync: both followers must have the no-op (index 1).
    for (const from of [1, 2]) {
      leader.step(
        from,
        { type: 'append-reply', term: 1, success: true, matchIndex: 1, sentAtLocal: 152 },
        154,
      );
    }
    expect(leader.commitIndex).toBe(1);
    expect(leader.step(9, request, 155).sends[0].msg).toEqual({
      type: 'response',
      op: 7,
      outcome: 'ok',
      value: null,
      leader: 0,
    });
  });

  it('the lease holds until a majority acknowledgement is leaseMs old on the leader clock', () => {
    const config = { ...protocol, replicas: 3 };
    const leader = node(0, [0], config);
    leader.start(0);
    leader.tick('election', 150);
    // Elected with node 1's vote at local 152: the lease runs from the election's start (150).
    leader.step(1, { type: 'vote-reply', term: 1, granted: true }, 152);
    expect(leader.holdsLease(299.9)).toBe(true);
    expect(leader.holdsLease(300)).toBe(false);
    // A heartbeat sent at local 250 and acknowledged by one follower renews it to 400.
    leader.step(2, { type: 'append-reply', term: 1, success: true, matchIndex: 1, sentAtLocal: 250 }, 260);
    expect(leader.holdsLease(399.9)).toBe(true);
    expect(leader.holdsLease(400)).toBe(false);
  });

  it('with fencing a replica refuses a deposed leader’s write and tells it the newer term', () => {
    const replica = node(0, [0.5]);
    replica.start(0);
    replica.step(2, { type: 'vote', term: 2, lastIndex: 0, lastTerm: 0 }, 5);
    const stale = {
      type: 'append' as const,
      term: 1,
      prevIndex: 0,
      prevTerm: 0,
      entries: [{ term: 1, key: 0, writeId: 9 }],
      commit: 0,
      sentAtLocal: 6,
    };
    const out = replica.step(1, stale, 7);
    expect(out.sends[0].msg).toEqual({
      type: 'append-reply',
      term: 2,
      success: false,
      matchIndex: 0,
      sentAtLocal: 6,
    });
    expect(replica.heldWrite(0)).toBe(null);

    // Without fencing the same message is applied and acknowledged in the deposed leader's term.
    const unfenced = node(0, [0.5], { ...protocol, fencing: false });
    unfenced.start(0);
    unfenced.step(2, { type: 'vote', term: 2, lastIndex: 0, lastTerm: 0 }, 5);
    const acked = unfenced.step(1, stale, 7);
    expect(acked.sends[0].msg).toEqual({
      type: 'append-reply',
      term: 1,
      success: true,
      matchIndex: 1,
      sentAtLocal: 6,
    });
    expect(unfenced.heldWrite(0)).toBe(9);
    expect(unfenced.term).toBe(2);
  });
});
