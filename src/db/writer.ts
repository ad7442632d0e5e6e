/**
 * The one writer: collects parsed files and commits them in batches. Each batch's rows and
 * ledger entries go in one transaction, so a run killed at any moment leaves the database
 * as it was after the last whole batch, and a re-run finishes the rest.
 */
import { BIGINT, BOOLEAN, INTEGER, LIST, SMALLINT, TIMESTAMP, VARCHAR, listValue, timestampValue, type DuckDBValue } from "@duckdb/node-api";
import type { FileResult, IngestSettings } from "../ingest/process-file.js";
import { isoToMicros } from "../ingest/process-file.js";
import { DEFAULT_BATCH, type BatchLimits } from "../ingest/defaults.js";
import { appendColumns } from "./append.js";
import type { Database } from "./connect.js";

/** run_id = file_id * RUN_ID_FACTOR + run_no: unique, and stable for the same file and content. */
export const RUN_ID_FACTOR = 1_000_000;

const FILE_TYPES = [INTEGER, VARCHAR, BIGINT, TIMESTAMP, VARCHAR, VARCHAR, VARCHAR, VARCHAR, INTEGER, INTEGER, INTEGER, VARCHAR, TIMESTAMP];
const RUN_TYPES = [BIGINT, INTEGER, INTEGER, VARCHAR, VARCHAR, TIMESTAMP, VARCHAR, INTEGER, INTEGER, BOOLEAN, LIST(VARCHAR), BOOLEAN, INTEGER];
const EVENT_TYPES = [INTEGER, BIGINT, INTEGER, SMALLINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, INTEGER, VARCHAR, TIMESTAMP, VARCHAR, VARCHAR, BOOLEAN];

const timestamp = (micros: number | null) => (micros === null ? null : timestampValue(BigInt(micros)));


export class BatchWriter {
  private results: FileResult[] = [];
  private pendingEvents = 0;
  /** Files whose earlier rows must go before their new rows are written. */
  private replacing = new Set<number>();

  constructor(
    private readonly db: Database,
    private readonly settings: IngestSettings,
    private readonly limits: BatchLimits = DEFAULT_BATCH,
  ) {}

  /** Queue a file's result; `replaces` when the ledger already has rows for it. */
  add(result: FileResult, replaces: boolean): boolean {
    this.results.push(result);
    // Same content under a new timestamp keeps its rows; anything else replaces them.
    if (replaces && result.status !== "unchanged") this.replacing.add(result.fileId);
    if (result.status === "ok") this.pendingEvents += result.events.kind.length;
    return this.pendingEvents >= this.limits.events || this.results.length >= this.limits.files;
  }

  async flush(): Promise<void> {
    if (this.results.length === 0) return;
    const results = this.results;
    const replacing = [...this.replacing];
    this.results = [];
    this.replacing = new Set();
    this.pendingEvents = 0;
    const connection = this.db.connection;
    await connection.run("BEGIN TRANSACTION");
    try {
      const touched = results.filter((r) => r.status === "unchanged");
      const rewritten = results.filter((r) => r.status !== "unchanged");
      if (replacing.length > 0) {
        const ids = replacing.join(",");
        await connection.run(`DELETE FROM events WHERE file_id IN (${ids}); DELETE FROM runs WHERE file_id IN (${ids})`);
      }
      const ledgerIds = rewritten.map((r) => r.fileId);
      if (ledgerIds.length > 0) await connection.run(`DELETE FROM files WHERE file_id IN (${ledgerIds.join(",")})`);
      if (touched.length > 0) await this.restamp(touched);
      await this.appendFiles(rewritten);
      await this.appendRuns(rewritten);
      await this.appendEvents(rewritten);
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
    await appendColumns(connection, "restamped", [INTEGER, BIGINT, TIMESTAMP], [
      results.map((r) => r.fileId),
      results.map((r) => BigInt(r.size)),
      results.map((r) => timestamp(r.mtimeUs)),
    ]);
    await connection.run("UPDATE files SET size = r.size, mtime = r.mtime FROM restamped r WHERE files.file_id = r.file_id; DROP TABLE restamped");
  }

  private async appendFiles(results: FileResult[]): Promise<void> {
    const settings = JSON.stringify(this.settings);
    const now = timestampValue(BigInt(Date.now()) * 1000n);
    const cols: DuckDBValue[][] = FILE_TYPES.map(() => []);
    for (const r of results) {
      const ok = r.status === "ok";
      const row: DuckDBValue[] = [
        r.fileId,
        r.path,
        BigInt(r.size),
        timestamp(r.mtimeUs),
        r.fingerprint,
        ok ? r.encoding : null,
        r.status,
        r.status === "skipped" || r.status === "error" ? r.message : null,
        ok ? r.lines : null,
        ok ? r.runs.filter((run) => run.runNo > 0).length : null,
        ok ? r.events.kind.length : null,
        settings,
        now,
      ];
      row.forEach((value, i) => cols[i].push(value));
    }
    await appendColumns(this.db.connection, "files", FILE_TYPES, cols);
  }

  private async appendRuns(results: FileResult[]): Promise<void> {
    const cols: DuckDBValue[][] = RUN_TYPES.map(() => []);
    for (const r of results) {
      if (r.status !== "ok") continue;
      for (const run of r.runs) {
        const row: DuckDBValue[] = [
          r.fileId * RUN_ID_FACTOR + run.runNo,
          r.fileId,
          run.runNo,
          run.host,
          run.hostSource,
          timestamp(isoToMicros(run.startedAt)),
          run.timeSource,
          run.firstLine,
          run.lastLine,
          run.blocked,
          listValue(run.activeExes),
          run.verified,
          run.errors,
        ];
        row.forEach((value, i) => cols[i].push(value));
      }
    }
    // BIGINT columns take bigint values.
    cols[0] = cols[0].map((id) => BigInt(id as number));
    await appendColumns(this.db.connection, "runs", RUN_TYPES, cols);
  }

  private async appendEvents(results: FileResult[]): Promise<void> {
    const cols: DuckDBValue[][] = EVENT_TYPES.map(() => []);
    for (const r of results) {
      if (r.status !== "ok") continue;
      const e = r.events;
      const base = BigInt(r.fileId * RUN_ID_FACTOR);
      for (let i = 0; i < e.kind.length; i++) {
        cols[0].push(r.fileId);
        cols[1].push(base + BigInt(e.runNo[i]));
        cols[2].push(e.lineNo[i]);
        cols[3].push(e.seq[i]);
        cols[4].push(e.kind[i]);
        cols[5].push(e.messageKind[i]);
        cols[6].push(e.text[i]);
        cols[7].push(e.exe[i]);
        cols[8].push(e.code[i]);
        cols[9].push(e.host[i]);
        cols[10].push(timestamp(e.tsUs[i]));
        cols[11].push(e.component[i]);
        cols[12].push(e.message[i]);
        cols[13].push(e.truncated[i]);
      }
    }
    await appendColumns(this.db.connection, "events", EVENT_TYPES, cols);
  }
}
