import type { Model } from '../spec/model.js';
import peterson from './peterson/peterson.js';
import philosophers from './philosophers/philosophers.js';

/** Every bundled model, in the order `interleave list` and `check --all` show them. */
export const bundledModels: readonly Model[] = [peterson, philosophers];
