/**
 * Finding log files below the paths the user gave: recursive, never stopping at a folder it
 * cannot list. Symbolic links are followed once (a link loop is reported, not followed), and
 * only inside the PATHs given unless `followLinks`: a link leading out of them is a file
 * that is not read, with its reason. Every file met gets a row in `files`, one that cannot
 * be read too (`problems`); names that are not UTF-8 are read by their bytes (folder-entries.ts).
 *
 * A fleet share holds tens of thousands of files and a re-ingest of an unchanged share is
 * little more than this walk, so the result is columnar (cheap to pass between threads)
 * and everything per file is kept to a string concatenation and one stat.
 */
import { lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { errnoCode } from "../errors.js";
import { listFolder, type FolderEntry } from "./folder-entries.js";

export interface DiscoveryOptions {
  include: readonly string[];
  exclude: readonly string[];
  /** Read what symbolic links leading out of the PATHs given lead to (`--follow-links`). */
  followLinks?: boolean;
}

/** A file found that is not to be read, and the row it gets instead. */
export interface FileProblem {
  status: "skipped" | "error";
  message: string;
  /** A symbolic link: where it leads. */
  linkTarget: string | null;
  /** The link's own size and time (lstat), for the row; 0 when even that failed. */
  size: number;
  mtimeUs: number;
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
  /** Modification times in microseconds since the epoch (see `mtimeMicros`). */
  mtimesUs: Float64Array;
  /** Files found through a symbolic link: the link's path and the real path it leads to. */
  links: Record<string, string>;
  /** Files found that are not to be read (a link out of PATH, a file that cannot be stat'ed), by path. */
  problems: Record<string, FileProblem>;
  /** Files whose path is not valid UTF-8: the bytes to open them by, by the path shown. */
  rawPaths: Record<string, Uint8Array>;
  warnings: string[];
}

/**
 * Microseconds from a stat. Discovery and the parser threads both use this, on the same
 * double, so equal files always compare equal.
 */
export const mtimeMicros = (stats: Pick<Stats, "mtimeMs">) => Math.round(stats.mtimeMs * 1000);

/** The path below the PATH argument it was found under, with `/` separators (for --host-pattern). */
export function relPathOf(found: DiscoveryResult, index: number): string {
  const relative = found.paths[index].slice(found.bases[found.baseIndex[index]].length + 1);
  return path.sep === "/" ? relative : relative.split(path.sep).join("/");
}

/** Globs without a slash match the file name, others the path below the PATH argument. */
function globMatcher(globs: readonly string[]): (name: string, relPath: () => string) => boolean {
  const byName = globs.filter((glob) => !glob.includes("/"));
  const byPath = globs.filter((glob) => glob.includes("/"));
  const nameMatch = byName.length > 0 ? picomatch(byName, { nocase: true, dot: true }) : () => false;
  const pathMatch = byPath.length > 0 ? picomatch(byPath, { nocase: true, dot: true }) : () => false;
  return (name, relPath) => nameMatch(name) || (byPath.length > 0 && pathMatch(relPath()));
}


/**
 * Synchronous on purpose: a synchronous stat is several times cheaper than an asynchronous
 * one, and this runs in a thread of its own (discover-background.ts) or before anything else.
 */
/**
 * With a `shard`, several threads share one walk. Above the first folder with many
 * subfolders they all list the same folders and split the files of each (every `count`-th);
 * there they split the subfolders, and each walks its own subtrees alone. So a share of
 * one folder per host, or one file per host, is split evenly, and no folder is listed twice
 * where it matters. A problem with a folder is reported by the shard that owns it.
 */
export function discoverFiles(roots: readonly string[], options: DiscoveryOptions, shard = { index: 0, count: 1 }): DiscoveryResult {
  const included = globMatcher(options.include);
  const excluded = globMatcher(options.exclude);
  const bases: string[] = [];
  const found = new Map<string, { base: number; size: number; mtimeUs: number }>();
  const warnings: string[] = [];
  const links: Record<string, string> = {};
  const problems: Record<string, FileProblem> = {};
  const rawPaths: Record<string, Uint8Array> = {};
  /** Folders with at least this many subfolders are split between the shards. */
  const SPLIT_AT = 8;
  /** Real paths of the trees walked so far: the roots, and folders reached through links. */
  const walkedTrees: string[] = [];
  const overlapsWalked = (real: string) =>
    walkedTrees.some((tree) => real === tree || real.startsWith(tree + path.sep) || tree.startsWith(real + path.sep));
  /** Real paths of every PATH given: a link leading elsewhere leads out of them. */
  const givenTrees = roots.flatMap((given) => {
    try {
      return [realpathSync(path.resolve(given))];
    } catch {
      return [];
    }
  });
  const insideGiven = (real: string) => givenTrees.some((tree) => real === tree || real.startsWith(tree + path.sep));

  function addFile(entry: Pick<FolderEntry, "path" | "raw">, base: number): void {
    if (found.has(entry.path)) return;
    try {
      const stats = statSync(entry.raw ?? entry.path);
      found.set(entry.path, { base, size: stats.size, mtimeUs: mtimeMicros(stats) });
      if (entry.raw !== null) rawPaths[entry.path] = entry.raw;
    } catch (error) {
      addProblem(entry, base, { status: "error", message: `cannot be read (${errnoCode(error)})`, linkTarget: null });
    }
  }

  /** A file that gets a row saying why it is not read; its size and time are the link's own, when there is one. */
  function addProblem(entry: Pick<FolderEntry, "path" | "raw">, base: number, problem: Omit<FileProblem, "size" | "mtimeUs">): void {
    let size = 0;
    let mtimeUs = 0;
    try {
      const stats = lstatSync(entry.raw ?? entry.path);
      size = stats.size;
      mtimeUs = mtimeMicros(stats);
    } catch {
      // Gone, or not even lstat-able: the row says why without a size.
    }
    found.set(entry.path, { base, size, mtimeUs });
    problems[entry.path] = { ...problem, size, mtimeUs };
    if (entry.raw !== null) rawPaths[entry.path] = entry.raw;
  }

  function wanted(name: string, absolute: string, base: number): boolean {
    const relPath = () => absolute.slice(bases[base].length + 1).split(path.sep).join("/");
    return included(name, relPath) && !excluded(name, relPath);
  }

  const leadsOut = (real: string): Omit<FileProblem, "size" | "mtimeUs"> => ({
    status: "skipped",
    message: `symbolic link leading out of PATH (to ${real}); --follow-links reads it`,
    linkTarget: real,
  });

  /** `owned`: this shard alone walks this folder (below the split); else all shards do. */
  function walk(folder: string, rawFolder: Buffer | null, base: number, owned: boolean): void {
    const folderOwner = owned || shard.index === 0;
    const folderWarning = (warning: string) => folderOwner && warnings.push(warning);
    let entries: FolderEntry[];
    try {
      entries = listFolder(folder, rawFolder);
    } catch (error) {
      folderWarning(`${folder}: cannot be listed (${errnoCode(error)})`);
      return;
    }
    let subfolders: FolderEntry[] = [];
    let ordinal = 0;
    const mine = () => owned || ordinal++ % shard.count === shard.index;
    for (const entry of entries) {
      if (entry.isDirectory) {
        subfolders.push(entry);
      } else if (entry.isFile) {
        if (mine() && wanted(entry.name, entry.path, base)) addFile(entry, base);
      } else if (entry.isSymbolicLink) {
        // Only links can make loops, repeats or lead out of PATH, so only links pay for a realpath.
        let real: string;
        let isDirectory: boolean;
        try {
          real = realpathSync(entry.raw ?? entry.path);
          isDirectory = statSync(real).isDirectory();
        } catch {
          if (mine() && wanted(entry.name, entry.path, base)) addProblem(entry, base, { status: "error", message: "broken symbolic link", linkTarget: null });
          continue;
        }
        const out = !options.followLinks && !insideGiven(real);
        if (!isDirectory) {
          if (mine() && wanted(entry.name, entry.path, base)) {
            if (out) {
              addProblem(entry, base, leadsOut(real));
            } else {
              addFile(entry, base);
              links[entry.path] = real;
            }
          }
        } else if (out) {
          if (folderOwner) addProblem(entry, base, leadsOut(real));
        } else if (overlapsWalked(real)) {
          folderWarning(`${entry.path}: link to a folder already read (${real}); not followed`);
        } else {
          walkedTrees.push(real);
          subfolders.push(entry);
        }
      }
    }
    if (!owned && shard.count > 1 && subfolders.length >= SPLIT_AT) {
      subfolders = subfolders.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).filter((_, i) => i % shard.count === shard.index);
      owned = true;
    }
    for (const sub of subfolders) walk(sub.path, sub.raw, base, owned);
  }

  for (const given of roots) {
    const absolute = path.resolve(given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      if (shard.index === 0) warnings.push(`${given}: not found (${errnoCode(error)})`);
      continue;
    }
    if (!isDirectory) {
      // A file named on the command line is read whatever its name.
      bases.push(path.dirname(absolute));
      if (shard.index === 0) addFile({ path: absolute, raw: null }, bases.length - 1);
      continue;
    }
    const real = realpathSync(absolute);
    if (overlapsWalked(real)) {
      if (shard.index === 0) warnings.push(`${given}: already read as part of another PATH`);
      continue;
    }
    walkedTrees.push(real);
    bases.push(absolute);
    walk(absolute, null, bases.length - 1, shard.count === 1);
  }

  return toColumns(bases, [...found.entries()], { links, problems, rawPaths, warnings });
}

