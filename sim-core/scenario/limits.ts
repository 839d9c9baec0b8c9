/**
 * The largest scenario the engine can hold: validation refuses anything bigger, naming the field,
 * the value and the limit, so a scenario that validates also runs (rather than dying out of
 * memory, or on a native stack overflow, before its first event). The engine may rely on them.
 *
 * Each limit is well above what a real lesson or study needs and well below what breaks the
 * engine on a laptop's default Node heap; the comment on each says what it protects.
 */

/** Replicas per service: each is a node with its own clock, queue and per-link state. */
export const MAX_REPLICAS = 10_000;

/** Services per scenario: each has replicas, a metrics row per bucket and edges to its callees. */
export const MAX_SERVICES = 2_000;

/** Clients per scenario: each is a node with its own arrival stream and metrics rows. */
export const MAX_CLIENTS = 10_000;

/** Message queues per scenario. */
export const MAX_QUEUES = 1_000;

/**
 * Nodes in all: clients + every service's replicas + queues. Network state grows with the
 * nodes that talk to each other, so this bounds it whatever the mix.
 */
export const MAX_NODES = 50_000;

/**
 * Users of one closed-loop or `once` client, and of all of them together: every user holds a
 * pending event from the start, and the event queue holds at most 2^24.
 */
export const MAX_USERS = 1_000_000;

/** Extra requests of one `client-burst` fault: all of them are scheduled at one instant. */
export const MAX_BURST_REQUESTS = 1_000_000;

/**
 * How deep calls may nest (services and queues on the longest chain from a client): a request
 * holds a frame per level while it is in flight and its answer unwinds level by level.
 */
export const MAX_CALL_DEPTH = 100;

/** Downstream calls of one service: each call of each request is a separate attempt. */
export const MAX_CALLS_PER_SERVICE = 1_000;

/** Samples or cdf points of one empirical distribution: they are copied and sorted on build. */
export const MAX_EMPIRICAL_POINTS = 100_000;

/** Branches of one hyperexponential distribution. */
export const MAX_BRANCHES = 1_000;

/** Faults on the timeline: each schedules its own start and end events and recovery metrics. */
export const MAX_FAULTS = 10_000;

/** Hypotheses of a scenario: each may need its own run (its `set` overrides). */
export const MAX_HYPOTHESES = 1_000;

/** Per-link overrides of the network. */
export const MAX_LINKS = 10_000;

/**
 * How deeply the data of a scenario may nest (objects and arrays). A real scenario nests fewer
 * than 10 levels; far deeper input would overflow the stack of a recursive copy or parse, and
 * is refused first, by a walk that uses no recursion.
 */
export const MAX_NESTING = 64;
