/**
 * The rows of `runs` and `events`, built in the parser threads by column name (see
 * src/db/tables.ts) so the writer only hands the columns to DuckDB.
 */
import type { BatchRows, ColumnValues } from "../model/batch.js";
import type { RunRecord } from "../model/runs.js";
import type { SmsEvent } from "../parse/events.js";
import { ColumnsBuilder } from "./columns-builder.js";
import { isPacked } from "./packed-strings.js";
import { EVENTS, RUNS } from "./tables.js";

/**
 * run_id = file_id * RUN_ID_FACTOR + run_no: unique, stable for the same file and content,
 * and in file order. 2^26 (67,108,864) runs per file (a file of bare opening lines would need
 * 1.7 GB to reach that) and file ids below 2^27 (134 million) keep every run_id below 2^53,
 * exact as a JavaScript number and a DuckDB BIGINT.
 */
export const RUN_ID_FACTOR = 2 ** 26;
const MAX_FILE_ID = 2 ** 53 / RUN_ID_FACTOR;

/** The digit at `i`, as a number. */
const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const twoDigits = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), month 1-12. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * ISO local time to DuckDB's TIMESTAMP microseconds: the wall-clock digits, no zone applied.
 * Read digit by digit at fixed positions (YYYY-MM-DDTHH:MM:SS): slicing and Date.UTC made six
 * strings for every event and run of a share (and Date.UTC reads years 0-99 as 19xx).
 */
export function isoToMicros(iso: string | null | undefined): number {
  if (!iso) return NaN;
  const year = twoDigits(iso, 0) * 100 + twoDigits(iso, 2);
  const days = daysFromCivil(year, twoDigits(iso, 5), twoDigits(iso, 8));
  const seconds = ((days * 24 + twoDigits(iso, 11)) * 60 + twoDigits(iso, 14)) * 60 + twoDigits(iso, 17);
  return seconds * 1_000_000;
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/**
 * Collects the rows of a batch of files in a parser thread. One set of columns per batch,
 * not per file: moving thousands of small arrays between threads costs more than the parse.
 */
export class RowsBuilder {
  private readonly events = new ColumnsBuilder(EVENTS);
  private readonly runs = new ColumnsBuilder(RUNS);

  add(fileId: number, events: readonly SmsEvent[], runs: readonly RunRecord[]): void {
    // Past the bounds run_id would collide with the next file's, or lose precision: refuse the file, not corrupt others.
    const lastRun = runs.length > 0 ? runs[runs.length - 1].runNo : 0;
    if (lastRun >= RUN_ID_FACTOR) throw new Error(`more than ${RUN_ID_FACTOR - 1} runs in one file`);
    if (fileId >= MAX_FILE_ID) throw new Error(`file id ${fileId}: run ids number files below ${MAX_FILE_ID}`);
    const base = fileId * RUN_ID_FACTOR;
    const e = this.events.columns;
    for (const event of events) {
      e.file_id.push(fileId);
      e.run_id.push(base + event.run);
      e.line_no.push(event.line);
      e.seq.push(event.seq);
      e.kind.push(event.kind);
      e.message_kind.push(orNull(event.message_kind));
      e.text.push(event.text);
      e.exe.push(orNull(event.exe));
      e.code.push(event.code ?? NaN);
      e.host.push(orNull(event.host));
      e.ts.push(isoToMicros(event.ts));
      e.component.push(orNull(event.component));
      e.message.push(orNull(event.message));
      e.truncated.push(event.truncated === true);
    }
    const r = this.runs.columns;
    for (const run of runs) {
      r.run_id.push(base + run.runNo);
      r.file_id.push(fileId);
      r.run_no.push(run.runNo);
      r.host.push(run.host);
      r.host_source.push(run.hostSource);
      r.started_at.push(isoToMicros(run.startedAt));
      r.time_source.push(run.timeSource);
      r.first_line.push(run.firstLine);
      r.last_line.push(run.lastLine);
      r.blocked.push(run.outcome === "blocked");
      r.active_exes.push(run.activeExes);
      r.verified.push(run.verified);
      r.errors.push(run.errors);
      r.outcome.push(run.outcome);
      r.order_at.push(isoToMicros(run.orderAt));
      r.warning_line.push(run.warningLine ?? NaN);
      r.signature.push(run.signature);
      // Set once every batch is in: copies of a logon are found across files (src/db/repeats.ts).
      r.duplicate_of.push(NaN);
      r.host_problem.push(run.hostProblem);
    }
  }

  finish(): BatchRows {
    return { events: this.events.finish(), runs: this.runs.finish() };
  }
}

/** The typed arrays among some columns (packed strings' included), to transfer between threads without copying. */
export function transferables(columns: readonly ColumnValues[]): ArrayBuffer[] {
  return columns.flatMap((c) => {
    if (ArrayBuffer.isView(c)) return [c.buffer as ArrayBuffer];
    if (!isPacked(c)) return [];
    return c.nulls === null ? [c.ends.buffer as ArrayBuffer] : [c.ends.buffer as ArrayBuffer, c.nulls.buffer as ArrayBuffer];
  });
}
