/**
 * The files below a folder and one digest of their paths and bytes, in path order: the same
 * files give the same digest wherever the folder is. The build's id (scripts/build-id.mjs) is
 * one; test/bench-generate.test.ts compares shares with it.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, type Dirent } from "node:fs";
import path from "node:path";

export interface TreeDigest {
  /** The files taken, as paths below the folder with `/` between names, sorted. */
  files: string[];
  /** Hex digest of each file's path and bytes, in that order. */
  digest: string;
}

/** The files below `dir` that `take` accepts (by their path with `/`, all of them by default), and their digest. */
export function treeDigest(dir: string, take: (file: string) => boolean = () => true, algorithm = "sha256"): TreeDigest {
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter(take)
    .sort();
  const hash = createHash(algorithm);
  for (const file of files)
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(dir, file)))
      .update("\0");
  return { files, digest: hash.digest("hex") };
}
