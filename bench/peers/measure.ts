/**
 * What a peer's child process reports to `npm run bench -- --peers`: the simulation alone (wall
 * and CPU time, start-up excluded) and the CPU time of the whole process so far (start-up, module
 * loading and compilation included).
 */
export interface PeerRun {
  /** Requests completed. */
  requests: number;
  /** Wall time of the simulation alone, in ms. */
  simWallMs: number;
  /** CPU time of the process during the simulation (every thread: GC and compilers too), in ms. */
  simCpuMs: number;
  /** CPU time of the process from its start to the end of the simulation, in ms. */
  processCpuMs: number;
  /** Mean response time of the completed requests, in ms: the same work gives the same ~10 ms. */
  meanResponseMs: number;
  /** The peer's version, where it has one. */
  version?: string;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** Times `simulate` (which runs the whole simulation) in this process. */
export function measurePeer(simulate: () => { requests: number; meanResponseMs: number }): PeerRun {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = simulate();
  const simWallMs = performance.now() - t0;
  const simCpuMs = cpuMs(process.cpuUsage(cpu0));
  return { ...result, simWallMs, simCpuMs, processCpuMs: cpuMs(process.cpuUsage()) };
}
