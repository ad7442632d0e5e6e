/**
 * The one writer: writes parsed files as they come into an open transaction, and commits it
 * when it holds enough (BatchLimits). Each commit's rows and ledger entries go in one
 * transaction, so a run killed at any moment leaves the database as it was after the last
 * commit, and a re-run finishes the rest.
 *
 * Nothing is lost on the way: a file that grew has its rows replaced (the old content is
 * part of the new; from its last stored run on when only that end was parsed again), a
 * file rewritten in place keeps its old rows as history, a file that cannot be read this
 * time keeps the rows of its last read, and a second copy of a file already stored is
 * recorded as a duplicate instead of being counted twice.
 */
import type { ColumnValues, ParsedBatch } from "../model/batch.js";
import type { FileResult } from "../model/files.js";
import { settingsKey, type IngestSettings } from "../model/settings.js";
import { DEFAULT_BATCH, type BatchLimits } from "./batch-limits.js";
import { ColumnAppender, appendColumns } from "./column-appender.js";
import type { Database } from "./connect.js";
import { column, createTableSql, defineTable, type TableDef } from "./table-def.js";
import { RUN_ID_FACTOR } from "./rows.js";
import { EVENTS, FILES, RUNS } from "./tables.js";
import type { DuckDBConnection } from "./duckdb.js";

/**
 * Statements over a set of files take their ids as one text parameter, `$ids`, read as a list
 * (`IN_IDS`): a literal list of 13,000 ids (a daily re-ingest's commit) took DuckDB 60-100 ms
 * to parse and plan, the parameter 8-15 ms (a LIST value built id by id through the Node API
 * 30-60 ms).
 */
const IN_IDS = "IN (SELECT unnest($ids::INTEGER[]))";
const idsParam = (ids: Iterable<number>) => ({ ids: `[${[...ids].join(",")}]` });

/** Run each statement with the same `ids` (a prepared statement is one statement). */
async function runForIds(connection: DuckDBConnection, statements: string[], ids: Iterable<number>): Promise<void> {
  const params = idsParam(ids);
  for (const statement of statements) await connection.run(statement, params);
}

const RESUMED = defineTable("resumed", "Files parsed again from one of their runs on: the rows from that run on are replaced.", [
  column("file_id", "INTEGER", "files.file_id"),
  column("first_run_id", "BIGINT", "run_id of the run the parse resumed at"),
]);

const RESTAMPED = defineTable("restamped", "Files read again with the same content under a new size or time.", [
  column("file_id", "INTEGER", "files.file_id"),
  column("size", "BIGINT", "bytes"),
  column("mtime", "TIMESTAMP", "the new modification time"),
]);

/**
 * Parsed batches are written a group at a time: each write is several statements (the old
 * rows of its files deleted, an appender per table), which cost 20-40 ms whatever their size,
 * so writing each 64-file batch alone made a daily re-ingest of 13,000 files 60% slower. A
 * group this size holds a few MB of rows.
 */
const WRITE_GROUP = { files: 1_000, events: 50_000 };

export class BatchWriter {
  /** A transaction is open: batches were written since the last commit. */
  private open = false;
  /** Parsed batches not yet written (see WRITE_GROUP). */
  private group: ParsedBatch[] = [];
  private groupFiles = 0;
  private groupEvents = 0;
  /** Files written in the open transaction that parsed, for storeCopiesOnce at commit. */
  private fresh: number[] = [];
  private pendingFiles = 0;
  private pendingEvents = 0;

  constructor(
    private readonly db: Database,
    private readonly settings: IngestSettings,
    private readonly limits: BatchLimits = DEFAULT_BATCH,
  ) {}

