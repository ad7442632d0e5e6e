/**
 * Finding log files below the paths the user gave (the walk itself: src/ingest/walk.ts).
 *
 * A fleet share holds tens of thousands of files and a re-ingest of an unchanged share is
 * little more than this walk, so the result is columnar (cheap to pass between threads)
 * and everything per file is kept to a string concatenation and one stat.
 */
import path from "node:path";
import { relativeBelow, ShareWalker, type FoundFile, type Shard } from "./walk.js";

export interface DiscoveryOptions {
  include: readonly string[];
  exclude: readonly string[];
}

/** The files found, sorted by path, one array entry per file. */
export interface DiscoveryResult {
  /** Absolute paths: the ledger's key. */
  paths: string[];
  /** Index into `bases` of the folder each file was found under. */
  baseIndex: Int32Array;
  /** The PATH arguments as absolute folders (for a file argument, its folder). */
  bases: string[];
  sizes: Float64Array;
  /** Modification times in microseconds since the epoch (see `mtimeMicros` in walk.ts). */
  mtimesUs: Float64Array;
  /** Files found through a symbolic link: the link's path and the real path it leads to. */
  links: Record<string, string>;
  warnings: string[];
}

/**
 * The path below the PATH argument it was found under, with `/` separators (for --host-pattern).
 * `paths` is node:path of this platform; tests pass path.win32 (see relativeBelow).
 */
export function relPathOf(found: DiscoveryResult, index: number, paths: Pick<typeof path, "sep"> = path): string {
  return relativeBelow(found.bases[found.baseIndex[index]], found.paths[index], paths);
}

/** Walk the PATHs given (see ShareWalker for `shard`), and list what was found by path. */
export function discoverFiles(roots: readonly string[], options: DiscoveryOptions, shard?: Shard): DiscoveryResult {
  const walker = new ShareWalker(options, shard);
  for (const given of roots) walker.walkRoot(given);
  return toColumns(walker.bases, [...walker.found.entries()], walker.links, walker.warnings);
}

type Found = [path: string, facts: FoundFile];

function toColumns(bases: string[], entries: Found[], links: Record<string, string>, warnings: string[]): DiscoveryResult {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const paths = entries.map(([file]) => file);
  const result: DiscoveryResult = {
    paths,
    baseIndex: new Int32Array(paths.length),
    bases,
    sizes: new Float64Array(paths.length),
    mtimesUs: new Float64Array(paths.length),
    links,
    warnings,
  };
  entries.forEach(([, { base, size, mtimeUs }], i) => {
    result.baseIndex[i] = base;
    result.sizes[i] = size;
    result.mtimesUs[i] = mtimeUs;
  });
  return result;
}

/** Shards of one walk (see ShareWalker) as one result, sorted by path. */
export function mergeShards(shards: readonly DiscoveryResult[]): DiscoveryResult {
  const entries: Found[] = [];
  for (const shard of shards) {
    shard.paths.forEach((file, i) => entries.push([file, { base: shard.baseIndex[i], size: shard.sizes[i], mtimeUs: shard.mtimesUs[i] }]));
  }
  const links = Object.assign({}, ...shards.map((shard) => shard.links)) as Record<string, string>;
  return toColumns(shards[0]?.bases ?? [], entries, links, shards.flatMap((shard) => shard.warnings));
}
