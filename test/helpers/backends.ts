/**
 * The backends every parametrized test runs on. Add an entry here and the whole suite covers it.
 * The native backend is required in this repository's tests: a machine where it cannot load fails
 * loudly here rather than silently testing only noble.
 */
import type { DvtBls } from '../../src/index';
import { createDvtBls } from '../../src/index';
import { nobleBackend } from '../../src/backend/noble';
import { loadBlstBackend } from '../../src/backend/load-blst';

export interface TestedBackend {
  name: string;
  api: DvtBls;
}

export const backends: TestedBackend[] = [
  { name: 'noble', api: createDvtBls(nobleBackend) },
  { name: 'blst', api: createDvtBls(loadBlstBackend()) },
];
