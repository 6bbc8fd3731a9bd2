/**
 * A pool of worker threads for the throughput mode: every core verifies batches or runs duties at
 * once. Each worker loads the libraries once (native blst, herumi's WebAssembly) and runs the jobs
 * it is handed; a free worker takes the next job, so a slow core does not hold the others back.
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { Task } from './throughput-tasks';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WorkerPool {
  readonly size: number;
  readonly #workers: Worker[];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  private constructor(workers: Worker[]) {
    this.#workers = workers;
    this.size = workers.length;
    for (const w of workers) {
      w.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.#pending.get(m.id);
        if (p === undefined) return;
        this.#pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result);
      });
    }
  }

  /** Starts `size` workers and waits until each has loaded its libraries. */
  static async start(size: number): Promise<WorkerPool> {
    const entry = new URL('./throughput-worker.ts', import.meta.url).href;
    const workers = Array.from({ length: size }, () => new Worker(new URL('./throughput-boot.mjs', import.meta.url), { workerData: { entry } }));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (m: { ready?: boolean }) => {
              if (m.ready) {
                w.off('message', onMessage);
                w.off('error', reject);
                resolve();
              }
            };
            w.on('message', onMessage);
            w.once('error', reject);
          })
      )
    );
    return new WorkerPool(workers);
  }

  #send(worker: Worker, task: Task): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, task });
    });
  }

  /** Runs every task, each on the next free worker; results in task order. */
  async runAll(tasks: readonly Task[]): Promise<unknown[]> {
    const results: unknown[] = new Array(tasks.length);
    let next = 0;
    await Promise.all(
      this.#workers.map(async (w) => {
        while (next < tasks.length) {
          const i = next++;
          results[i] = await this.#send(w, tasks[i] as Task);
        }
      })
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
