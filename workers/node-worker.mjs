// Starts a pool worker from the TypeScript sources: Node 20 cannot load a `.ts` worker entry
// even with `--import tsx` (ERR_UNKNOWN_FILE_EXTENSION), so register tsx here, then import it.
import { register } from 'tsx/esm/api';

register();
await import('./node-worker.ts');
