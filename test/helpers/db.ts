import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { openDatabase, type Database } from "../../src/db/connect.js";
import { toPlainResult } from "../../src/query/values.js";
import { CONTENT_CHECKSUM_SQL } from "../../bench/checksum.js";
import { expect } from "vitest";
import { runCli } from "./cli.js";
import { makeShare, tempDir } from "./share.js";

export const SAMPLES_PATTERN = "^[^/]+/(?<host>[^/.]+)";

/**
 * Read a database the CLI wrote, in this process (real DuckDB, read-only, closed at once so
 * the next CLI call can take the write lock). Values come back as `smslog query --format json` gives them.
 */
export async function sql(db: string, text: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
  try {
    const connection = await instance.connect();
    const rows = (await toPlainResult(await connection.run(text))).rows;
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

/**
 * A fingerprint of everything an ingest stores, independent of file ids and ingest times:
 * equal for two databases holding the same data (bench/checksum.ts says what it covers).
 */
export async function contentChecksum(db: string): Promise<Record<string, unknown>> {
  const [row] = await sql(db, CONTENT_CHECKSUM_SQL);
  return row;
}

export async function ingestShare(db: string, share: string, extra: string[] = []) {
  return runCli(["ingest", "--db", db, ...extra, share]);
}

export const dbIn = (dir: string) => path.join(dir, "test.duckdb");

/** A share ingested into a new database by the real CLI, which must succeed. */
async function ingestIntoNew(share: string, extra: string[]) {
  const db = dbIn(tempDir());
  const result = await ingestShare(db, share, extra);
  expect(result.code, result.stderr).toBe(0);
  return { db, stderr: result.stderr };
}

/** A share of these files ingested into a new database by the real CLI, which must succeed. */
export async function ingestedShare(files: Record<string, string | Buffer>, extra: string[] = []) {
  const share = makeShare(files);
  return { share, ...(await ingestIntoNew(share, extra)) };
}

/** A database file opened read-only in this process, as `smslog affected` opens it (src/db/connect.ts). */
export const openDatabaseFile = (file: string): Promise<Database> => openDatabase(file, "read");

/** A share ingested by the real CLI into a new database, opened read-only in this process (openDatabaseFile). */
export async function openIngested(share: string, extra: string[] = []): Promise<Database> {
  return openDatabaseFile((await ingestIntoNew(share, extra)).db);
}
