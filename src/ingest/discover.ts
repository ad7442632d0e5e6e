/**
 * Finding log files below the paths the user gave: recursive, following symbolic links
 * once (a link loop is reported, not followed), never stopping at a folder it cannot list.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";

export interface FoundFile {
  /** Absolute path: the ledger's key. */
  path: string;
  /** Path below the PATH argument it was found under, with `/` separators (for --host-pattern). */
  relPath: string;
  size: number;
  /** Modification time in microseconds since the epoch (exact enough to detect changes). */
  mtimeUs: number;
}

export interface DiscoveryResult {
  files: FoundFile[];
  warnings: string[];
}

export interface DiscoveryOptions {
  include: readonly string[];
  exclude: readonly string[];
}


/** Globs without a slash match the file name, others the path below the PATH argument. */
function globMatcher(globs: readonly string[]): (relPath: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { nocase: true, basename: true, dot: true });
}

const toPosix = (p: string) => p.split(path.sep).join("/");
const microseconds = (mtimeNs: bigint) => Number(mtimeNs / 1000n);

/**
 * Synchronous on purpose: discovery is the only work at that moment, and a synchronous
 * stat is several times cheaper than an asynchronous one (tens of thousands of files).
 */
export function discoverFiles(roots: readonly string[], options: DiscoveryOptions): DiscoveryResult {
  const included = globMatcher(options.include);
  const excluded = globMatcher(options.exclude);
  const files = new Map<string, FoundFile>();
  const warnings: string[] = [];
  const seenFolders = new Set<string>();
  const problem = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

  function addFile(absolute: string, relPath: string, explicit: boolean): void {
    if (!explicit && (!included(relPath) || excluded(relPath))) return;
    try {
      const info = statSync(absolute, { bigint: true });
      if (!files.has(absolute)) files.set(absolute, { path: absolute, relPath, size: Number(info.size), mtimeUs: microseconds(info.mtimeNs) });
    } catch (error) {
      warnings.push(`${absolute}: cannot be read (${problem(error)})`);
    }
  }

  function walk(folder: string, root: string): void {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(folder);
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      warnings.push(`${folder}: cannot be listed (${problem(error)})`);
      return;
    }
    if (seenFolders.has(real)) {
      warnings.push(`${folder}: link to a folder already read (${real}); not followed again`);
      return;
    }
    seenFolders.add(real);
    const subfolders: string[] = [];
    for (const entry of entries) {
      const absolute = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(absolute);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          warnings.push(`${absolute}: broken symbolic link`);
          continue;
        }
      }
      if (isDirectory) subfolders.push(absolute);
      else if (isFile) addFile(absolute, toPosix(path.relative(root, absolute)), false);
    }
    subfolders.sort();
    for (const sub of subfolders) walk(sub, root);
  }

  for (const given of roots) {
    const absolute = path.resolve(given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      warnings.push(`${given}: not found (${problem(error)})`);
      continue;
    }
    if (isDirectory) walk(absolute, absolute);
    else addFile(absolute, path.basename(absolute), true);
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, warnings };
}