  /**
   * Take a parsed batch for the open transaction (opening one if needed), written with the
   * group it joins: its files' earlier rows go as they must, their ledger rows and rows go
   * in. Nothing of it is kept in JavaScript once written, so a transaction can be large
   * without holding memory here.
   */
  async add(parsed: ParsedBatch): Promise<void> {
    this.group.push(parsed);
    this.groupFiles += parsed.results.length;
    // The rows it carries (a resumed file's eventCount counts the rows it keeps too).
    this.groupEvents += parsed.events[0]?.length ?? 0;
    // A batch that discards a file's rows ends its group: its discard is done after the group's
    // appends, and rows that come after it (the file tried again) must not go with them.
    const discards = (parsed.discardRowsOf?.length ?? 0) > 0;
    if (discards || this.groupFiles >= WRITE_GROUP.files || this.groupEvents >= WRITE_GROUP.events) await this.writeGroup();
  }

  private async writeGroup(): Promise<void> {
    const group = this.group;
    this.group = [];
    this.groupFiles = 0;
    this.groupEvents = 0;
    const results = group.flatMap((parsed) => parsed.results);
    const discarded = group.flatMap((parsed) => parsed.discardRowsOf ?? []);
    // (A large file's parts carry rows and no result.)
    if (results.length === 0 && discarded.length === 0 && !group.some((parsed) => (parsed.events[0]?.length ?? 0) > 0)) return;
    const connection = this.db.connection;
    if (!this.open) {
      await connection.run("BEGIN TRANSACTION");
      this.open = true;
    }
    try {
      // A file that could not be read this time keeps its ledger row and the rows of its last read.
      const keptOnError = results.filter((r) => r.status === "error" && r.change !== "new");
      const touched = results.filter((r) => r.status === "unchanged");
      const written = results.filter((r) => r.status !== "unchanged" && !keptOnError.includes(r));
      // Resumed files whose run resumed at came out as stored lose no row but their ledger row.
      const resumed = written.filter((r) => r.status === "ok" && r.resumedAt !== null && !r.appendOnly);
      const appended = written.filter((r) => r.status === "ok" && r.appendOnly).map((r) => r.fileId);
      // A large file read in pieces wrote its rows under a new id: its old rows are under previousFileId.
      const replaced = written
        .filter((r) => r.change === "replace" && !(r.status === "ok" && r.resumedAt !== null))
        .map((r) => r.previousFileId ?? r.fileId);
      const retired = written.flatMap((r) => (r.change === "rewritten" && r.previousFileId !== null ? [r.previousFileId] : []));
      if (replaced.length > 0) {
        const tables = ["events", "runs", "files"];
        await runForIds(
          connection,
          tables.map((table) => `DELETE FROM ${table} WHERE file_id ${IN_IDS}`),
          replaced,
        );
      }
      if (resumed.length > 0) await this.dropResumedRows(resumed);
      if (appended.length > 0) await runForIds(connection, [`DELETE FROM files WHERE file_id ${IN_IDS}`], appended);
      if (retired.length > 0) {
        const retire = `UPDATE files SET status = 'history', message = 'earlier content of a file rewritten since (found ' || strftime(now() AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') || ' UTC)'
           WHERE file_id ${IN_IDS}`;
        await runForIds(connection, [retire], retired);
      }
      if (keptOnError.length > 0) await this.markUnreadable(keptOnError);
      if (touched.length > 0) await this.restamp(touched);
      await this.appendFiles(written);
      await this.appendRows(
        RUNS,
        group.map((parsed) => parsed.runs),
      );
      await this.appendRows(
        EVENTS,
        group.map((parsed) => parsed.events),
      );
      if (discarded.length > 0) {
        // After the appends: the parts of such a file may be in this very group.
        await runForIds(connection, [`DELETE FROM events WHERE file_id ${IN_IDS}`, `DELETE FROM runs WHERE file_id ${IN_IDS}`], discarded);
      }
      for (const result of written) if (result.status === "ok") this.fresh.push(result.fileId);
      for (const parsed of group) this.pendingEvents += parsed.events[0]?.length ?? 0;
      this.pendingFiles += results.length;
    } catch (error) {
      await this.rollback();
      throw error;
    }
  }

