/**
 * Chained accessors, d3 style: `chart.height()` reads, `chart.height(120)` sets and returns the
 * chart, so `goldenSignals().x(x).height(140)` reads like d3-shape's `line().x(...).y(...)`.
 * A chart's settings live in one props object that its render function reads.
 */
export interface Accessor<T, C> {
  (): T;
  (value: T): C;
}

/** One accessor per prop, each returning the chart `C`. */
export type Chained<P, C> = { [K in keyof P]-?: Accessor<P[K], C> };

/** Adds an accessor for every key of `props` to `render` (the props object is updated in place). */
export function chain<C, P extends object>(render: (...args: never[]) => unknown, props: P): C {
  const chart = render as unknown as Record<string, unknown>;
  for (const key of Object.keys(props) as (keyof P & string)[]) {
    chart[key] = (...args: [P[typeof key]?]) => {
      if (args.length === 0) return props[key];
      props[key] = args[0] as P[typeof key];
      return chart;
    };
  }
  return chart as C;
}
