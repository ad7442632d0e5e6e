/**
 * Worker thread entry: one shard of the discovery, while the main thread opens the database.
 * The first shard may ask for a second (SECOND_WANTED) before its result.
 */
import { parentPort, workerData } from "node:worker_threads";
import { discoverFiles, discoverFirstShard, SECOND_WANTED, type DiscoveryOptions } from "./discover.js";
import type { Shard } from "./walk.js";

const { roots, options, shard } = workerData as { roots: string[]; options: DiscoveryOptions; shard: Shard | "first" };
const result =
  shard === "first" ? discoverFirstShard(roots, options, () => parentPort!.postMessage(SECOND_WANTED)) : discoverFiles(roots, options, shard);
parentPort!.postMessage(result, [result.baseIndex.buffer as ArrayBuffer, result.sizes.buffer as ArrayBuffer, result.mtimesUs.buffer as ArrayBuffer]);
