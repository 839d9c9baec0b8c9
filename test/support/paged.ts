/** `doc` with an availability SLO on api and a page alert whose action rolls `service` back. */
export const paged = <T extends object>(doc: T, service: string) => ({
  ...doc,
  slos: [{ name: 'api', service: 'api', objective: { kind: 'availability', target: 0.99 } }],
  alerts: [
    {
      name: 'page',
      slo: 'api',
      rule: { longWindowMs: 4000, shortWindowMs: 1000, burnRate: 5 },
      evaluationPeriodMs: 1000,
      action: { kind: 'rollback', service, delayMs: 0 },
    },
  ],
});
