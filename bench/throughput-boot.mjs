// Worker entry point: registers tsx's TypeScript loader in the worker thread, then loads the
// TypeScript worker. Plain JavaScript, so the pool works under any runner (tsx, vitest, node).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
