/**
 * An unchanged share is not compared file by file. An ingest that ends with the ledger holding
 * every file its walk found, as found (checked in DuckDB by the comparison's own condition,
 * NEEDS_READING), records a digest of that listing with the ledger's sum (LEDGER_SUM) in
 * smslog_meta. A later walk that lists the same files, sizes and times, with the same
 * settings, on a ledger whose sum is still that one, would find nothing to read: the ingest
 * skips the comparison (appending every file found to DuckDB and joining it with the ledger)
 * and the host count. Anything else (another listing, a ledger changed by any ingest or forget,
 * a file found with a problem, --full) is compared file by file, as before.
 */
import { createHash } from "node:crypto";
import type { Database } from "./connect.js";
import { appendDiscovered, LEDGER_SUM, NEEDS_READING, type FoundFiles } from "./ledger.js";

/** What smslog_meta holds under LISTING_KEY. */
export interface RecordedListing {
  /** listingDigest of each group of PATHs the ledger was found to hold. */
  listed: string[];
  /** LEDGER_SUM then (null: the ledger held no file, and nothing is taken as recorded). */
  ledgerSum: string | null;
  /** Hosts in the database then (the summary's count). */
  hosts: number;
}

const LISTING_KEY = "listing";

/**
 * A digest of the files found (every path with its size and modification time, in path order)
 * and of the settings they are read with; null when some file was found with a problem (its
 * row is written again by every ingest). Paths hold no NUL, so the text hashed says where each
 * ends.
 */
export function listingDigest(found: FoundFiles, settings: string): string | null {
  for (const _ in found.problems) return null;
  const bytes = (numbers: Float64Array) => new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  return createHash("sha1")
    .update(`${settings}\0${found.paths.length}\0`)
    .update(found.paths.join("\0"))
    .update(bytes(found.sizes))
    .update(bytes(found.mtimesUs))
    .digest("hex");
}

/** The listing recorded by the last ingest that recorded one, or null. */
export async function recordedListing(db: Database): Promise<RecordedListing | null> {
  const reader = await db.connection.runAndReadAll("SELECT value FROM smslog_meta WHERE key = $key", { key: LISTING_KEY });
  const value = reader.getRows()[0]?.[0];
  if (typeof value !== "string") return null;
  const { listed, ledger_sum: ledgerSum, hosts } = JSON.parse(value) as { listed: string[]; ledger_sum: string | null; hosts: number };
  return { listed, ledgerSum, hosts };
}

/** Whether a walk that gave `digest` finds the ledger as `recorded` left it (`ledgerSum`: LEDGER_SUM now). */
export function listedAsBefore(recorded: RecordedListing | null, digest: string | null, ledgerSum: string | null): recorded is RecordedListing {
  return recorded !== null && digest !== null && ledgerSum !== null && ledgerSum === recorded.ledgerSum && recorded.listed.includes(digest);
}

/**
 * Whether the ledger holds every file found as found, read with `settings`: the comparison
 * (diffLedger) would read none of them now. Asked after an ingest's writes.
 */
export async function holdsListing(db: Database, found: FoundFiles, settings: string): Promise<boolean> {
  const c = db.connection;
  await appendDiscovered(c, found);
  const reader = await c.runAndReadAll(`SELECT count(*) ${NEEDS_READING}`, { settings, full: false });
  await c.run("DROP TABLE discovered");
  return Number(reader.getRows()[0][0]) === 0;
}

/** Record `listed` (digests holdsListing confirmed), with the ledger's sum now and `hosts`. */
export async function recordListing(db: Database, listed: readonly string[], hosts: number): Promise<void> {
  if (listed.length === 0) return;
  const value = `(SELECT json_object('listed', string_split($listed, ','), 'ledger_sum', ${LEDGER_SUM}, 'hosts', $hosts::BIGINT)::VARCHAR
    FROM files WHERE status <> 'history')`;
  const params = { key: LISTING_KEY, listed: listed.join(","), hosts };
  // Updated in place when there: a row inserted costs the closing checkpoint 30-40 ms more.
  const updated = await db.connection.run(`UPDATE smslog_meta SET value = ${value} WHERE key = $key`, params);
  if (updated.rowsChanged === 0) await db.connection.run(`INSERT INTO smslog_meta SELECT $key, ${value}`, params);
}

/**
 * A session that may change any table (`query --write`) first drops the recorded listing: the
 * next ingest then compares the share file by file and counts its hosts again, whatever the
 * SQL changed.
 */
export async function forgetListing(db: Database): Promise<void> {
  await db.connection.run("DELETE FROM smslog_meta WHERE key = $key", { key: LISTING_KEY });
}
