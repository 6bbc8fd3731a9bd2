/**
 * The jobs of the throughput section, run the same way on the main thread (the single-thread
 * baseline) and in each worker (throughput.ts): plain data in, plain data out.
 * @module
 */
import { recordCeremony, type CeremonyKey, type Recording } from './dkg-record';
import type { Libraries } from './libraries';
import type { Cluster, SetBytes } from './peers/types';
import type { LibraryId } from './types';

export type Task =
  | { kind: 'verifyBatch'; library: LibraryId; sets: SetBytes[] }
  | {
      kind: 'duties';
      library: LibraryId;
      /** Names the cluster, so a worker prepares its signers and aggregator once. */
      clusterKey: string;
      cluster: Cluster;
      /** The signers of each duty (indices into the cluster's shares), one duty per message. */
      subsets: number[][];
      messages: Uint8Array[];
    }
  | { kind: 'dkgRecord'; key: CeremonyKey };

type Duty = (message: Uint8Array, subset: number[]) => Uint8Array;
const duties = new Map<string, Duty>();

function dutyOf(libs: Libraries, library: LibraryId, key: string, c: Cluster): Duty {
  const cacheKey = `${library} ${key}`;
  let duty = duties.get(cacheKey);
  if (duty === undefined) {
    const lib = libs.byId[library];
    const combine = lib.combiner?.(c);
    const signers = lib.signer && c.shares.map((s) => (lib.signer as NonNullable<typeof lib.signer>)(s));
    if (!combine || !signers) throw new Error(`${library}: no duty`);
    duty = (message, subset) =>
      combine(
        message,
        subset.map((i) => ({ id: c.ids[i] as number, signature: (signers[i] as (m: Uint8Array) => Uint8Array)(message) }))
      );
    duties.set(cacheKey, duty);
  }
  return duty;
}

/**
 * Runs one job: a batch verification (returns its verdict), a list of duties (their signatures),
 * or the recording of a DKG ceremony (for the DKG section).
 */
export function runTask(libs: Libraries, task: Task): boolean | Uint8Array[] | Recording {
  if (task.kind === 'dkgRecord') return recordCeremony(task.key);
  if (task.kind === 'verifyBatch') {
    const verifyBatch = libs.byId[task.library].verifyBatch;
    if (!verifyBatch) throw new Error(`${task.library}: no verifyBatch`);
    return verifyBatch(task.sets);
  }
  const duty = dutyOf(libs, task.library, task.clusterKey, task.cluster);
  return task.messages.map((m, i) => duty(m, task.subsets[i % task.subsets.length] as number[]));
}
