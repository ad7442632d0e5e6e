/**
 * Repeated logons (src/db/repeats.ts) against their definition, on real DuckDB: among runs of
 * a known host and start, those of one host, start minute and signature are one logon; its
 * first run (lowest run_id) stands, each of its runs from another file points to that one, and
 * every other such run points nowhere, whatever pointer it was stored with (the run it pointed
 * to may be gone since). Runs that are no logon keep theirs.
 */
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/connect.js";
import { markRepeatedLogons } from "../src/db/repeats.js";
import { RUN_ID_FACTOR } from "../src/db/rows.js";
import { tempDir } from "./helpers/share.js";

interface StoredRun {
  fileId: number;
  runNo: number;
  host: string | null;
  startedAt: string | null;
  signature: string;
  /** The pointer it was stored with: none, or one left from an earlier ingest. */
  duplicateOf: number | null;
}

const runId = (run: Pick<StoredRun, "fileId" | "runNo">) => run.fileId * RUN_ID_FACTOR + run.runNo;
const isLogon = (run: StoredRun) => run.runNo > 0 && run.host !== null && run.startedAt !== null;
const logonOf = (run: StoredRun) => `${run.host} ${run.startedAt!.slice(0, 16)} ${run.signature}`;

/** What each run's duplicate_of must be, by run_id, from the definition above. */
function expectedPointers(runs: readonly StoredRun[]): Map<number, number | null> {
  const first = new Map<string, StoredRun>();
  for (const run of [...runs].sort((a, b) => runId(a) - runId(b))) {
    if (isLogon(run) && !first.has(logonOf(run))) first.set(logonOf(run), run);
  }
  return new Map(
    runs.map((run) => {
      if (!isLogon(run)) return [runId(run), run.duplicateOf];
      const standing = first.get(logonOf(run))!;
      return [runId(run), standing.fileId !== run.fileId ? runId(standing) : null];
    }),
  );
}

const text = (value: string | null) => (value === null ? "NULL" : `'${value}'`);

async function store(db: Database, runs: readonly StoredRun[]): Promise<void> {
  await db.connection.run("DELETE FROM runs");
  const rows = runs.map(
    (run) =>
      `(${runId(run)}, ${run.fileId}, ${run.runNo}, ${text(run.host)}, ${text(run.startedAt)}::TIMESTAMP, ${text(run.signature)},` +
      ` ${run.duplicateOf ?? "NULL"}, 1, 1, false, [], false, 0, 'clear')`,
  );
  await db.connection.run(
    `INSERT INTO runs (run_id, file_id, run_no, host, started_at, signature, duplicate_of, first_line, last_line, blocked, active_exes, verified, errors, outcome)
     VALUES ${rows.join(", ")}`,
  );
}

const storedRun = fc.record({
  fileId: fc.integer({ min: 1, max: 4 }),
  runNo: fc.integer({ min: 0, max: 3 }),
  host: fc.constantFrom("WKS00001", "WKS00002", null),
  // Two starts in one minute, one in the next, and none.
  startedAt: fc.constantFrom("1999-04-12 08:15:05", "1999-04-12 08:15:55", "1999-04-12 08:16:00", null),
  signature: fc.constantFrom("0a1b2c3d", "4e5f6a7b"),
  duplicateOf: fc.option(fc.record({ fileId: fc.integer({ min: 1, max: 5 }), runNo: fc.integer({ min: 0, max: 3 }) }).map(runId), { nil: null }),
});

describe("repeated logons", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(path.join(tempDir(), "repeats.duckdb"), "write");
  });
  afterAll(() => db.close());

  it("point each run of a logon from another file to its first run, and every other logon nowhere", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(storedRun, { selector: runId, minLength: 1, maxLength: 24 }), async (runs) => {
        await store(db, runs);
        await markRepeatedLogons(db);
        const reader = await db.connection.runAndReadAll("SELECT run_id, duplicate_of FROM runs");
        const pointers = new Map(reader.getRows().map(([id, duplicateOf]) => [Number(id), duplicateOf === null ? null : Number(duplicateOf)]));
        expect(pointers).toEqual(expectedPointers(runs));
      }),
      { numRuns: 150 },
    );
  });

  it("keep the first of a logon stored twice standing, and point the copy from another file to it", async () => {
    // The property's smallest case, spelled out: one logon in files 1 and 2, and again later in file 1.
    const logon = { host: "WKS00001", startedAt: "1999-04-12 08:15:05", signature: "0a1b2c3d", duplicateOf: null };
    const runs = [
      { ...logon, fileId: 1, runNo: 1 },
      { ...logon, fileId: 2, runNo: 1 },
      { ...logon, fileId: 1, runNo: 2, startedAt: "1999-04-12 08:15:55" },
    ];
    await store(db, runs);
    await markRepeatedLogons(db);
    const reader = await db.connection.runAndReadAll("SELECT file_id, run_no, duplicate_of FROM runs ORDER BY run_id");
    expect(reader.getRowObjectsJson()).toEqual([
      { file_id: 1, run_no: 1, duplicate_of: null },
      { file_id: 1, run_no: 2, duplicate_of: null },
      { file_id: 2, run_no: 1, duplicate_of: String(runId({ fileId: 1, runNo: 1 })) },
    ]);
  });
});