  full(): boolean {
    return this.pendingEvents + this.groupEvents >= this.limits.events || this.pendingFiles + this.groupFiles >= this.limits.files;
  }

  /**
   * Commit the open transaction: every batch taken since the last commit, or none of them.
   * With `checkpoint`, then fold it into the database file: DuckDB holds committed rows in
   * memory until a checkpoint (there is none before the ingest's end, see connect.ts), which
   * on the mixed benchmark share grew to 190 MB at 80,000 hosts; one after each full
   * transaction holds it to a transaction's. The last commit's is the ingest's own (finish-ingest.ts).
   */
  async flush(checkpoint = false): Promise<void> {
    await this.writeGroup();
    if (!this.open) return;
    const fresh = this.fresh;
    this.fresh = [];
    this.pendingFiles = 0;
    this.pendingEvents = 0;
    try {
      if (fresh.length > 0) await this.storeCopiesOnce(fresh);
      await this.db.connection.run("COMMIT");
      this.open = false;
      if (checkpoint) await this.db.connection.run("CHECKPOINT");
    } catch (error) {
      await this.rollback();
      throw error;
    }
  }

  /** Drop what was written since the last commit (an interrupted or failed ingest). */
  async rollback(): Promise<void> {
    this.group = [];
    this.groupFiles = 0;
    this.groupEvents = 0;
    if (!this.open) return;
    this.open = false;
    this.fresh = [];
    this.pendingFiles = 0;
    this.pendingEvents = 0;
    await this.db.connection.run("ROLLBACK").catch(() => undefined);
  }

  /**
   * A copy of a file stored before (same content, and its runs go to the same hosts) is
   * recorded as a duplicate of it and its rows are dropped, so its runs count once. Two
   * hosts' logs can be byte for byte alike (per-run files of the same minute), and empty
   * files are alike without being copies: those are kept.
   */
  private async storeCopiesOnce(fileIds: number[]): Promise<void> {
    const copies = `
      CREATE OR REPLACE TEMP TABLE copies AS
        WITH alike AS (
          SELECT n.file_id AS copy_id, o.file_id AS first_id
          FROM files n JOIN files o
            ON o.fingerprint = n.fingerprint AND o.file_id < n.file_id AND o.status = 'ok' AND o.path <> n.path
          WHERE n.file_id ${IN_IDS} AND n.size > 0
        ),
        hosts AS (
          SELECT file_id, list_sort(list_distinct(list(coalesce(host, '')))) AS hosts
          FROM runs
          WHERE run_no > 0 AND file_id IN (SELECT copy_id FROM alike UNION SELECT first_id FROM alike)
          GROUP BY file_id
        )
        SELECT a.copy_id AS file_id, min(a.first_id) AS first_id
        FROM alike a LEFT JOIN hosts c ON c.file_id = a.copy_id LEFT JOIN hosts f ON f.file_id = a.first_id
        WHERE c.hosts IS NOT DISTINCT FROM f.hosts
        GROUP BY a.copy_id`;
    await runForIds(this.db.connection, [copies], fileIds);
    await this.db.connection.run(`
      UPDATE files SET status = 'duplicate', duplicate_of = c.first_id, message = 'same content as ' || o.path
        FROM copies c JOIN files o ON o.file_id = c.first_id
        WHERE files.file_id = c.file_id;
      DELETE FROM events WHERE file_id IN (SELECT file_id FROM copies);
      DELETE FROM runs WHERE file_id IN (SELECT file_id FROM copies);
      DROP TABLE copies;`);
  }

