/** The one piece of work every peer of `npm run bench -- --peers` does. */
export interface PeerWork {
  /** Requests issued, exactly (Faultline: the expected count of a Poisson run that long). */
  requests: number;
  /** Poisson arrival rate, per ms. */
  arrivalsPerMs: number;
  /** Mean of the exponential service time, in ms. */
  serviceMeanMs: number;
  /** Seed of the peer's own random generator. */
  seed: number;
}

/** M/M/1 at rho 0.9: arrivals 0.9 per ms, service mean 1 ms (mean response 10 ms in theory). */
export const MM1_WORK: Omit<PeerWork, 'requests'> = { arrivalsPerMs: 0.9, serviceMeanMs: 1, seed: 1 };

/** Mean response time of M/M/1 in theory: 1 / (mu - lambda). */
export function theoreticalMeanResponseMs(work: PeerWork): number {
  return 1 / (1 / work.serviceMeanMs - work.arrivalsPerMs);
}
