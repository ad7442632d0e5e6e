/**
 * A walk two threads may share (src/ingest/walk.ts, discover.ts): a second thread is started
 * only where some folder has 8 subfolders or more, and whatever is decided, the shards
 * together find every file once, as one walk alone does. Real folders on disk.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { discoverFiles, mergeShards, SHARED_WALK, walkShards, type DiscoveryResult } from "../src/ingest/discover.js";
import { subfoldersByLinks, wantsSecondThread } from "../src/ingest/walk.js";
import { dbIn, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, makeShare, onDay, tempDir } from "./helpers/share.js";

interface Folder {
  files: number;
  subs: Folder[];
}

const options = { include: ["*.log"], exclude: [] };

/** Write `folder` below `at`: files F0.log…, subfolders d0, d1, … */
function write(at: string, folder: Folder): void {
  mkdirSync(at, { recursive: true });
  for (let i = 0; i < folder.files; i++) writeFileSync(path.join(at, `F${i}.log`), "x".repeat(i + 1));
  folder.subs.forEach((sub, i) => write(path.join(at, `d${i}`), sub));
}

const folders = (folder: Folder): Folder[] => [folder, ...folder.subs.flatMap(folders)];

/** The threads' way on two cores: each shard walkShards gives, walked; `asked`: whether a second thread was. */
function walkShared(roots: string[]): { asked: number; shards: [DiscoveryResult, ...DiscoveryResult[]] } {
  const [first, ...others] = walkShards(roots, 2).map((shard) => discoverFiles(roots, options, shard));
  return { asked: others.length, shards: [first, ...others] };
}

const tree: fc.Arbitrary<Folder> = fc.letrec<{ folder: Folder }>((tie) => ({
  folder: fc.record({
    files: fc.integer({ min: 0, max: 3 }),
    subs: fc.oneof({ maxDepth: 3, depthIdentifier: "tree" }, fc.constant<Folder[]>([]), fc.array(tie("folder"), { maxLength: 10 })),
  }),
})).folder;

