/**
 * The walk below the PATHs an ingest was given: recursive, never stopping at a folder it
 * cannot list, and shareable between threads (see ShareWalker). Symbolic links are followed
 * once (a link loop is reported, not followed), and only inside the PATHs given unless
 * `followLinks`: a link leading out of them is a file that is not read, with its reason.
 * Every file met gets a row in `files`, one that cannot be read too (`problems`); names that
 * are not UTF-8 are read by their bytes (folder-entries.ts). src/ingest/discover.ts turns
 * what it found into the discovery's columns.
 *
 * Synchronous on purpose: a synchronous stat is several times cheaper than an asynchronous
 * one, and this runs in a thread of its own (discover-background.ts) or before anything else.
 */
import { lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import type Picomatch from "picomatch";
import { requirePackage } from "../commonjs.js";
import { errnoCode } from "../errors.js";
import { archiveKind, archiveWanted } from "./archive-names.js";
import type { FileProblem } from "../model/files.js";
import { specialFileKind } from "../parse/file-kind.js";
import type { DiscoveryOptions } from "./discover.js";
import { listFolder, type FolderEntry } from "./folder-entries.js";
import { FNV_OFFSET, fnvText } from "./fnv.js";
import { FoundList } from "./found-list.js";

/** picomatch, loaded with require(), from the build's copy when there is one (src/commonjs.ts says why): every walk and parser thread loads this module. */
const picomatch = requirePackage("picomatch") as typeof Picomatch;

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
export function globMatcher(globs: readonly string[]): (name: string, relPath: () => string) => boolean {
  const byName = globs.filter((glob) => !glob.includes("/"));
  const byPath = globs.filter((glob) => glob.includes("/"));
  const nameMatch = byName.length > 0 ? picomatch(byName, { nocase: true, dot: true }) : () => false;
  const pathMatch = byPath.length > 0 ? picomatch(byPath, { nocase: true, dot: true }) : () => false;
  return (name, relPath) => nameMatch(name) || (byPath.length > 0 && pathMatch(relPath()));
}

/** Which of several threads sharing one walk this is (index 0 of 1: the walk alone). */
export interface Shard {
  index: number;
  count: number;
}

/** Folders with at least this many subfolders are split between the shards. */
const SPLIT_AT = 8;

/** Folders listed at most by the probe for a second thread (wantsSecondThread). */
const PROBE_FOLDERS = 64;

/**
 * A folder's subfolders by its link count (2 + subfolders where the file system counts them),
 * or -1 when that does not tell: a file system that does not count them (Btrfs gives every
 * folder 1), or no folder there.
 */
export function subfoldersByLinks(folder: Met): number {
  try {
    const stats = statSync(folder.raw ?? folder.path);
    return stats.isDirectory() && stats.nlink >= 2 ? stats.nlink - 2 : -1;
  } catch {
    return -1;
  }
}

/** A file or folder met, as the walk names it: `raw` holds its bytes when its path is not UTF-8. */
export type Met = Pick<FolderEntry, "path" | "raw">;

/**
 * The shard a file or subfolder belongs to, by its name alone (FNV-1a, then mixed so the low
 * bits differ for names that differ only in their digits). Not by its place in a listing: the
 * threads list a folder at different moments, and a name created or deleted in between would
 * move every name after it to the other shard, so some would be walked twice and some not at all.
 */
function shardOf(name: string, count: number): number {
  let hash = fnvText(FNV_OFFSET, name);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) % count;
}

/** The row of a symbolic link leading out of the PATHs given, not followed. */
const leadsOut = (real: string): Omit<FileProblem, "size" | "mtimeUs"> => ({
  status: "skipped",
  message: `symbolic link leading out of PATH (to ${real}); --follow-links reads it`,
  linkTarget: real,
});

/** A folder's entries, or none when it cannot be listed (the walk reports that, not the probe). */
function listedOrNone(folder: Met): FolderEntry[] {
  try {
    return listFolder(folder.path, folder.raw);
  } catch {
    return [];
  }
}

