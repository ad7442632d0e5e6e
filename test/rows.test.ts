/**
 * The row builder (src/db/rows.ts) turns a file's events and runs into the columns of
 * `events` and `runs`, in the parser threads. Each column is checked here by name, in
 * process, with values that differ from column to column; test/schema.test.ts reads the same
 * columns back from DuckDB after an ingest through the CLI, and test/dates.test.ts holds the
 * times to Date.UTC.
 */
import { describe, expect, it } from "vitest";
import { unpackStrings, isPacked } from "../src/db/packed-strings.js";
import { RowsBuilder, RUN_ID_FACTOR, transferables } from "../src/db/rows.js";
import { EVENTS, RUNS } from "../src/db/tables.js";
import { ENUM_NULL, type TableDef } from "../src/db/table-def.js";
import type { ColumnValues, PackedStrings } from "../src/model/batch.js";
import type { RunRecord } from "../src/model/runs.js";
import type { SmsEvent } from "../src/parse/events.js";

/** A table's built columns as rows by column name, NULL as null (NaN, ENUM_NULL, a packed NULL). */
function rowsByName(table: TableDef, columns: readonly ColumnValues[]): Record<string, unknown>[] {
  const values = table.columns.map((def, c) => {
    const column = columns[c];
    if (isPacked(column)) return unpackStrings(column);
    if (def.enumType) return [...(column as Uint8Array)].map((index) => (index === ENUM_NULL ? null : def.enumType!.values[index]));
    if (def.type === "BOOLEAN") return [...(column as Uint8Array)].map((byte) => byte === 1);
    if (column instanceof Float64Array) return [...column].map((n) => (Number.isNaN(n) ? null : n));
    return [...(column as readonly unknown[])];
  });
  const count = values[0]?.length ?? 0;
  return Array.from({ length: count }, (_, row) => Object.fromEntries(table.columns.map((def, c) => [def.name, values[c][row]])));
}

const micros = (iso: string) => Date.parse(`${iso}Z`) * 1000;

const EVENT: SmsEvent = { line: 7, seq: 1, kind: "error", text: "Error: 1326", run: 2, code: 1326, truncated: true };
const CLIENT_LOG: SmsEvent = {
  line: 9,
  seq: 0,
  kind: "client_log",
  text: "07/01/97 08:15:30 C:\\SMS\\x.exe -> Client component in use",
  run: 3,
  ts: "1997-07-01T08:15:30",
  component: "C:\\SMS\\x.exe",
  message: "Client component in use",
  message_kind: "component_in_use",
  exe: "x.exe",
  host: "WKS00012",
};

const RUN: RunRecord = {
  runNo: 2,
  host: "WKS00012",
  hostSource: "header",
  hostProblem: null,
  startedAt: "1997-07-01T08:15:00",
  timeSource: "header",
  orderAt: "1997-07-01T08:15:00",
  firstLine: 3,
  lastLine: 8,
  outcome: "blocked",
  warningLine: 6,
  activeExes: ["pcmsvc32.exe"],
  verified: false,
  errors: 1,
  signature: "s1",
};
const UNKNOWN_RUN: RunRecord = {
  ...RUN,
  runNo: 3,
  host: null,
  hostSource: null,
  hostProblem: "no host",
  startedAt: null,
  timeSource: null,
  orderAt: null,
  outcome: "clear",
  warningLine: null,
  activeExes: [],
  verified: true,
  errors: 0,
  signature: "s2",
};

