/**
 * The Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008): eight colours that stay
 * distinguishable under the common colour-vision deficiencies. Every chart colour comes from here;
 * lines that share a chart also differ in dash pattern where it matters.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

/** For series without a fixed role, in this order. */
export const CATEGORICAL: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.green,
  OKABE_ITO.orange,
  OKABE_ITO.purple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

export const INK = '#1d2330';
export const MUTED = '#5b6475';
export const GRID = '#e3e6ec';
export const FAULT_FILL = '#8a8f99';

/** Roles that keep one colour across every chart. */
export const ROLE = {
  offered: OKABE_ITO.black,
  attempts: OKABE_ITO.orange,
  goodput: OKABE_ITO.green,
  p50: OKABE_ITO.blue,
  p99: OKABE_ITO.vermillion,
  queue: OKABE_ITO.blue,
  utilisation: OKABE_ITO.orange,
  request: OKABE_ITO.blue,
  retry: OKABE_ITO.vermillion,
  breakerOpen: OKABE_ITO.vermillion,
  breakerHalf: OKABE_ITO.orange,
} as const;

/** Error causes (client and service views), one colour each. */
export const CAUSE_COLOR: Readonly<Record<string, string>> = {
  timedOut: OKABE_ITO.vermillion,
  rejected: OKABE_ITO.orange,
  failed: OKABE_ITO.purple,
  shed: OKABE_ITO.skyBlue,
  breakerOpen: OKABE_ITO.black,
  rateLimited: OKABE_ITO.yellow,
  bulkheadFull: OKABE_ITO.blue,
  limited: OKABE_ITO.green,
  dropped: '#999999',
};

export const CAUSE_LABEL: Readonly<Record<string, string>> = {
  timedOut: 'timed out',
  rejected: 'rejected (queue full)',
  failed: 'failed',
  shed: 'shed',
  breakerOpen: 'breaker open',
  rateLimited: 'rate limited',
  bulkheadFull: 'bulkhead full',
  limited: 'over adaptive limit',
  dropped: 'dropped',
};

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
