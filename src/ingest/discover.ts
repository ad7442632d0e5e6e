/**
 * Finding log files below the paths the user gave: recursive, following symbolic links
 * once (a link loop is reported, not followed), never stopping at a folder it cannot list.
 */
import { opendir, realpath, stat } from "node:fs/promises";
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

export async function discoverFiles(roots: readonly string[], options: DiscoveryOptions): Promise<DiscoveryResult> {
  const included = globMatcher(options.include);
  const excluded = globMatcher(options.exclude);
  const files = new Map<string, FoundFile>();
  const warnings: string[] = [];
  const seenFolders = new Set<string>();

  async function addFile(absolute: string, relPath: string, explicit: boolean): Promise<void> {
    if (!explicit && (!included(relPath) || excluded(relPath))) return;
    try {
      const info = await stat(absolute, { bigint: true });
      if (!files.has(absolute)) files.set(absolute, { path: absolute, relPath, size: Number(info.size), mtimeUs: microseconds(info.mtimeNs) });
    } catch (error) {
      warnings.push(`${absolute}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  }

  async function walk(folder: string, root: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      warnings.push(`${folder}: cannot be listed (${(error as NodeJS.ErrnoException).code ?? error})`);
      return;
    }
    if (seenFolders.has(real)) {
      if (folder !== real) warnings.push(`${folder}: link to a folder already read (${real}); not followed again`);
      return;
    }
    seenFolders.add(real);
    let entries;
    try {
      entries = await opendir(folder);
    } catch (error) {
      warnings.push(`${folder}: cannot be listed (${(error as NodeJS.ErrnoException).code ?? error})`);
      return;
    }
    const subfolders: string[] = [];
    for await (const entry of entries) {
      const absolute = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(absolute);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          warnings.push(`${absolute}: broken symbolic link`);
          continue;
        }
      }
      if (isDirectory) subfolders.push(absolute);
      else if (isFile) await addFile(absolute, toPosix(path.relative(root, absolute)), false);
    }
    subfolders.sort();
    for (const sub of subfolders) await walk(sub, root);
  }

  for (const given of roots) {
    const absolute = path.resolve(given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      warnings.push(`${given}: not found (${(error as NodeJS.ErrnoException).code ?? error})`);
      continue;
    }
    if (info.isDirectory()) await walk(absolute, absolute);
    else await addFile(absolute, path.basename(absolute), true);
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, warnings };
}