describe("a walk shared by two threads", () => {
  it("asks for a second thread only where a folder has 8 subfolders, and the shards find every file once", () => {
    fc.assert(
      fc.property(tree, (root) => {
        const share = path.join(tempDir(), "share");
        write(share, root);
        const alone = discoverFiles([share], options);
        const { asked, shards } = walkShared([share]);

        const all = folders(root);
        // Within the probe's 64 folders the answer is whether such a folder exists at all.
        if (all.length <= 64) {
          const expected = all.some((folder) => folder.subs.length >= 8);
          expect(asked).toBe(expected ? 1 : 0);
          // The same where the file system does not count subfolders in link counts: the listings decide.
          expect(wantsSecondThread([share], () => -1)).toBe(expected);
        }
        expect(asked).toBeLessThanOrEqual(1);
        const found = shards.flatMap((shard) => shard.paths);
        expect(new Set(found).size).toBe(found.length);
        const merged = mergeShards(shards);
        expect(merged.paths).toEqual(alone.paths);
        expect([...merged.sizes]).toEqual([...alone.sizes]);
        expect([...merged.mtimesUs]).toEqual([...alone.mtimesUs]);
        expect([...merged.baseIndex]).toEqual([...alone.baseIndex]);
        expect(alone.paths).toHaveLength(all.reduce((sum, folder) => sum + folder.files, 0));
      }),
      { numRuns: 40 },
    );
  });

  it("splits a share of a folder per host between the two, and leaves a flat share to one", () => {
    const perHost = tempDir();
    write(perHost, { files: 1, subs: Array.from({ length: 10 }, () => ({ files: 2, subs: [] })) });
    const split = walkShared([perHost]);
    expect(split.asked).toBe(1);
    const [first, second] = split.shards.map((shard) => shard.paths.length);
    expect(first + second).toBe(21);
    expect(Math.min(first, second)).toBeGreaterThan(0);

    const flat = tempDir();
    write(flat, {
      files: 0,
      subs: [
        { files: 30, subs: [] },
        { files: 20, subs: [] },
      ],
    });
    const alone = walkShared([flat]);
    expect(alone.asked).toBe(0);
    expect(alone.shards.map((shard) => shard.paths.length)).toEqual([50]);
  });

  it("finds a file once when the other thread lists its folder after it was created", () => {
    const share = tempDir();
    write(share, { files: 40, subs: Array.from({ length: 8 }, () => ({ files: 1, subs: [] })) });
    const shards = walkShards([share], 2);
    expect(shards).toEqual(SHARED_WALK);
    const first = discoverFiles([share], options, shards[0]);
    // Names listed before and after the new ones, whatever order the folder lists them in.
    for (const name of ["A.log", "M.log", "Z.log", "F1.log0.log"]) writeFileSync(path.join(share, name), "new");
    const second = discoverFiles([share], options, shards[1]);
    const found = [...first.paths, ...second.paths];
    expect(new Set(found).size).toBe(found.length);
    const before = discoverFiles([share], options).paths.filter((file) => /F\d+\.log$/.test(file));
    expect(before).toHaveLength(48);
    expect(found.filter((file) => /F\d+\.log$/.test(file)).sort()).toEqual(before);
  });

  it("reads a folder's subfolders from its link count, where the file system counts them", (context) => {
    const folder = tempDir();
    if (subfoldersByLinks({ path: folder, raw: null }) !== 0) context.skip();
    write(folder, { files: 3, subs: Array.from({ length: 8 }, () => ({ files: 1, subs: [] })) });
    expect(subfoldersByLinks({ path: folder, raw: null })).toBe(8);
    expect(subfoldersByLinks({ path: path.join(folder, "d0"), raw: null })).toBe(0);
    // Not a folder, or none there: the count tells nothing.
    expect(subfoldersByLinks({ path: path.join(folder, "F0.log"), raw: null })).toBe(-1);
    expect(subfoldersByLinks({ path: path.join(folder, "gone"), raw: null })).toBe(-1);
  });

  it("takes 8 subfolders by link count for a split, without listing", () => {
    const share = tempDir();
    write(share, { files: 2, subs: [{ files: 1, subs: [] }] });
    expect(wantsSecondThread([share], (folder) => (folder.path === share ? 8 : 0))).toBe(true);
    expect(wantsSecondThread([share], (folder) => (folder.path === share ? 7 : 0))).toBe(false);
  });

  it("lists no folder whose link count says it has no subfolders, and asks for one thread on one core", () => {
    const share = tempDir();
    write(share, { files: 1, subs: Array.from({ length: 8 }, () => ({ files: 1, subs: [] })) });
    // Told (wrongly) that the share has no subfolders, the probe does not list it to look.
    expect(wantsSecondThread([share], () => 0)).toBe(false);
    expect(wantsSecondThread([share], () => -1)).toBe(true);
    expect(walkShards([share], 1)).toEqual([{ index: 0, count: 1 }]);
    expect(walkShards([share], 2)).toEqual(SHARED_WALK);
  });

  it("stops looking after 64 folders: many folders in a chain do not ask for a second thread", () => {
    const chain = (depth: number): Folder =>
      depth === 0 ? { files: 1, subs: Array.from({ length: 8 }, () => ({ files: 1, subs: [] })) } : { files: 1, subs: [chain(depth - 1)] };
    const deep = tempDir();
    write(deep, chain(64));
    expect(walkShared([deep]).asked).toBe(0);
    const shallow = tempDir();
    write(shallow, chain(62));
    expect(walkShared([shallow]).asked).toBe(1);
  });

  it("looks below every PATH given", () => {
    const flat = tempDir();
    write(flat, { files: 3, subs: [] });
    const perHost = tempDir();
    write(perHost, { files: 0, subs: Array.from({ length: 8 }, () => ({ files: 1, subs: [] })) });
    const { asked, shards } = walkShared([flat, perHost]);
    expect(asked).toBe(1);
    const alone = discoverFiles([flat, perHost], options);
    const merged = mergeShards(shards);
    expect(merged.paths).toEqual(alone.paths);
    // Each file keeps the PATH it was found under.
    expect(merged.bases).toEqual(alone.bases);
    expect([...merged.baseIndex]).toEqual([...alone.baseIndex]);
  });

  it("keeps, merged, the links, problems, raw names and warnings a walk alone finds", () => {
    const share = tempDir();
    write(share, { files: 1, subs: Array.from({ length: 10 }, () => ({ files: 1, subs: [] })) });
    const outside = tempDir();
    writeFileSync(path.join(outside, "out.log"), "x");
    for (let i = 0; i < 10; i += 2) {
      const folder = path.join(share, `d${i}`);
      // A link to a file of the share (read at its real path), one out of PATH and one broken.
      symlinkSync(path.join(share, `d${i + 1}`, "F0.log"), path.join(folder, "link.log"));
      symlinkSync(path.join(outside, "out.log"), path.join(folder, "out.log"));
      symlinkSync(path.join(outside, "gone.log"), path.join(folder, "broken.log"));
      // A name that is not UTF-8, and a link to a folder the walk reads anyway (a warning).
      writeFileSync(Buffer.concat([Buffer.from(folder + path.sep + "bad"), Buffer.from([0xff]), Buffer.from(".log")]), "x");
      symlinkSync(path.join(share, `d${i + 1}`), path.join(folder, "again"));
    }
    const alone = discoverFiles([share], options);
    const { asked, shards } = walkShared([share]);
    expect(asked).toBe(1);
    const merged = mergeShards(shards);
    expect(merged.paths).toEqual(alone.paths);
    expect(merged.links).toEqual(alone.links);
    expect(merged.problems).toEqual(alone.problems);
    expect(merged.rawPaths).toEqual(alone.rawPaths);
    expect([...merged.warnings].sort()).toEqual([...alone.warnings].sort());
    expect(merged.options).toEqual(alone.options);
    // Links and problems come from both threads, so the merge must take each shard's.
    for (const found of [shards.map((shard) => Object.keys(shard.links)), shards.map((shard) => Object.keys(shard.problems))]) {
      expect(found.map((keys) => keys.length > 0)).toEqual([true, true]);
    }
    expect(Object.keys(alone.links)).toHaveLength(5);
    expect(Object.keys(alone.problems)).toHaveLength(10);
    expect(Object.keys(alone.rawPaths)).toHaveLength(5);
    expect(alone.warnings).toHaveLength(5);
  });

  it("ingests every file once through the CLI, with the second thread and without", async () => {
    const log = onDay(12) + blockedRun();
    // Ten host folders (a second thread walks) and a flat share (one thread walks).
    const perHost = makeShare(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`WKS0000${i}/smsrun.log`, log]).concat([["top.log", log]])));
    const flat = makeShare(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`WKS000${10 + i}.log`, log])));
    for (const [share, files] of [
      [perHost, 11],
      [flat, 12],
    ] as const) {
      const db = dbIn(tempDir());
      const first = await ingestShare(db, share);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain(`ingested ${files} file(s), 0 unchanged`);
      const rows = await sql(db, "SELECT count(*) AS files, count(DISTINCT path) AS paths FROM files");
      expect(rows).toEqual([{ files: files, paths: files }]);
      const again = await ingestShare(db, share);
      expect(again.stderr).toContain(`ingested 0 file(s), ${files} unchanged`);
    }
  });
});