  /**
   * A file parsed from one of its runs on (it grew) keeps the rows before that run; those of
   * that run and after are replaced, and its ledger row is written anew. One statement per
   * table for the whole batch.
   */
  private async dropResumedRows(results: FileResult[]): Promise<void> {
    const connection = this.db.connection;
    await connection.run(createTableSql(RESUMED, { temporary: true }));
    await appendColumns(connection, RESUMED, {
      file_id: Float64Array.from(results, (r) => r.fileId),
      first_run_id: Float64Array.from(results, (r) => r.fileId * RUN_ID_FACTOR + (r.status === "ok" ? (r.resumedAt ?? 0) : 0)),
    });
    await connection.run(`
      DELETE FROM events USING resumed r WHERE events.file_id = r.file_id AND events.run_id >= r.first_run_id;
      DELETE FROM runs USING resumed r WHERE runs.file_id = r.file_id AND runs.run_id >= r.first_run_id;
      DELETE FROM files WHERE file_id IN (SELECT file_id FROM resumed);
      DROP TABLE resumed;`);
  }

  private async markUnreadable(results: FileResult[]): Promise<void> {
    for (const result of results) {
      if (result.status !== "error") continue;
      await this.db.connection.run("UPDATE files SET status = 'error', message = $message WHERE file_id = $id", {
        id: result.fileId,
        message: `${result.message}; the rows of its last read are kept`,
      });
    }
  }

  /** Same content under a new timestamp (a copied or touched file): only the ledger learns the new stamp. */
  private async restamp(results: FileResult[]): Promise<void> {
    const connection = this.db.connection;
    await connection.run(createTableSql(RESTAMPED, { temporary: true }));
    await appendColumns(connection, RESTAMPED, {
      file_id: Float64Array.from(results, (r) => r.fileId),
      size: Float64Array.from(results, (r) => r.size),
      mtime: Float64Array.from(results, (r) => r.mtimeUs),
    });
    await connection.run("UPDATE files SET size = r.size, mtime = r.mtime FROM restamped r WHERE files.file_id = r.file_id; DROP TABLE restamped");
  }

  private async appendFiles(results: FileResult[]): Promise<void> {
    const settings = settingsKey(this.settings);
    const now = Date.now() * 1000;
    const ok = (r: FileResult) => (r.status === "ok" ? r : null);
    await appendColumns(this.db.connection, FILES, {
      file_id: Float64Array.from(results, (r) => r.fileId),
      path: results.map((r) => r.path),
      size: Float64Array.from(results, (r) => r.size),
      mtime: Float64Array.from(results, (r) => r.mtimeUs),
      fingerprint: results.map((r) => r.fingerprint),
      encoding: results.map((r) => ok(r)?.encoding ?? null),
      status: results.map((r) => r.status),
      message: results.map((r) => (r.status === "unchanged" ? null : r.message)),
      lines: Float64Array.from(results, (r) => ok(r)?.lines ?? NaN),
      runs: Float64Array.from(results, (r) => ok(r)?.runCount ?? NaN),
      events: Float64Array.from(results, (r) => ok(r)?.eventCount ?? NaN),
      settings: results.map(() => settings),
      ingested_at: new Float64Array(results.length).fill(now),
      date_order: results.map((r) => ok(r)?.dates.order ?? null),
      // Set once every batch is in, for files found through a link (src/db/repeats.ts);
      // a copy found by its content gets it in storeCopiesOnce.
      duplicate_of: new Float64Array(results.length).fill(NaN),
      // A link to another file of the share (duplicate), or one leading out of PATH or broken (skipped, error).
      link_target: results.map((r) => (r.status === "duplicate" || r.status === "skipped" || r.status === "error" ? (r.linkTarget ?? null) : null)),
    });
  }

  /** Rows the parser threads built, already in the table's column order (src/db/rows.ts). */
  private async appendRows(table: TableDef, batches: ColumnValues[][]): Promise<void> {
    if (!batches.some((columns) => (columns[0]?.length ?? 0) > 0)) return;
    const appender = await ColumnAppender.open(this.db.connection, table);
    try {
      for (const columns of batches) if ((columns[0]?.length ?? 0) > 0) appender.append(columns, 0, columns[0].length);
    } finally {
      appender.close();
    }
  }
}
