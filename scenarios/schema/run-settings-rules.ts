/**
 * Rules of the run's settings a schema can't express: a warm-up shorter than the run, a bounded
 * number of metric buckets, and times that fall inside the run.
 */
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { field, finite, isRecord, num, type Rec } from './raw.ts';
import { MetricsSchema } from './run-settings.ts';
import { ScenarioSchema } from './scenario.ts';

/**
 * The most buckets a series may have. A tiny bucketMs over a long run would otherwise allocate
 * arrays the size of the run, freezing a browser tab before the first event.
 */
export const MAX_BUCKETS = 1_000_000;

/** warmupMs < durationMs, and a bounded number of metric buckets. */
export function runLengthErrors(root: Rec): ValidationError[] {
  const duration = ScenarioSchema.shape.durationMs.safeParse(root['durationMs']);
  const metrics = root['metrics'];
  if (!duration.success || (metrics !== undefined && !isRecord(metrics))) return [];
  const errors: ValidationError[] = [];
  const warmup = MetricsSchema.shape.warmupMs.safeParse(field(metrics, 'warmupMs'));
  if (warmup.success && warmup.data >= duration.data) {
    errors.push(
      foundAllowed(
        formatPath(['metrics', 'warmupMs']),
        num(warmup.data),
        `a number >= 0 and < durationMs (${num(duration.data)})`,
      ),
    );
  }
  const bucket = MetricsSchema.shape.bucketMs.safeParse(field(metrics, 'bucketMs'));
  if (bucket.success && duration.data / bucket.data > MAX_BUCKETS) {
    const error = foundAllowed(
      formatPath(['metrics', 'bucketMs']),
      num(bucket.data),
      `a number >= durationMs / ${MAX_BUCKETS} (${num(duration.data / MAX_BUCKETS)})`,
    );
    error.message += `; a series may have at most ${MAX_BUCKETS} buckets`;
    errors.push(error);
  }
  return errors;
}

/** A time in the run: `atMs` < durationMs. */
export function beforeEnd(
  path: PathSegment[],
  atMs: unknown,
  durationMs: number | undefined,
): ValidationError[] {
  const at = finite(atMs);
  if (at === undefined || at < 0 || durationMs === undefined || at < durationMs) return [];
  return [foundAllowed(formatPath(path), num(at), `a number >= 0 and < durationMs (${num(durationMs)})`)];
}
