/**
 * The one writer: collects parsed files and commits them in batches. Each batch's rows and
 * ledger entries go in one transaction, so a run killed at any moment leaves the database
 * as it was after the last whole batch, and a re-run finishes the rest.
 */
import type { FileResult, IngestSettings } from "../ingest/tasks.js";
import { DEFAULT_BATCH, type BatchLimits } from "../ingest/defaults.js";
import { ColumnAppender, appendColumns, type ColumnValues } from "./column-appender.js";
import type { Database } from "./connect.js";
import type { ParsedBatch } from "../ingest/worker.js";
import { EVENT_COLUMNS, FILE_COLUMNS, RUN_COLUMNS, type BatchRows } from "./rows.js";

export class BatchWriter {
  private results: FileResult[] = [];
  private rows: BatchRows[] = [];
  private pendingEvents = 0;
  /** Files whose earlier rows must go before their new rows are written. */
  private replacing = new Set<number>();

  constructor(
    private readonly db: Database,
    private readonly settings: IngestSettings,
    private readonly limits: BatchLimits = DEFAULT_BATCH,
  ) {}

  /** Queue a parsed batch. */
  add(parsed: ParsedBatch): void {
    for (const result of parsed.results) {
      this.results.push(result);
      // Same content under a new timestamp keeps its rows; anything else replaces them.
      if (result.status !== "unchanged" && result.replaces) this.replacing.add(result.fileId);
      if (result.status === "ok") this.pendingEvents += result.eventCount;
    }
    this.rows.push({ runs: parsed.runs, events: parsed.events });
  }

  full(): boolean {
    return this.pendingEvents >= this.limits.events || this.results.length >= this.limits.files;
  }

  /** Commit what is queued, as one transaction. */
  async flush(): Promise<void> {
    if (this.results.length === 0) return;
    const results = this.results;
    const rows = this.rows;
    const replacing = [...this.replacing];
    this.results = [];
    this.rows = [];
    this.replacing = new Set();
    this.pendingEvents = 0;
    const connection = this.db.connection;
    await connection.run("BEGIN TRANSACTION");
    try {
      if (replacing.length > 0) {
        const ids = replacing.join(",");
        await connection.run(`DELETE FROM events WHERE file_id IN (${ids}); DELETE FROM runs WHERE file_id IN (${ids})`);
      }
      const touched = results.filter((r) => r.status === "unchanged");
      const rewritten = results.filter((r) => r.status !== "unchanged");
      if (rewritten.length > 0) await connection.run(`DELETE FROM files WHERE file_id IN (${rewritten.map((r) => r.fileId).join(",")})`);
      if (touched.length > 0) await this.restamp(touched);
      await this.appendFiles(rewritten);
      await this.appendRows("runs", RUN_COLUMNS, rows.map((batch) => batch.runs));
      await this.appendRows("events", EVENT_COLUMNS, rows.map((batch) => batch.events));
      await connection.run("COMMIT");
    } catch (error) {
      await connection.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  /** Same content under a new timestamp (a copied or touched file): only the ledger learns the new stamp. */
  private async restamp(results: FileResult[]): Promise<void> {
    const connection = this.db.connection;
    await connection.run("CREATE OR REPLACE TEMP TABLE restamped (file_id INTEGER, size BIGINT, mtime TIMESTAMP)");
    await appendColumns(connection, "restamped", ["int32", "int64", "timestamp"], [
      Float64Array.from(results, (r) => r.fileId),
      Float64Array.from(results, (r) => r.size),
      Float64Array.from(results, (r) => r.mtimeUs),
    ]);
    await connection.run("UPDATE files SET size = r.size, mtime = r.mtime FROM restamped r WHERE files.file_id = r.file_id; DROP TABLE restamped");
  }

  private async appendFiles(results: FileResult[]): Promise<void> {
    const settings = JSON.stringify(this.settings);
    const now = Date.now() * 1000;
    const ok = (r: FileResult) => (r.status === "ok" ? r : null);
    await appendColumns(this.db.connection, "files", FILE_COLUMNS, [
      Float64Array.from(results, (r) => r.fileId),
      results.map((r) => r.path),
      Float64Array.from(results, (r) => r.size),
      Float64Array.from(results, (r) => r.mtimeUs),
      results.map((r) => r.fingerprint),
      results.map((r) => ok(r)?.encoding ?? null),
      results.map((r) => r.status),
      results.map((r) => (r.status === "skipped" || r.status === "error" ? r.message : null)),
      Float64Array.from(results, (r) => ok(r)?.lines ?? NaN),
      Float64Array.from(results, (r) => ok(r)?.runCount ?? NaN),
      Float64Array.from(results, (r) => ok(r)?.eventCount ?? NaN),
      results.map(() => settings),
      new Float64Array(results.length).fill(now),
    ]);
  }

  private async appendRows(table: string, kinds: typeof RUN_COLUMNS, batches: ColumnValues[][]): Promise<void> {
    const appender = await ColumnAppender.open(this.db.connection, table, kinds);
    try {
      for (const columns of batches) if (columns.length > 0) appender.append(columns, 0, columns[0].length);
    } finally {
      appender.close();
    }
  }
}