type Found = [path: string, facts: { base: number; size: number; mtimeUs: number }];
type ByPath = Pick<DiscoveryResult, "links" | "problems" | "rawPaths" | "warnings">;

function toColumns(bases: string[], entries: Found[], byPath: ByPath): DiscoveryResult {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const paths = entries.map(([file]) => file);
  const result: DiscoveryResult = {
    paths,
    baseIndex: new Int32Array(paths.length),
    bases,
    sizes: new Float64Array(paths.length),
    mtimesUs: new Float64Array(paths.length),
    ...byPath,
  };
  entries.forEach(([, { base, size, mtimeUs }], i) => {
    result.baseIndex[i] = base;
    result.sizes[i] = size;
    result.mtimesUs[i] = mtimeUs;
  });
  return result;
}

/** Shards of one walk (see `shard` above) as one result, sorted by path. */
export function mergeShards(shards: readonly DiscoveryResult[]): DiscoveryResult {
  const entries: Found[] = [];
  for (const shard of shards) {
    shard.paths.forEach((file, i) => entries.push([file, { base: shard.baseIndex[i], size: shard.sizes[i], mtimeUs: shard.mtimesUs[i] }]));
  }
  const merged = <K extends "links" | "problems" | "rawPaths">(key: K) => Object.assign({}, ...shards.map((shard) => shard[key])) as DiscoveryResult[K];
  return toColumns(shards[0]?.bases ?? [], entries, {
    links: merged("links"),
    problems: merged("problems"),
    rawPaths: merged("rawPaths"),
    warnings: shards.flatMap((shard) => shard.warnings),
  });
}
