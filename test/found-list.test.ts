/**
 * The walk's list of files met (src/ingest/found-list.ts): a path is recorded once, whether
 * the folder walk meets it, a PATH names it, or both, in either order; real files on disk.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverFiles, type DiscoveryResult } from "../src/ingest/discover.js";
import { FoundList } from "../src/ingest/found-list.js";
import { makeShare } from "./helpers/share.js";

const options = { include: ["*.log"], exclude: [] };

/** Each file found, by path: its size and the PATH it was found under. */
const byPath = (found: DiscoveryResult) =>
  Object.fromEntries(found.paths.map((file, i) => [file, { size: found.sizes[i], base: found.bases[found.baseIndex[i]] }]));

describe("the files a walk has met", () => {
  it("records a file named as a PATH once, before or after the folder that holds it, and named twice", () => {
    const share = makeShare({ "A.log": "a", "B.log": "bb", "notes.doc": "ccc" });
    const a = path.join(share, "A.log");
    const b = path.join(share, "B.log");
    const doc = path.join(share, "notes.doc");

    // The folder first: its walk met A.log, then the PATH A.log meets it again.
    expect(byPath(discoverFiles([share, a, a], options))).toEqual({ [a]: { size: 1, base: share }, [b]: { size: 2, base: share } });
    // The file first: it is recorded under the base of the PATH that named it (base 0), and the walk of the folder does not add it again.
    const fileFirst = discoverFiles([a, share, doc], options);
    expect(fileFirst.bases).toEqual([share, share, share]);
    expect(byPath(fileFirst)).toEqual({ [a]: { size: 1, base: share }, [b]: { size: 2, base: share }, [doc]: { size: 3, base: share } });
    expect(fileFirst.baseIndex[fileFirst.paths.indexOf(a)]).toBe(0);
    expect(fileFirst.paths).toEqual([a, b, doc]);
    // Listed by path whatever the order met: notes.doc, named first, comes last.
    const docFirst = discoverFiles([doc, share], options);
    expect(docFirst.paths).toEqual([a, b, doc]);
    expect(Array.from(docFirst.sizes)).toEqual([1, 2, 3]);
  });

  it("behaves as a map once repeats are watched: the last facts of a path win, each path listed once", () => {
    const list = new FoundList();
    list.set("/s/A.log", 0, 10, 100);
    list.set("/s/B.log", 0, 20, 200);
    list.watchRepeats();
    expect(list.has("/s/A.log")).toBe(true);
    expect(list.has("/s/C.log")).toBe(false);
    list.set("/s/A.log", 1, 11, 111);
    list.set("/s/C.log", 1, 30, 300);
    list.set("/s/C.log", 0, 31, 301);
    expect(list.paths).toEqual(["/s/A.log", "/s/B.log", "/s/C.log"]);
    expect(list.bases).toEqual([1, 0, 0]);
    expect(list.sizes).toEqual([11, 20, 31]);
    expect(list.mtimesUs).toEqual([111, 200, 301]);
  });

  it("looks nothing up before a repeat can happen", () => {
    const list = new FoundList();
    list.set("/s/A.log", 0, 10, 100);
    expect(list.has("/s/A.log")).toBe(false);
  });
});
