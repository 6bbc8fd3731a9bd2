/**
 * A worker of the throughput pool: loads every library once, then runs the jobs it is sent.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { loadLibraries } from './libraries';
import { runTask, type Task } from './throughput-tasks';

const port = parentPort;
if (port === null) throw new Error('throughput-worker: not in a worker thread');
const libs = await loadLibraries();
port.on('message', ({ id, task }: { id: number; task: Task }) => {
  try {
    port.postMessage({ id, result: runTask(libs, task) });
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