/**
 * Whether a second thread would share this walk to advantage: only where some folder has
 * SPLIT_AT subfolders or more, so each thread lists folders of its own. Without one, every
 * thread lists every folder and only the stats are split, and one thread alone was as fast
 * or faster (docs/performance.md). Looks level by level below the PATHs, listing at most
 * PROBE_FOLDERS folders, in the main thread before the walk's threads start (walkShards in
 * discover.ts). A wrong answer costs time only.
 * `byLinks`: tests pass `() => -1`, a file system that does not count subfolders.
 */
export function wantsSecondThread(roots: readonly string[], byLinks: (folder: Met) => number = subfoldersByLinks): boolean {
  let level: Met[] = roots.map((given) => ({ path: path.resolve(given), raw: null }));
  let listed = 0;
  while (level.length > 0 && listed < PROBE_FOLDERS) {
    // Most Linux file systems count a folder's subfolders in its link count: many are seen
    // without listing the folder, which may hold tens of thousands of files.
    const subfolderCounts = level.map(byLinks);
    if (subfolderCounts.some((count) => count >= SPLIT_AT)) return true;
    const next: Met[] = [];
    for (const [i, folder] of level.slice(0, PROBE_FOLDERS - listed).entries()) {
      listed++;
      // A folder its link count says has no subfolders is not listed: it may hold tens of
      // thousands of files, and the walk thread lists it again (this runs before it starts).
      if (subfolderCounts[i] === 0) continue;
      const subfolders = listedOrNone(folder).filter((entry) => entry.isDirectory);
      if (subfolders.length >= SPLIT_AT) return true;
      next.push(...subfolders);
    }
    level = next;
  }
  return false;
}

/**
 * With a `shard`, several threads share one walk. Above the first folder with many
 * subfolders they all list the same folders and split the files of each (by name: shardOf);
 * there they split the subfolders, and each walks its own subtrees alone. So a share of
 * one folder per host is split evenly, and no folder is listed twice where it matters; a
 * share without such a folder is walked by one thread (wantsSecondThread). A problem with a
 * folder is reported by the shard that owns it.
 */
export class ShareWalker {
  /** The PATH arguments as absolute folders (for a file argument, its folder). */
  readonly bases: string[] = [];
  readonly found = new FoundList();
  /** Files found through a symbolic link: the link's path and the real path it leads to. */
  readonly links: Record<string, string> = {};
  /** Files found that are not to be read (a link out of PATH, a file that cannot be stat'ed), by path. */
  readonly problems: Record<string, FileProblem> = {};
  /** Files whose path is not valid UTF-8: the bytes to open them by, by the path shown. */
  readonly rawPaths: Record<string, Uint8Array> = {};
  readonly warnings: string[] = [];
  /** Real paths of the trees walked so far: the roots, and folders reached through links. */
  private readonly walkedTrees: string[] = [];
  /** Real paths of every PATH given: a link leading elsewhere leads out of them. */
  private readonly givenTrees: string[];
  private readonly followLinks: boolean;
  private readonly included: ReturnType<typeof globMatcher>;
  private readonly excluded: ReturnType<typeof globMatcher>;

