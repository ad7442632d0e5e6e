/**
 * The walk below the PATHs an ingest was given: recursive, following symbolic links once (a
 * link loop is reported, not followed), never stopping at a folder it cannot list, and
 * shareable between threads (see ShareWalker). src/ingest/discover.ts turns what it found
 * into the discovery's columns.
 *
 * Synchronous on purpose: a synchronous stat is several times cheaper than an asynchronous
 * one, and this runs in a thread of its own (discover-background.ts) or before anything else.
 */
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { errnoCode } from "../errors.js";
import type { DiscoveryOptions } from "./discover.js";

/**
 * Microseconds from a stat. Discovery and the parser threads both use this, on the same
 * double, so equal files always compare equal.
 */
export const mtimeMicros = (stats: Pick<Stats, "mtimeMs">) => Math.round(stats.mtimeMs * 1000);

/**
 * The path of a file below the folder it was found under, with `/` separators (for globs and
 * --host-pattern). A base that is a root keeps its separator (`/`, `C:\`, and
 * `\\server\logs$\`, which is how path.resolve gives a share), so the separator after the
 * base is skipped only when it is there. `paths` is node:path of this platform; tests pass
 * path.win32.
 */
export function relativeBelow(base: string, absolute: string, paths: Pick<typeof path, "sep"> = path): string {
  const relative = absolute.slice(absolute[base.length] === paths.sep ? base.length + 1 : base.length);
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

export interface FoundFile {
  /** Index into `bases` of the folder it was found under. */
  base: number;
  size: number;
  mtimeUs: number;
}

/** Which of several threads sharing one walk this is (index 0 of 1: the walk alone). */
export interface Shard {
  index: number;
  count: number;
}

/** Folders with at least this many subfolders are split between the shards. */
const SPLIT_AT = 8;

/**
 * With a `shard`, several threads share one walk. Above the first folder with many
 * subfolders they all list the same folders and split the files of each (every `count`-th);
 * there they split the subfolders, and each walks its own subtrees alone. So a share of
 * one folder per host, or one file per host, is split evenly, and no folder is listed twice
 * where it matters. A problem with a folder is reported by the shard that owns it.
 */
export class ShareWalker {
  /** The PATH arguments as absolute folders (for a file argument, its folder). */
  readonly bases: string[] = [];
  readonly found = new Map<string, FoundFile>();
  /** Files found through a symbolic link: the link's path and the real path it leads to. */
  readonly links: Record<string, string> = {};
  readonly warnings: string[] = [];
  /** Real paths of the trees walked so far: the roots, and folders reached through links. */
  private readonly walkedTrees: string[] = [];
  private readonly included: ReturnType<typeof globMatcher>;
  private readonly excluded: ReturnType<typeof globMatcher>;

  constructor(
    options: DiscoveryOptions,
    private readonly shard: Shard = { index: 0, count: 1 },
  ) {
    this.included = globMatcher(options.include);
    this.excluded = globMatcher(options.exclude);
  }

  /** Walk one PATH argument: a folder (recursively), or a file, read whatever its name. */
  walkRoot(given: string): void {
    const shard = this.shard;
    const absolute = path.resolve(given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      if (shard.index === 0) this.warnings.push(`${given}: not found (${errnoCode(error)})`);
      return;
    }
    if (!isDirectory) {
      // A file named on the command line is read whatever its name.
      this.bases.push(path.dirname(absolute));
      if (shard.index === 0) this.addFile(absolute, this.bases.length - 1);
      return;
    }
    const real = realpathSync(absolute);
    if (this.overlapsWalked(real)) {
      if (shard.index === 0) this.warnings.push(`${given}: already read as part of another PATH`);
      return;
    }
    this.walkedTrees.push(real);
    this.bases.push(absolute);
    this.walk(absolute, this.bases.length - 1, shard.count === 1);
  }

  private overlapsWalked(real: string): boolean {
    return this.walkedTrees.some((tree) => real === tree || real.startsWith(tree + path.sep) || tree.startsWith(real + path.sep));
  }

  private addFile(absolute: string, base: number): void {
    try {
      const stats = statSync(absolute);
      if (!this.found.has(absolute)) this.found.set(absolute, { base, size: stats.size, mtimeUs: mtimeMicros(stats) });
    } catch (error) {
      this.warnings.push(`${absolute}: cannot be read (${errnoCode(error)})`);
    }
  }

  private wanted(name: string, absolute: string, base: number): boolean {
    const relPath = () => relativeBelow(this.bases[base], absolute);
    return this.included(name, relPath) && !this.excluded(name, relPath);
  }

  /** `owned`: this shard alone walks this folder (below the split); else all shards do. */
  private walk(folder: string, base: number, owned: boolean): void {
    const shard = this.shard;
    const folderWarning = (warning: string) => (owned || shard.index === 0) && this.warnings.push(warning);
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
        if (mine() && this.wanted(entry.name, absolute, base)) this.addFile(absolute, base);
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
          if (mine() && this.wanted(entry.name, absolute, base)) {
            this.addFile(absolute, base);
            this.links[absolute] = real;
          }
        } else if (this.overlapsWalked(real)) {
          folderWarning(`${absolute}: link to a folder already read (${real}); not followed`);
        } else {
          this.walkedTrees.push(real);
          subfolders.push(absolute);
        }
      }
    }
    if (!owned && shard.count > 1 && subfolders.length >= SPLIT_AT) {
      subfolders = subfolders.sort().filter((_, i) => i % shard.count === shard.index);
      owned = true;
    }
    for (const sub of subfolders) this.walk(sub, base, owned);
  }
}
