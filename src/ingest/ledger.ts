/** What the database already knows about each file: the key to incremental ingest. */
import type { Database } from "../db/connect.js";

export interface LedgerEntry {
  fileId: number;
  size: number;
  mtimeUs: number;
  fingerprint: string | null;
  status: string;
  settings: string | null;
}

export async function readLedger(db: Database): Promise<Map<string, LedgerEntry>> {
  const reader = await db.connection.runAndReadAll(
    "SELECT file_id, path, size, epoch_us(mtime)::DOUBLE, fingerprint, status, settings FROM files",
  );
  const ledger = new Map<string, LedgerEntry>();
  for (const [fileId, path, size, mtimeUs, fingerprint, status, settings] of reader.getRows()) {
    ledger.set(path as string, {
      fileId: fileId as number,
      size: Number(size),
      mtimeUs: mtimeUs as number,
      fingerprint: fingerprint as string | null,
      status: status as string,
      settings: settings as string | null,
    });
  }
  return ledger;
}