  /** `roots`: every PATH of this walk (walked one by one with walkRoot), to tell a link leading out of them. */
  constructor(
    roots: readonly string[],
    options: DiscoveryOptions,
    private readonly shard: Shard = { index: 0, count: 1 },
  ) {
    this.included = globMatcher(options.include);
    this.excluded = globMatcher(options.exclude);
    this.followLinks = options.followLinks === true;
    this.givenTrees = roots.flatMap((given) => {
      try {
        return [realpathSync(path.resolve(given))];
      } catch {
        return [];
      }
    });
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
      this.found.watchRepeats();
      if (shard.index === 0) this.addFile({ path: absolute, raw: null }, this.bases.length - 1);
      return;
    }
    const real = realpathSync(absolute);
    if (this.overlapsWalked(real)) {
      if (shard.index === 0) this.warnings.push(`${given}: already read as part of another PATH`);
      return;
    }
    this.walkedTrees.push(real);
    this.bases.push(absolute);
    this.walk({ path: absolute, raw: null }, this.bases.length - 1, shard.count === 1);
  }

  private overlapsWalked(real: string): boolean {
    return this.walkedTrees.some((tree) => real === tree || real.startsWith(tree + path.sep) || tree.startsWith(real + path.sep));
  }

  private insideGiven(real: string): boolean {
    return this.givenTrees.some((tree) => real === tree || real.startsWith(tree + path.sep));
  }

  private addFile(entry: Met, base: number): void {
    if (this.found.has(entry.path)) return;
    let stats: Stats;
    try {
      stats = statSync(entry.raw ?? entry.path);
    } catch (error) {
      this.addProblem(entry, base, { status: "error", message: `cannot be read (${errnoCode(error)})`, linkTarget: null });
      return;
    }
    // A PATH argument or a link's target may be a named pipe or a device: reading one waits
    // for a writer, or never ends (/dev/zero). It is no log; say so instead.
    if (!stats.isFile()) {
      this.addProblem(entry, base, { status: "skipped", message: `${specialFileKind(stats)}, not a regular file: not read`, linkTarget: null });
      return;
    }
    this.found.set(entry.path, base, stats.size, mtimeMicros(stats));
    if (entry.raw !== null) this.rawPaths[entry.path] = entry.raw;
  }

  /** A file that gets a row saying why it is not read; its size and time are the link's own, when there is one. */
  private addProblem(entry: Met, base: number, problem: Omit<FileProblem, "size" | "mtimeUs">): void {
    let size = 0;
    let mtimeUs = 0;
    try {
      const stats = lstatSync(entry.raw ?? entry.path);
      size = stats.size;
      mtimeUs = mtimeMicros(stats);
    } catch {
      // Gone, or not even lstat-able: the row says why without a size.
    }
    this.found.set(entry.path, base, size, mtimeUs);
    this.problems[entry.path] = { ...problem, size, mtimeUs };
    if (entry.raw !== null) this.rawPaths[entry.path] = entry.raw;
  }

  private wanted(name: string, absolute: string, base: number): boolean {
    const relPath = () => relativeBelow(this.bases[base], absolute);
    if (archiveKind(name) !== null) return archiveWanted(name, relPath, this.included, this.excluded);
    return this.included(name, relPath) && !this.excluded(name, relPath);
  }

  /** `owned`: this shard alone walks this folder (below the split); else all shards do. */
  private walk(folder: Met, base: number, owned: boolean): void {
    const shard = this.shard;
    const folderOwner = owned || shard.index === 0;
    const folderWarning = (warning: string) => folderOwner && this.warnings.push(warning);
    let entries: FolderEntry[];
    try {
      entries = listFolder(folder.path, folder.raw);
    } catch (error) {
      folderWarning(`${folder.path}: cannot be listed (${errnoCode(error)})`);
      return;
    }
    let subfolders: FolderEntry[] = [];
    const mine = (entry: FolderEntry) => owned || shardOf(entry.name, shard.count) === shard.index;
    for (const entry of entries) {
      if (entry.isDirectory) {
        subfolders.push(entry);
      } else if (entry.isFile) {
        if (mine(entry) && this.wanted(entry.name, entry.path, base)) this.addFile(entry, base);
      } else if (entry.isSymbolicLink) {
        // Only links can make loops, repeats or lead out of PATH, so only links pay for a realpath.
        let real: string;
        let isDirectory: boolean;
        try {
          real = realpathSync(entry.raw ?? entry.path);
          isDirectory = statSync(real).isDirectory();
        } catch {
          if (mine(entry) && this.wanted(entry.name, entry.path, base)) {
            this.addProblem(entry, base, { status: "error", message: "broken symbolic link", linkTarget: null });
          }
          continue;
        }
        const out = !this.followLinks && !this.insideGiven(real);
        if (!isDirectory) {
          if (mine(entry) && this.wanted(entry.name, entry.path, base)) {
            if (out) {
              this.addProblem(entry, base, leadsOut(real));
            } else {
              this.addFile(entry, base);
              this.links[entry.path] = real;
            }
          }
        } else if (out) {
          if (folderOwner) this.addProblem(entry, base, leadsOut(real));
        } else if (this.overlapsWalked(real)) {
          folderWarning(`${entry.path}: link to a folder already read (${real}); not followed`);
        } else {
          this.walkedTrees.push(real);
          subfolders.push(entry);
        }
      }
    }
    if (!owned && shard.count > 1 && subfolders.length >= SPLIT_AT) {
      subfolders = subfolders.filter((sub) => shardOf(sub.name, shard.count) === shard.index);
      owned = true;
    }
    for (const sub of subfolders) this.walk(sub, base, owned);
  }
}
