/**
 * Finding log files below the paths the user gave: recursive, following symbolic links
 * once (a link loop is reported, not followed), never stopping at a folder it cannot list.
 *
 * A fleet share holds tens of thousands of files and a re-ingest of an unchanged share is
 * little more than this walk, so the result is columnar (cheap to pass between threads)
 * and everything per file is kept to a string concatenation and one stat.
 */
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { errnoCode } from "../errors.js";

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
  /** Modification times in microseconds since the epoch (see `mtimeMicros`). */
  mtimesUs: Float64Array;
  /** Files found through a symbolic link: the link's path and the real path it leads to. */
  links: Record<string, string>;
  warnings: string[];
}

/**
 * Microseconds from a stat. Discovery and the parser threads both use this, on the same
 * double, so equal files always compare equal.
 */
export const mtimeMicros = (stats: Pick<Stats, "mtimeMs">) => Math.round(stats.mtimeMs * 1000);

/**
 * The path below the PATH argument it was found under, with `/` separators (for --host-pattern).
 * A base that is a root keeps its separator (`/`, `C:\`, and `\\server\logs$\`, which is how
 * path.resolve gives a share), so the separator after the base is skipped only when it is there.
 * `paths` is node:path of this platform; tests pass path.win32.
 */
export function relPathOf(found: DiscoveryResult, index: number, paths: Pick<typeof path, "sep"> = path): string {
  const file = found.paths[index];
  const base = found.bases[found.baseIndex[index]];
  const relative = file.slice(file[base.length] === paths.sep ? base.length + 1 : base.length);
  return paths.sep === "/" ? relative : relative.split(paths.sep).join("/");
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
  /** Folders with at least this many subfolders are split between the shards. */
  const SPLIT_AT = 8;
  /** Real paths of the trees walked so far: the roots, and folders reached through links. */
  const walkedTrees: string[] = [];
  const overlapsWalked = (real: string) =>
    walkedTrees.some((tree) => real === tree || real.startsWith(tree + path.sep) || tree.startsWith(real + path.sep));

  function addFile(absolute: string, base: number): void {
    try {
      const stats = statSync(absolute);
      if (!found.has(absolute)) found.set(absolute, { base, size: stats.size, mtimeUs: mtimeMicros(stats) });
    } catch (error) {
      warnings.push(`${absolute}: cannot be read (${errnoCode(error)})`);
    }
  }

  function wanted(name: string, absolute: string, base: number): boolean {
    const relPath = () => absolute.slice(bases[base].length + 1).split(path.sep).join("/");
    return included(name, relPath) && !excluded(name, relPath);
  }

  /** `owned`: this shard alone walks this folder (below the split); else all shards do. */
  function walk(folder: string, base: number, owned: boolean): void {
    const folderWarning = (warning: string) => (owned || shard.index === 0) && warnings.push(warning);
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      folderWarning(`${folder}: cannot be listed (${errnoCode(error)})`);
      return;
    }
    let subfolders: string[] = [];
    let ordinal = 0;
    const mine = () => owned || ordinal++ % shard.count === shard.index;
    for (const entry of entries) {
      const absolute = folder + path.sep + entry.name;
      if (entry.isDirectory()) {
        subfolders.push(absolute);
      } else if (entry.isFile()) {
        if (mine() && wanted(entry.name, absolute, base)) addFile(absolute, base);
      } else if (entry.isSymbolicLink()) {
        // Only links can make loops or repeats, so only links pay for a realpath.
        let real: string;
        let isDirectory: boolean;
        try {
          real = realpathSync(absolute);
          isDirectory = statSync(real).isDirectory();
        } catch {
          folderWarning(`${absolute}: broken symbolic link`);
          continue;
        }
        if (!isDirectory) {
          if (mine() && wanted(entry.name, absolute, base)) {
            addFile(absolute, base);
            links[absolute] = real;
          }
        } else if (overlapsWalked(real)) {
          folderWarning(`${absolute}: link to a folder already read (${real}); not followed`);
        } else {
          walkedTrees.push(real);
          subfolders.push(absolute);
        }
      }
    }
    if (!owned && shard.count > 1 && subfolders.length >= SPLIT_AT) {
      subfolders = subfolders.sort().filter((_, i) => i % shard.count === shard.index);
      owned = true;
    }
    for (const sub of subfolders) walk(sub, base, owned);
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
      if (shard.index === 0) addFile(absolute, bases.length - 1);
      continue;
    }
    const real = realpathSync(absolute);
    if (overlapsWalked(real)) {
      if (shard.index === 0) warnings.push(`${given}: already read as part of another PATH`);
      continue;
    }
    walkedTrees.push(real);
    bases.push(absolute);
    walk(absolute, bases.length - 1, shard.count === 1);
  }

  return toColumns(bases, [...found.entries()], links, warnings);
}

type Found = [path: string, facts: { base: number; size: number; mtimeUs: number }];

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

/** Shards of one walk (see `shard` above) as one result, sorted by path. */
export function mergeShards(shards: readonly DiscoveryResult[]): DiscoveryResult {
  const entries: Found[] = [];
  for (const shard of shards) {
    shard.paths.forEach((file, i) => entries.push([file, { base: shard.baseIndex[i], size: shard.sizes[i], mtimeUs: shard.mtimesUs[i] }]));
  }
  const links = Object.assign({}, ...shards.map((shard) => shard.links)) as Record<string, string>;
  return toColumns(shards[0]?.bases ?? [], entries, links, shards.flatMap((shard) => shard.warnings));
}