describe("the row builder", () => {
  it("gives every column of events and runs its value by name, run ids numbered from the file's", () => {
    const builder = new RowsBuilder();
    builder.add(5, [EVENT, CLIENT_LOG], [RUN, UNKNOWN_RUN]);
    builder.add(6, [{ ...EVENT, run: 0, code: undefined, truncated: undefined }], []);
    const { events, runs } = builder.finish();
    const base = 5 * RUN_ID_FACTOR;
    expect(rowsByName(EVENTS, events)).toEqual([
      {
        file_id: 5,
        run_id: base + 2,
        line_no: 7,
        seq: 1,
        kind: "error",
        message_kind: null,
        text: "Error: 1326",
        exe: null,
        code: 1326,
        host: null,
        ts: null,
        component: null,
        message: null,
        truncated: true,
      },
      {
        file_id: 5,
        run_id: base + 3,
        line_no: 9,
        seq: 0,
        kind: "client_log",
        message_kind: "component_in_use",
        text: CLIENT_LOG.text,
        exe: "x.exe",
        code: null,
        host: "WKS00012",
        ts: micros("1997-07-01T08:15:30"),
        component: "C:\\SMS\\x.exe",
        message: "Client component in use",
        truncated: false,
      },
      {
        file_id: 6,
        run_id: 6 * RUN_ID_FACTOR,
        line_no: 7,
        seq: 1,
        kind: "error",
        message_kind: null,
        text: "Error: 1326",
        exe: null,
        code: null,
        host: null,
        ts: null,
        component: null,
        message: null,
        truncated: false,
      },
    ]);
    expect(rowsByName(RUNS, runs)).toEqual([
      {
        run_id: base + 2,
        file_id: 5,
        run_no: 2,
        host: "WKS00012",
        host_source: "header",
        started_at: micros("1997-07-01T08:15:00"),
        time_source: "header",
        first_line: 3,
        last_line: 8,
        blocked: true,
        active_exes: ["pcmsvc32.exe"],
        verified: false,
        errors: 1,
        outcome: "blocked",
        order_at: micros("1997-07-01T08:15:00"),
        warning_line: 6,
        signature: "s1",
        duplicate_of: null,
        host_problem: null,
      },
      {
        run_id: base + 3,
        file_id: 5,
        run_no: 3,
        host: null,
        host_source: null,
        started_at: null,
        time_source: null,
        first_line: 3,
        last_line: 8,
        blocked: false,
        active_exes: [],
        verified: true,
        errors: 0,
        outcome: "clear",
        order_at: null,
        warning_line: null,
        signature: "s2",
        duplicate_of: null,
        host_problem: "no host",
      },
    ]);
  });

  it("refuses a file whose run ids would reach the next file's or lose precision, and takes one just within both bounds", () => {
    const runOf = (runNo: number): RunRecord => ({ ...RUN, runNo });
    expect(() => new RowsBuilder().add(1, [], [runOf(RUN_ID_FACTOR)])).toThrow(`more than ${RUN_ID_FACTOR - 1} runs in one file`);
    const maxFileId = 2 ** 53 / RUN_ID_FACTOR;
    expect(() => new RowsBuilder().add(maxFileId, [], [])).toThrow(`file id ${maxFileId}: run ids number files below ${maxFileId}`);
    const last = new RowsBuilder();
    last.add(maxFileId - 1, [], [runOf(RUN_ID_FACTOR - 1)]);
    // The highest run id there can be: 2^53 - 1, still exact.
    expect(rowsByName(RUNS, last.finish().runs)[0]).toMatchObject({ run_id: 2 ** 53 - 1, run_no: RUN_ID_FACTOR - 1 });
  });

  it("lists every typed array of its columns to move between threads: numbers, bytes, and a packed column's ends and NULLs", () => {
    const builder = new RowsBuilder();
    builder.add(5, [EVENT, CLIENT_LOG], [RUN, UNKNOWN_RUN]);
    const { runs } = builder.finish();
    const named = (name: string) => runs[RUNS.columns.findIndex((def) => def.name === name)];
    const arrayOf = (name: string) => (named(name) as Float64Array | Uint8Array).buffer;
    const packed = (name: string) => named(name) as PackedStrings;
    const numbersAndBytes = ["run_id", "file_id", "run_no", "host_source", "started_at", "time_source", "first_line", "last_line"]
      .concat(["blocked", "verified", "errors", "outcome", "order_at", "warning_line", "duplicate_of"])
      .map(arrayOf);
    // host and host_problem are NULL in one run each; signature never; active_exes is a list of strings, nothing to move.
    const strings = [packed("host").ends.buffer, packed("host").nulls!.buffer, packed("signature").ends.buffer].concat([
      packed("host_problem").ends.buffer,
      packed("host_problem").nulls!.buffer,
    ]);
    const moved: ArrayBufferLike[] = transferables(runs);
    expect(packed("signature").nulls).toBeNull();
    expect(moved).toHaveLength(numbersAndBytes.length + strings.length);
    // The very buffers, each once (an equal copy would not move them).
    expect([...numbersAndBytes, ...strings].filter((buffer) => !moved.includes(buffer))).toEqual([]);
    expect(transferables([["a", null], [["x"]]])).toEqual([]);
  });
});
