/**
 * Discovery in threads of its own. Walking a large share is mostly system calls, and so is
 * loading DuckDB and opening the database: started first, the walk overlaps them. Where the
 * share has folders enough to split, the first thread asks for a second one, and the two
 * list different folders (ShareWalker.wantsSecondThread).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { mergeShards, SHARED_WALK, type DiscoveryOptions, type DiscoveryResult, type SecondWanted } from "./discover.js";
import type { Shard } from "./walk.js";

export interface BackgroundDiscovery {
  result: Promise<DiscoveryResult>;
  /** Stop the walk (when the ingest cannot go on), so the process can exit at once. */
  cancel(): void;
}

export function discoverInBackground(roots: readonly string[], options: DiscoveryOptions): BackgroundDiscovery {
  const workers: Worker[] = [];
  const walkShard = (shard: Shard | "first", onSecond?: () => void) =>
    new Promise<DiscoveryResult>((resolve, reject) => {
      const worker = new Worker(new URL("./discover-worker.js", import.meta.url), {
        workerData: {
          roots: [...roots],
          options: { include: [...options.include], exclude: [...options.exclude], followLinks: options.followLinks === true },
          shard,
        },
      });
      workers.push(worker);
      worker.on("message", (message: DiscoveryResult | SecondWanted) => {
        if ("second" in message) return onSecond?.();
        resolve(message);
        void worker.terminate();
      });
      worker.once("error", reject);
    });
  let second: Promise<DiscoveryResult> | undefined;
  const startSecond = () => {
    second = walkShard(SHARED_WALK[1]);
    // Awaited once the first is done; until then a failure must not count as unhandled.
    second.catch(() => undefined);
  };
  const first = availableParallelism() > 1 ? walkShard("first", startSecond) : walkShard({ index: 0, count: 1 });
  return {
    // The first shard asks for the second before it sends its own result.
    result: first.then(async (found) => (second === undefined ? found : mergeShards([found, await second]))),
    cancel: () => workers.forEach((worker) => void worker.terminate()),
  };
}
