/**
 * A run's series as CSV, exactly `faultline run --csv`: the page and the CLI share one
 * implementation, so a downloaded file and the CLI's are the same bytes.
 */
export { seriesCsv as resultsCsv } from '../../cli/report/csv.ts';
