/**
 * An unchanged share is not compared file by file (src/db/listing.ts): an ingest records the
 * listing it found when the ledger holds every file as found, and a later ingest that lists the
 * same on the ledger as it was skips the comparison. Shortcut or not, no file that needs reading
 * may be left unread: these tests end with what the data shows.
 */
import { chmodSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/connect.js";
import { storedState } from "../src/db/ledger.js";
import { listedAsBefore, listingDigest, recordedListing } from "../src/db/listing.js";
import { DEFAULT_INCLUDE } from "../src/ingest/defaults.js";
import { discoverFiles } from "../src/ingest/discover.js";
import { listingsToRecord, startSummary, type IngestSummary } from "../src/ingest/summary.js";
import { settingsKey, type IngestSettings } from "../src/model/settings.js";
import { runCli } from "./helpers/cli.js";
import { dbIn, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, makeShare, onDay, setMtime, tempDir } from "./helpers/share.js";
import { ingestWithoutRootOverride } from "./helpers/unprivileged.js";

const AUTO: IngestSettings = { hostFrom: "auto", hostPattern: null, dateOrder: "auto" };

/** What the next ingest of `share` with `settings` would see: the listing recorded, this walk's digest, and whether it may skip the comparison. */
async function nextIngestSees(db: string, share: string, settings = AUTO) {
  const found = discoverFiles([share], { include: DEFAULT_INCLUDE, exclude: [], followLinks: false });
  const digest = listingDigest(found, settingsKey(settings));
  const opened = await openDatabase(db, "read");
  try {
    const recorded = await recordedListing(opened);
    const { ledgerSum } = await storedState(opened);
    return { recorded, digest, ledgerSum, asRecorded: listedAsBefore(recorded, digest, ledgerSum) };
  } finally {
    opened.close();
  }
}

/** An ingest's summary line. */
const summaryOf = (stderr: string) => /^smslog: ingested .*$/m.exec(stderr)?.[0] ?? stderr;

async function ingested(files: Record<string, string>) {
  const share = makeShare(files);
  const db = dbIn(tempDir());
  const first = await ingestShare(db, share);
  expect(first.code, first.stderr).toBe(0);
  return { share, db };
}

const runsByHost = (db: string) => sql(db, "SELECT host, count(*)::INTEGER AS runs FROM runs WHERE run_no > 0 GROUP BY host ORDER BY host");

describe("the listing an ingest records", () => {
  it("is the digest of what it found, with the ledger's sum and the hosts, and the next walk matches it", async () => {
    const { share, db } = await ingested({
      "per-host/WKS00001.log": onDay(12) + blockedRun() + onDay(13) + blockedRun(),
      "per-host/WKS00002.log": onDay(12) + cleanRun(),
    });
    const seen = await nextIngestSees(db, share);
    expect(seen.digest).toMatch(/^[0-9a-f]{40}$/);
    expect(seen.recorded).toEqual({ listed: [seen.digest], ledgerSum: seen.ledgerSum, hosts: 2 });
    expect(seen.asRecorded).toBe(true);
    // The record stands through a re-ingest of the unchanged share, which says the hosts it holds.
    const before = await sql(db, "SELECT value FROM smslog_meta WHERE key = 'listing'");
    const again = await ingestShare(db, share);
    expect(summaryOf(again.stderr)).toMatch(
      /^smslog: ingested 0 file\(s\), 2 unchanged, 0 skipped, 0 error\(s\); 0 lines, 0 runs, 2 hosts in the database/,
    );
    expect(await sql(db, "SELECT value FROM smslog_meta WHERE key = 'listing'")).toEqual(before);
  });

  it("is another one for other settings", async () => {
    const { share, db } = await ingested({ "per-host/WKS00001.log": onDay(12) + blockedRun() });
    const seen = await nextIngestSees(db, share, { ...AUTO, hostFrom: "dir" });
    expect(seen.digest).not.toBe(seen.recorded?.listed[0]);
    expect(seen.asRecorded).toBe(false);
  });

  it("is not recorded while a file found could not be read: that file is tried again, its time unchanged", async () => {
    const share = makeShare({ "WKS00001.log": onDay(12) + blockedRun(), "WKS00002.log": onDay(12) + blockedRun() });
    const locked = path.join(share, "WKS00002.log");
    const db = dbIn(tempDir());
    chmodSync(locked, 0o000);
    try {
      const first = await ingestWithoutRootOverride(db, share, []);
      expect(summaryOf(first.stderr)).toMatch(/ingested 1 file\(s\), 0 unchanged, 0 skipped, 1 error\(s\)/);
    } finally {
      chmodSync(locked, 0o644);
    }
    expect((await nextIngestSees(db, share)).recorded).toBeNull();
    const again = await ingestShare(db, share);
    expect(summaryOf(again.stderr)).toMatch(/ingested 1 file\(s\), 1 unchanged, 0 skipped, 0 error\(s\)/);
    expect(await runsByHost(db)).toEqual([
      { host: "WKS00001", runs: 1 },
      { host: "WKS00002", runs: 1 },
    ]);
    // Now the ledger holds every file as found: the listing is recorded.
    expect((await nextIngestSees(db, share)).asRecorded).toBe(true);
  });
});

describe("a share not listed as recorded is compared file by file", () => {
  it("reads a file whose size changed though its time was set back, and one whose time alone changed", async () => {
    const { share, db } = await ingested({
      "WKS00001.log": onDay(12) + blockedRun(),
      "WKS00002.log": onDay(12) + cleanRun(),
    });
    const grown = path.join(share, "WKS00001.log");
    setMtime(grown, "2026-11-20T08:00:00Z");
    const touched = path.join(share, "WKS00002.log");
    setMtime(touched, "2026-11-21T08:00:00Z");
    expect((await ingestShare(db, share)).code).toBe(0);
    expect((await nextIngestSees(db, share)).asRecorded).toBe(true);

    writeFileSync(grown, Buffer.from(onDay(12) + blockedRun() + onDay(13) + blockedRun(), "latin1"));
    setMtime(grown, "2026-11-20T08:00:00Z");
    expect((await nextIngestSees(db, share)).asRecorded).toBe(false);
    const afterGrowth = await ingestShare(db, share);
    expect(summaryOf(afterGrowth.stderr)).toMatch(/ingested 1 file\(s\), 1 unchanged, 0 skipped, 0 error\(s\)/);
    expect(await runsByHost(db)).toEqual([
      { host: "WKS00001", runs: 2 },
      { host: "WKS00002", runs: 1 },
    ]);

    setMtime(touched, "2026-11-22T09:30:00Z");
    expect((await nextIngestSees(db, share)).asRecorded).toBe(false);
    expect((await ingestShare(db, share)).code).toBe(0);
    expect(await sql(db, "SELECT strftime(mtime, '%Y-%m-%dT%H:%M:%S') AS mtime FROM files WHERE path = " + `'${touched}'`)).toEqual([
      { mtime: "2026-11-22T09:30:00" },
    ]);
  });

  it("reads a forgotten file again: forgetting changed the ledger's sum", async () => {
    const { share, db } = await ingested({
      "WKS00001.log": onDay(12) + blockedRun(),
      "WKS00002.log": onDay(12) + blockedRun(),
    });
    const forgot = await runCli(["forget", "--db", db, path.join(share, "WKS00002.log")]);
    expect(forgot.code, forgot.stderr).toBe(0);
    const seen = await nextIngestSees(db, share);
    expect(seen.recorded?.listed).toEqual([seen.digest]);
    expect(seen.ledgerSum).not.toBe(seen.recorded?.ledgerSum);
    expect(seen.asRecorded).toBe(false);
    const again = await ingestShare(db, share);
    expect(summaryOf(again.stderr)).toMatch(/ingested 1 file\(s\), 1 unchanged, 0 skipped, 0 error\(s\); \d+ lines, 1 runs, 2 hosts/);
    expect(await runsByHost(db)).toEqual([
      { host: "WKS00001", runs: 1 },
      { host: "WKS00002", runs: 1 },
    ]);
  });

  it("counts the hosts again after query --write, which may have changed any table", async () => {
    const { share, db } = await ingested({
      "WKS00001.log": onDay(12) + blockedRun(),
      "WKS00002.log": onDay(12) + blockedRun(),
    });
    // A read-only query leaves the listing as it was.
    expect((await runCli(["query", "--db", db, "SELECT count(*) FROM runs"])).code).toBe(0);
    expect((await nextIngestSees(db, share)).asRecorded).toBe(true);
    const wrote = await runCli(["query", "--db", db, "--write", "DELETE FROM runs WHERE host = 'WKS00002'"]);
    expect(wrote.code, wrote.stderr).toBe(0);
    expect((await nextIngestSees(db, share)).recorded).toBeNull();
    const again = await ingestShare(db, share);
    expect(summaryOf(again.stderr)).toMatch(/ingested 0 file\(s\), 2 unchanged, 0 skipped, 0 error\(s\); 0 lines, 0 runs, 1 hosts in the database/);
    expect(await runsByHost(db)).toEqual([{ host: "WKS00001", runs: 1 }]);
    // Compared file by file, the share was found as the ledger holds it: recorded again.
    expect((await nextIngestSees(db, share)).asRecorded).toBe(true);
  });
});

describe("a listing's digest", () => {
  const found = (paths: string[], sizes: number[], mtimes: number[], problems = {}) => ({
    paths,
    sizes: Float64Array.from(sizes),
    mtimesUs: Float64Array.from(mtimes),
    problems,
  });

  it("changes with any path, size, time or setting, and with where the paths part", () => {
    const base = listingDigest(found(["/s/a.log", "/s/b.log"], [10, 20], [1, 2]), "k");
    expect(listingDigest(found(["/s/a.log", "/s/b.log"], [10, 20], [1, 2]), "k")).toBe(base);
    for (const other of [
      listingDigest(found(["/s/a.log", "/s/c.log"], [10, 20], [1, 2]), "k"),
      listingDigest(found(["/s/a.log", "/s/b.log"], [10, 21], [1, 2]), "k"),
      listingDigest(found(["/s/a.log", "/s/b.log"], [10, 20], [1, 3]), "k"),
      listingDigest(found(["/s/a.log", "/s/b.log"], [10, 20], [1, 2]), "k2"),
      listingDigest(found(["/s/a.log"], [10], [1]), "k"),
    ]) {
      expect(other).not.toBe(base);
    }
  });

  it("is none when a file was found with a problem: its row is written every time", () => {
    const problem = { status: "skipped", message: "a link out of PATH", linkTarget: "/elsewhere", size: 0, mtimeUs: 0 };
    expect(listingDigest(found(["/s/a.log"], [10], [1], { "/s/a.log": problem }), "k")).toBeNull();
  });
});

describe("the listings an ingest of several groups of PATHs records", () => {
  const summary = (listing: string | null, total: number, listedAsBefore = false): IngestSummary => ({
    ...startSummary(1, 1 - total, total, []),
    listing,
    listedAsBefore,
  });

  it("are those of the groups from the last one that read files on, and none when all were listed as before", () => {
    expect(listingsToRecord([summary("a", 0), summary("b", 3), summary("c", 0)])).toEqual(["c", "b"]);
    expect(listingsToRecord([summary("a", 0), summary(null, 0), summary("c", 0)])).toEqual(["c", "a"]);
    expect(listingsToRecord([summary("a", 0, true), summary("b", 0)])).toEqual(["b", "a"]);
    expect(listingsToRecord([summary("a", 0, true), summary("b", 0, true)])).toBeNull();
  });
});
