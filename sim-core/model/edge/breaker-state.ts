/**
 * The one spelling of a circuit breaker's state in the model and the metrics: a number. The
 * result JSON keeps its words (`closed`, `open`, `half-open`), from {@link BREAKER_STATE_NAMES}.
 */
export const BREAKER_STATE_CLOSED = 0;
export const BREAKER_STATE_OPEN = 1;
export const BREAKER_STATE_HALF_OPEN = 2;

/** The result's word for each state number. */
export const BREAKER_STATE_NAMES = ['closed', 'open', 'half-open'] as const;

/** How much of "open" a state counts in the breaker-open series: open 1, half-open 0.5, closed 0. */
export const BREAKER_OPEN_WEIGHT = [0, 1, 0.5] as const;
