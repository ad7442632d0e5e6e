/** Worker thread entry: one shard of the discovery, while the main thread opens the database. */
import { parentPort, workerData } from "node:worker_threads";
import { discoverFiles, type DiscoveryOptions } from "./discover.js";
import type { Shard } from "./walk.js";

const { roots, options, shard } = workerData as { roots: string[]; options: DiscoveryOptions; shard: Shard };
const result = discoverFiles(roots, options, shard);
parentPort!.postMessage(result, [result.baseIndex.buffer as ArrayBuffer, result.sizes.buffer as ArrayBuffer, result.mtimesUs.buffer as ArrayBuffer]);
