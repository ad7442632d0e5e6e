/**
 * Discovery in threads of its own. Walking a large share is mostly system calls, and so is
 * loading DuckDB and opening the database: started first, the walk overlaps them. Where the
 * share has folders enough to split, two threads list different folders (walkShards).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { mergeShards, walkShards, type DiscoveryOptions, type DiscoveryResult } from "./discover.js";
import type { Shard } from "./walk.js";

export interface BackgroundDiscovery {
  result: Promise<DiscoveryResult>;
  /** Stop the walk (when the ingest cannot go on), so the process can exit at once. */
  cancel(): void;
}

/**
 * A walk thread's young generation, in MB (V8's default here: 48). The walk makes short-lived
 * garbage (a folder's entries, their paths) and keeps only its lists, so a small one does: with
 * 4 MB the thread touches about 25 MB less memory, each page of which costs this machine up to
 * 20 µs the first time (docs/performance.md, "Memory's first touch").
 */
const WALK_YOUNG_GENERATION_MB = 4;

export function discoverInBackground(roots: readonly string[], options: DiscoveryOptions): BackgroundDiscovery {
  const workers: Worker[] = [];
  const walkShard = (shard: Shard) =>
    new Promise<DiscoveryResult>((resolve, reject) => {
      const worker = new Worker(new URL("./discover-worker.js", import.meta.url), {
        resourceLimits: { maxYoungGenerationSizeMb: WALK_YOUNG_GENERATION_MB },
        workerData: {
          roots: [...roots],
          options: { include: [...options.include], exclude: [...options.exclude], followLinks: options.followLinks === true },
          shard,
        },
      });
      workers.push(worker);
      worker.on("message", (found: DiscoveryResult) => {
        resolve(found);
        void worker.terminate();
      });
      worker.once("error", reject);
    });
  const [first, ...others] = walkShards(roots, availableParallelism()).map(walkShard);
  // Awaited once the first is done; until then a failure must not count as unhandled.
  for (const other of others) other.catch(() => undefined);
  return {
    result: first.then(async (found) => (others.length === 0 ? found : mergeShards([found, ...(await Promise.all(others))]))),
    cancel: () => workers.forEach((worker) => void worker.terminate()),
  };
}
