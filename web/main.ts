/** The lab's entry point (see index.html). */
import { startLab } from './app/lab.ts';

startLab(document);
