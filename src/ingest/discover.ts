/**
 * Finding log files below the paths the user gave (the walk itself: src/ingest/walk.ts).
 * Every file met is listed, one that cannot be read too (`problems`: the row it gets);
 * names that are not UTF-8 with the bytes to open them by (`rawPaths`).
 *
 * A fleet share holds tens of thousands of files and a re-ingest of an unchanged share is
 * little more than this walk, so the result is columnar (cheap to pass between threads)
 * and everything per file is kept to a string concatenation and one stat.
 */
import path from "node:path";
import type { FileProblem } from "../model/files.js";
import type { FoundList } from "./found-list.js";
import { relativeBelow, ShareWalker, wantsSecondThread, type Shard } from "./walk.js";

export interface DiscoveryOptions {
  include: readonly string[];
  exclude: readonly string[];
  /** Read what symbolic links leading out of the PATHs given lead to (`--follow-links`). */
  followLinks?: boolean;
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
  /** Files found that are not to be read (a link out of PATH, a file that cannot be stat'ed), by path. */
  problems: Record<string, FileProblem>;
  /** Files whose path is not valid UTF-8: the bytes to open them by, by the path shown. */
  rawPaths: Record<string, Uint8Array>;
  warnings: string[];
  /** The globs it was walked with: they choose the members of the archives found too. */
  options: DiscoveryOptions;
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
  return walkAll(new ShareWalker(roots, options, shard), roots, options);
}

/** The two shards of a walk shared by two threads. */
export const SHARED_WALK: readonly [Shard, Shard] = [
  { index: 0, count: 2 },
  { index: 1, count: 2 },
];

const ALONE: readonly [Shard] = [{ index: 0, count: 1 }];

/**
 * The shards to walk `roots` in: two where that pays (wantsSecondThread, walk.ts) and a
 * second core is there, else one. Told before any thread starts, so both start at once: when
 * the first thread decided, the second started a thread's start-up later (0.15-0.2 s), and its
 * half of the mixed benchmark share's walk ended that much after the first's.
 */
export function walkShards(roots: readonly string[], cores: number): readonly Shard[] {
  return cores > 1 && wantsSecondThread(roots) ? SHARED_WALK : ALONE;
}

function walkAll(walker: ShareWalker, roots: readonly string[], options: DiscoveryOptions): DiscoveryResult {
  for (const given of roots) walker.walkRoot(given);
  const { links, problems, rawPaths, warnings } = walker;
  return toColumns(walker.bases, walker.found, { links, problems, rawPaths, warnings }, options);
}

/** The order of a discovery's paths: by UTF-16 code units, as JavaScript compares strings. */
const comparePaths = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type ByPath = Pick<DiscoveryResult, "links" | "problems" | "rawPaths" | "warnings">;

/** A result for `count` files, whose per-file columns setFile fills in path order. */
function emptyResult(count: number, bases: string[], byPath: ByPath, options: DiscoveryOptions): DiscoveryResult {
  return {
    paths: [],
    baseIndex: new Int32Array(count),
    bases,
    sizes: new Float64Array(count),
    mtimesUs: new Float64Array(count),
    ...byPath,
    options,
  };
}

/** The `i`th file of `result`, in path order. */
function setFile(result: DiscoveryResult, i: number, file: string, base: number, size: number, mtimeUs: number): void {
  result.paths.push(file);
  result.baseIndex[i] = base;
  result.sizes[i] = size;
  result.mtimesUs[i] = mtimeUs;
}

function toColumns(bases: string[], found: FoundList, byPath: ByPath, options: DiscoveryOptions): DiscoveryResult {
  const { paths } = found;
  const order = Array.from(paths.keys()).sort((a, b) => comparePaths(paths[a], paths[b]));
  const result = emptyResult(order.length, bases, byPath, options);
  order.forEach((k, i) => setFile(result, i, paths[k], found.bases[k], found.sizes[k], found.mtimesUs[k]));
  return result;
}

/**
 * Shards of one walk (see ShareWalker) as one result, sorted by path. Each shard is sorted
 * already, so they are merged, not sorted again: for the 73,555 files of the mixed benchmark
 * share, 10.5 ms instead of 46.8 ms (first call, as in an ingest).
 */
export function mergeShards(shards: readonly [DiscoveryResult, ...DiscoveryResult[]]): DiscoveryResult {
  const total = shards.reduce((sum, shard) => sum + shard.paths.length, 0);
  const merged = <K extends "links" | "problems" | "rawPaths">(key: K) =>
    Object.assign({}, ...shards.map((shard) => shard[key])) as DiscoveryResult[K];
  const byPath = {
    links: merged("links"),
    problems: merged("problems"),
    rawPaths: merged("rawPaths"),
    warnings: shards.flatMap((shard) => shard.warnings),
  };
  const result = emptyResult(total, shards[0].bases, byPath, shards[0].options);
  // The next file of each shard; each step takes the least of them.
  const next = shards.map(() => 0);
  for (let i = 0; i < total; i++) {
    let from = -1;
    for (let s = 0; s < shards.length; s++) {
      if (next[s] < shards[s].paths.length && (from < 0 || comparePaths(shards[s].paths[next[s]], shards[from].paths[next[from]]) < 0)) from = s;
    }
    const shard = shards[from];
    const k = next[from]++;
    setFile(result, i, shard.paths[k], shard.baseIndex[k], shard.sizes[k], shard.mtimesUs[k]);
  }
  return result;
}
