/**
 * The `ingests` record as the close of the database folds it: uncompressed after a completed
 * ingest (whose rows its own checkpoint folded already), with DuckDB's compression after any
 * other, whose close may fold the rows of its last commit (src/db/ingest-log.ts).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/connect.js";
import { beginIngest, endIngest, type IngestStatus } from "../src/db/ingest-log.js";
import { sql } from "./helpers/db.js";
import { tempDir } from "./helpers/share.js";

const COUNTS = { files: 3, unchanged: 1, skipped: 0, errors: 0, runs: 7, lines: 40 };

/**
 * A new database whose ingest, ended with `status`, is followed by `others` records (so that
 * there is something to compress: DuckDB stores a few rows uncompressed whatever it is told),
 * closed: how the records' ids are stored.
 */
async function idsStoredAfter(status: Exclude<IngestStatus, "running">, others = 500): Promise<string[]> {
  const file = path.join(tempDir(), "records.duckdb");
  const db = await openDatabase(file, "write");
  try {
    const id = await beginIngest(db, ["/share"]);
    await db.connection.run(
      `INSERT INTO ingests (id, started_at, ended_at, status, paths)
       SELECT range, TIMESTAMP '2026-12-01', TIMESTAMP '2026-12-01', 'completed', ['/share'] FROM range(${id + 1}, ${id + 1 + others})`,
    );
    await endIngest(db, id, status, COUNTS);
  } finally {
    db.close();
  }
  const stored = await sql(
    file,
    "SELECT DISTINCT compression FROM pragma_storage_info('ingests') WHERE column_name = 'id' AND segment_type <> 'VALIDITY'",
  );
  return stored.map((row) => String(row.compression));
}

describe("the ingests record, folded at the close", () => {
  it("is stored uncompressed after a completed ingest, and compressed after a failed or interrupted one", async () => {
    expect(await idsStoredAfter("completed")).toEqual(["Uncompressed"]);
    expect(await idsStoredAfter("failed")).toEqual(["BitPacking"]);
    expect(await idsStoredAfter("interrupted")).toEqual(["BitPacking"]);
  });
});
