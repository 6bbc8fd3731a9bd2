/**
 * The backends every parametrized test runs on. Add an entry here and the whole suite covers it.
 */
import type { DvtBls } from '../../src/index';
import { createDvtBls } from '../../src/index';
import { nobleBackend } from '../../src/backend/noble';

export interface TestedBackend {
  name: string;
  api: DvtBls;
}

export const backends: TestedBackend[] = [{ name: 'noble', api: createDvtBls(nobleBackend) }];
