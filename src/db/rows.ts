/**
 * The row layouts of `runs` and `events` as columns, built in the parser threads so the
 * writer only hands them to DuckDB. Order and kinds match src/db/schema.ts exactly.
 */
import type { RunRecord } from "../ingest/attribute.js";
import type { SmsEvent } from "../parse/events.js";
import type { ColumnKind, ColumnValues } from "./column-appender.js";

/** run_id = file_id * RUN_ID_FACTOR + run_no: unique, and stable for the same file and content. */
export const RUN_ID_FACTOR = 1_000_000;

export const EVENT_COLUMNS: readonly ColumnKind[] = [
  "int32", // file_id
  "int64", // run_id
  "int32", // line_no
  "int16", // seq
  "varchar", // kind
  "varchar", // message_kind
  "varchar", // text
  "varchar", // exe
  "int32", // code
  "varchar", // host
  "timestamp", // ts
  "varchar", // component
  "varchar", // message
  "bool", // truncated
];

export const RUN_COLUMNS: readonly ColumnKind[] = [
  "int64", // run_id
  "int32", // file_id
  "int32", // run_no
  "varchar", // host
  "varchar", // host_source
  "timestamp", // started_at
  "varchar", // time_source
  "int32", // first_line
  "int32", // last_line
  "bool", // blocked
  "varchar[]", // active_exes
  "bool", // verified
  "int32", // errors
  "varchar", // outcome
  "timestamp", // order_at
  "int32", // warning_line
  "varchar", // signature
  "int64", // duplicate_of (set after the ingest, across files)
  "varchar", // host_problem
];

export const FILE_COLUMNS: readonly ColumnKind[] = [
  "int32", // file_id
  "varchar", // path
  "int64", // size
  "timestamp", // mtime
  "varchar", // fingerprint
  "varchar", // encoding
  "varchar", // status
  "varchar", // message
  "int32", // lines
  "int32", // runs
  "int32", // events
  "varchar", // settings
  "timestamp", // ingested_at
  "varchar", // date_order
  "int32", // duplicate_of
  "varchar", // link_target
];

/** ISO local time to DuckDB's TIMESTAMP microseconds: the wall-clock digits, no zone applied. */
export function isoToMicros(iso: string | null | undefined): number {
  if (!iso) return NaN;
  // Fixed positions: YYYY-MM-DDTHH:MM:SS.
  return (
    Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), +iso.slice(11, 13), +iso.slice(14, 16), +iso.slice(17, 19)) * 1000
  );
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** Rows of many files (a batch) as columns in table order, ready for the column appender. */
export interface BatchRows {
  runs: ColumnValues[];
  events: ColumnValues[];
}

/**
 * Collects the rows of a batch of files in a parser thread. One set of columns per batch,
 * not per file: moving thousands of small arrays between threads costs more than the parse.
 */
export class RowsBuilder {
  private readonly events = {
    fileId: [] as number[],
    runId: [] as number[],
    lineNo: [] as number[],
    seq: [] as number[],
    kind: [] as string[],
    messageKind: [] as (string | null)[],
    text: [] as string[],
    exe: [] as (string | null)[],
    code: [] as number[],
    host: [] as (string | null)[],
    ts: [] as number[],
    component: [] as (string | null)[],
    message: [] as (string | null)[],
    truncated: [] as number[],
  };
  private readonly runs = {
    runId: [] as number[],
    fileId: [] as number[],
    runNo: [] as number[],
    host: [] as (string | null)[],
    hostSource: [] as (string | null)[],
    startedAt: [] as number[],
    timeSource: [] as (string | null)[],
    firstLine: [] as number[],
    lastLine: [] as number[],
    blocked: [] as number[],
    activeExes: [] as string[][],
    verified: [] as number[],
    errors: [] as number[],
    outcome: [] as string[],
    orderAt: [] as number[],
    warningLine: [] as number[],
    signature: [] as string[],
    hostProblem: [] as (string | null)[],
  };

  add(fileId: number, events: readonly SmsEvent[], runs: readonly RunRecord[]): void {
    // run_id would collide with the next file's; no real log has a million runs.
    if (runs.length >= RUN_ID_FACTOR) throw new Error(`more than ${RUN_ID_FACTOR - 1} runs in one file`);
    const base = fileId * RUN_ID_FACTOR;
    const e = this.events;
    for (const event of events) {
      e.fileId.push(fileId);
      e.runId.push(base + event.run);
      e.lineNo.push(event.line);
      e.seq.push(event.seq);
      e.kind.push(event.kind);
      e.messageKind.push(orNull(event.message_kind));
      e.text.push(event.text);
      e.exe.push(orNull(event.exe));
      e.code.push(event.code ?? NaN);
      e.host.push(orNull(event.host));
      e.ts.push(isoToMicros(event.ts));
      e.component.push(orNull(event.component));
      e.message.push(orNull(event.message));
      e.truncated.push(event.truncated ? 1 : 0);
    }
    const r = this.runs;
    for (const run of runs) {
      r.runId.push(base + run.runNo);
      r.fileId.push(fileId);
      r.runNo.push(run.runNo);
      r.host.push(run.host);
      r.hostSource.push(run.hostSource);
      r.startedAt.push(isoToMicros(run.startedAt));
      r.timeSource.push(run.timeSource);
      r.firstLine.push(run.firstLine);
      r.lastLine.push(run.lastLine);
      r.blocked.push(run.outcome === "blocked" ? 1 : 0);
      r.activeExes.push(run.activeExes);
      r.verified.push(run.verified ? 1 : 0);
      r.errors.push(run.errors);
      r.outcome.push(run.outcome);
      r.orderAt.push(isoToMicros(run.orderAt));
      r.warningLine.push(run.warningLine ?? NaN);
      r.signature.push(run.signature);
      r.hostProblem.push(run.hostProblem);
    }
  }

  finish(): BatchRows {
    const e = this.events;
    const r = this.runs;
    const num = (values: number[]) => new Float64Array(values);
    const bool = (values: number[]) => new Uint8Array(values);
    return {
      events: [
        num(e.fileId), num(e.runId), num(e.lineNo), num(e.seq), e.kind, e.messageKind, e.text, e.exe,
        num(e.code), e.host, num(e.ts), e.component, e.message, bool(e.truncated),
      ],
      runs: [
        num(r.runId), num(r.fileId), num(r.runNo), r.host, r.hostSource, num(r.startedAt), r.timeSource,
        num(r.firstLine), num(r.lastLine), bool(r.blocked), r.activeExes, bool(r.verified), num(r.errors),
        r.outcome, num(r.orderAt), num(r.warningLine), r.signature, new Float64Array(r.runId.length).fill(NaN),
        r.hostProblem,
      ],
    };
  }
}

/** The typed arrays among some columns, to transfer between threads without copying. */
export function transferables(columns: readonly ColumnValues[]): ArrayBuffer[] {
  return columns.filter((c): c is Float64Array | Uint8Array => ArrayBuffer.isView(c)).map((c) => c.buffer as ArrayBuffer);
}
