/**
 * A run's series as CSV, exactly `faultline run --csv`: the page and the command share one
 * implementation, so a downloaded file and the command's are the same bytes.
 */
export { seriesCsv as resultsCsv } from '../../sim-core/metrics/series-csv.ts';
