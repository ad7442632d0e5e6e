/**
 * Discovery in threads of its own. Walking a large share is mostly system calls, and so is
 * loading DuckDB and opening the database: started first, the walk overlaps them. Two
 * threads walk the same folders and split the stats between them, which halves what a
 * re-ingest of an unchanged share costs.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { mergeShards, type DiscoveryOptions, type DiscoveryResult } from "./discover.js";

export interface BackgroundDiscovery {
  result: Promise<DiscoveryResult>;
  /** Stop the walk (when the ingest cannot go on), so the process can exit at once. */
  cancel(): void;
}

export function discoverInBackground(roots: readonly string[], options: DiscoveryOptions): BackgroundDiscovery {
  const count = Math.max(1, Math.min(2, availableParallelism()));
  const workers = Array.from(
    { length: count },
    (_, index) =>
      new Worker(new URL("./discover-worker.js", import.meta.url), {
        workerData: {
          roots: [...roots],
          options: { include: [...options.include], exclude: [...options.exclude], followLinks: options.followLinks === true },
          shard: { index, count },
        },
      }),
  );
  const shards = workers.map(
    (worker) =>
      new Promise<DiscoveryResult>((resolve, reject) => {
        worker.once("message", (found: DiscoveryResult) => {
          resolve(found);
          void worker.terminate();
        });
        worker.once("error", reject);
      }),
  );
  return {
    result: Promise.all(shards).then(mergeShards),
    cancel: () => workers.forEach((worker) => void worker.terminate()),
  };
}
