/**
 * `faultline export --format history`: one store's operations as JSON lines in the shape
 * Jepsen-family checkers read (Knossos, Elle, Porcupine): each operation's invocation and its
 * completion, `{"process", "type": "invoke"|"ok"|"fail"|"info", "f": "read"|"write", "key",
 * "value", "time", "index"}`, in time order (see `sim-core/store/history.ts`).
 */
import { Simulation } from '../../sim-core/run/simulation.ts';
import { inputError } from '../errors.ts';
import { loadScenario } from '../load-scenario.ts';

/** One store's history from a run, and what it holds. */
export interface ExportedHistory {
  readonly store: string;
  readonly text: string;
  readonly entries: number;
  readonly operations: number;
  readonly stopMessage: string | null;
}

/** Runs `argument` (the same run `faultline run` makes) and returns the history of store `store` (null: the only one). */
export function exportHistory(
  argument: string,
  sets: readonly string[],
  seed: number | undefined,
  store: string | null,
): ExportedHistory {
  const { scenario } = loadScenario(argument, sets, { dropStale: true });
  const sim = new Simulation(scenario, seed === undefined ? {} : { seed });
  const result = sim.run();
  const runs = sim.model.stores.runs;
  const names = runs.map((r) => r.service.spec.name);
  const listed = names.length === 0 ? '(none)' : names.map((n) => JSON.stringify(n)).join(', ');
  if (runs.length === 0)
    throw inputError(
      `scenario ${JSON.stringify(scenario.id)} has no store (no service with a "store"), so it has no history`,
    );
  const run =
    store === null
      ? runs.length === 1
        ? runs[0]
        : null
      : (runs.find((r) => r.service.spec.name === store) ?? null);
  if (run === null) {
    throw inputError(
      store === null
        ? `scenario ${JSON.stringify(scenario.id)} has ${runs.length} stores; choose one with --store: ${listed}`
        : `--store ${JSON.stringify(store)} is not a store of ${JSON.stringify(scenario.id)}; stores: ${listed}`,
    );
  }
  const history = run.accounting.history;
  return {
    store: run.service.spec.name,
    text: history.toJsonLines(),
    entries: history.entries.length,
    operations: history.entries.filter((e) => e.type === 'invoke').length,
    stopMessage: result.stopReason === 'completed' ? null : result.stopMessage,
  };
}
