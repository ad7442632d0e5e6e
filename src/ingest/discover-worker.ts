/**
 * Worker thread entry: one shard of the discovery, while the main thread opens the database.
 * The first shard may ask for a second (`{ second: true }`) before its result.
 */
import { parentPort, workerData } from "node:worker_threads";
import { discoverFiles, discoverFirstShard, type DiscoveryOptions } from "./discover.js";
import type { Shard } from "./walk.js";

const { roots, options, shard } = workerData as { roots: string[]; options: DiscoveryOptions; shard: Shard | "first" };
const result =
  shard === "first" ? discoverFirstShard(roots, options, () => parentPort!.postMessage({ second: true })) : discoverFiles(roots, options, shard);
parentPort!.postMessage(result, [result.baseIndex.buffer as ArrayBuffer, result.sizes.buffer as ArrayBuffer, result.mtimesUs.buffer as ArrayBuffer]);
