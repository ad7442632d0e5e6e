/**
 * The PATHs given to ingest and their options (table `sources`, src/db/sources.ts). A PATH read
 * again with the options it has only has its time set in place; one read with other options
 * has them replaced, whichever option changed.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/connect.js";
import { loadSources, saveSources } from "../src/db/sources.js";
import type { Source } from "../src/model/source.js";
import { tempDir } from "./helpers/share.js";

const SHARE: Source = {
  path: "/share/logs",
  settings: { hostFrom: "auto", hostPattern: null, dateOrder: "auto" },
  include: ["*.log", "*.txt"],
  exclude: [],
  followLinks: false,
};

/** Saves `sources` into a new database one after another; returns what it then holds, and each saved PATH's time as it was saved. */
async function saved(...sources: Source[]) {
  const db = await openDatabase(path.join(tempDir(), "s.duckdb"), "write");
  try {
    const times: string[] = [];
    for (const source of sources) {
      await saveSources(db, [source]);
      const reader = await db.connection.runAndReadAll("SELECT strftime(last_ingested, '%Y-%m-%d %H:%M:%S.%f') FROM sources WHERE path = $path", {
        path: source.path,
      });
      times.push(String(reader.getRowsJS()[0][0]));
    }
    return { sources: await loadSources(db), times };
  } finally {
    db.close();
  }
}

describe("sources", () => {
  it("keeps one row for a PATH read again with its options, with the later time", async () => {
    const { sources, times } = await saved(SHARE, SHARE);
    expect(sources).toEqual([SHARE]);
    expect(times).toHaveLength(2);
    expect(times[1] > times[0], times.join(" then ")).toBe(true);
  });

  it.each<[string, Partial<Source>]>([
    ["host source", { settings: { ...SHARE.settings, hostFrom: "content" } }],
    ["host pattern", { settings: { ...SHARE.settings, hostPattern: "(?<host>[^/]+)\\.log$" } }],
    ["date order", { settings: { ...SHARE.settings, dateOrder: "dmy" } }],
    ["include", { include: ["*.log"] }],
    ["exclude", { exclude: ["old/*"] }],
    ["no include at all", { include: [] }],
    ["links followed", { followLinks: true }],
  ])("replaces the options of a PATH read again with another %s", async (_, change) => {
    const changed = { ...SHARE, ...change };
    expect((await saved(SHARE, changed)).sources).toEqual([changed]);
    // And back: the first options replace the changed ones again.
    expect((await saved(changed, SHARE)).sources).toEqual([SHARE]);
  });

  it("keeps each PATH's own options", async () => {
    const other = { ...SHARE, path: "/share/users", settings: { ...SHARE.settings, hostFrom: "content" as const } };
    expect((await saved(SHARE, other, SHARE)).sources).toEqual([SHARE, other]);
  });
});
