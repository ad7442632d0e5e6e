/**
 * What a re-ingest knows before it compares the ledger: the newest modification time stored,
 * and how many files found are newer than it (they need reading, so a parser thread may start
 * at once: src/ingest/ingest.ts, EARLY_THREAD_MAX_NEWER).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { countNewer, storedState } from "../src/db/ledger.js";
import type { Database } from "../src/db/connect.js";
import { dbIn, ingestShare, openDatabaseFile, openIngested, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, makeShare, onDay, setMtime, tempDir } from "./helpers/share.js";

/** Microseconds since the epoch, as the walk gives a file's modification time. */
const micros = (iso: string) => Date.parse(iso) * 1000;

const opened: Database[] = [];
afterAll(() => opened.forEach((db) => db.close()));

describe("the ledger's newest stamp", () => {
  it("is the latest modification time among the files stored, to the microsecond, history left out", async () => {
    const share = makeShare({
      "per-host/WKS00001.log": onDay(12) + blockedRun(),
      "per-host/WKS00002.log": onDay(13) + cleanRun(),
      "per-host/WKS00003.log": onDay(14) + blockedRun(),
    });
    setMtime(path.join(share, "per-host/WKS00001.log"), "2026-11-02T07:00:00.250Z");
    setMtime(path.join(share, "per-host/WKS00002.log"), "2026-11-30T18:45:10.125Z");
    setMtime(path.join(share, "per-host/WKS00003.log"), "2026-11-15T08:00:00Z");
    const file = dbIn(tempDir());
    expect((await ingestShare(file, share)).code).toBe(0);
    // WKS00002.log rewritten, its time set back: its first content, the newest, is history now.
    writeFileSync(path.join(share, "per-host/WKS00002.log"), onDay(20) + blockedRun(), "latin1");
    setMtime(path.join(share, "per-host/WKS00002.log"), "2026-11-10T09:30:00Z");
    const again = await ingestShare(file, share);
    expect(again.code, again.stderr).toBe(0);
    expect(await sql(file, "SELECT epoch_us(max(mtime)) AS newest FROM files WHERE status = 'history'")).toEqual([
      { newest: micros("2026-11-30T18:45:10.125Z") },
    ]);
    const db = await openDatabaseFile(file);
    opened.push(db);
    expect((await storedState(db)).newest).toBe(micros("2026-11-15T08:00:00Z"));
  });

  it("is null for a ledger that holds no file, as is the ledger's sum", async () => {
    const db = await openIngested(makeShare({ "notes.md": "not a log\n" }));
    opened.push(db);
    expect(await storedState(db)).toEqual({ newest: null, ledgerSum: null });
  });
});

describe("files newer than the ledger", () => {
  const newest = micros("2026-11-30T18:45:10.125Z");

  it("are those modified after the newest stamp stored, not at it", () => {
    const found = { mtimesUs: Float64Array.of(newest - 1, newest, newest + 1, micros("2026-12-01T06:00:00Z"), micros("2025-01-01T00:00:00Z")) };
    expect(countNewer(found, newest)).toBe(2);
    expect(countNewer({ mtimesUs: Float64Array.of(newest, newest - 1000) }, newest)).toBe(0);
  });

  it("are none when the ledger holds no stamp: nothing is known before the comparison", () => {
    expect(countNewer({ mtimesUs: Float64Array.of(newest, newest + 1) }, null)).toBe(0);
  });
});
