import fc from "fast-check";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { SCHEMA_SQL } from "../src/db/schema.js";
import { BinaryFileError } from "../src/errors.js";
import { decodeLog } from "../src/parse/decode.js";
import { parseText } from "../src/parse/parse-text.js";
import { AFFECTED_SQL } from "../src/query/affected.js";
import { toPlainResult } from "../src/query/values.js";

describe("decoder and grammar on arbitrary bytes", () => {
  it("either refuse the bytes as binary or decode and parse them, keeping every non-blank line", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        let text: string;
        try {
          text = decodeLog(bytes).text;
        } catch (error) {
          expect(error).toBeInstanceOf(BinaryFileError);
          expect(bytes.includes(0)).toBe(true);
          return;
        }
        const parsed = parseText(text);
        const lines = text.split(/\r\n|\r|\n/);
        const covered = new Set(parsed.events.map((e) => e.line));
        lines.forEach((line, i) => expect(covered.has(i + 1)).toBe(line.trim() !== ""));
      }),
      { numRuns: 3000 },
    );
  });
});

/** One generated run of a host: its file, what it reported, and when (null: unknown time). */
interface GenRun {
  host: string;
  file: number;
  day: number | null;
  outcome: "blocked" | "clear" | "inconclusive";
  exes: string[];
}

/** A generated run as stored: its id, line, and the day it sorts by (its own, else inferred in its file). */
interface Stored {
  run: GenRun;
  runId: number;
  line: number;
  orderDay: number | null;
}

/** The order rule of the README, written the plain way: an undated run sorts after the dated run before it in its file. */
function store(runs: GenRun[]): Stored[] {
  const stored = runs.map((run, i) => ({ run, runId: run.file * 2 ** 26 + i + 1, line: i + 1, orderDay: run.day }));
  for (const file of new Set(runs.map((run) => run.file))) {
    const inFile = stored.filter((s) => s.run.file === file);
    let previous = inFile.find((s) => s.run.day !== null)?.run.day ?? null;
    for (const s of inFile) {
      if (s.run.day !== null) previous = s.run.day;
      s.orderDay = s.run.day ?? previous;
    }
  }
  return stored;
}

const iso = (day: number | null) => (day === null ? null : `1999-04-${String(day).padStart(2, "0")}T08:00:00`);

/** The affected-host rules of the README, written the plain way, to check the SQL against. */
function reference(stored: Stored[], exe: string, minRuns: number) {
  const byHost = new Map<string, Stored[]>();
  for (const s of stored) byHost.set(s.run.host, [...(byHost.get(s.run.host) ?? []), s]);
  const rows = [];
  for (const [host, list] of byHost) {
    // Runs with no time at all first, then by the time they sort by; ties by file and position.
    list.sort((a, b) => (a.orderDay ?? -1) - (b.orderDay ?? -1) || a.runId - b.runId);
    const hit = list.map(({ run }) => run.outcome === "blocked" && run.exes.includes(exe));
    const conclusive = list.map(({ run }) => run.outcome !== "inconclusive");
    const blocked = hit.filter(Boolean).length;
    if (blocked < minRuns) continue;
    const hitDays = list
      .filter((_, i) => hit[i])
      .map(({ run }) => run.day)
      .filter((d): d is number => d !== null);
    const latestConclusive = conclusive.lastIndexOf(true);
    const latestBlocked = hit[latestConclusive];
    let streak = 0;
    for (let i = latestConclusive; latestBlocked && i >= 0 && !(conclusive[i] && !hit[i]); i--) if (hit[i]) streak++;
    const evidence = list[hit.lastIndexOf(true)];
    rows.push({
      host,
      blocked_runs: blocked,
      total_runs: list.length,
      inconclusive_runs: conclusive.filter((c) => !c).length,
      first_blocked: hitDays.length ? iso(Math.min(...hitDays)) : null,
      last_blocked: hitDays.length ? iso(Math.max(...hitDays)) : null,
      last_run: iso(list[list.length - 1].run.day),
      status: latestBlocked ? "blocked" : "recovered",
      streak,
      evidence: `/share/f${evidence.run.file}.log:${evidence.line}`,
    });
  }
  return rows.sort(
    (a, b) =>
      Number(b.status === "blocked") - Number(a.status === "blocked") ||
      b.streak - a.streak ||
      b.blocked_runs - a.blocked_runs ||
      (a.host < b.host ? -1 : 1),
  );
}

const genRun = fc.record({
  host: fc.constantFrom("A", "B", "C", "D"),
  file: fc.constantFrom(1, 2),
  // Distinct days per host are not required: equal times fall back to file position.
  day: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null, freq: 4 }),
  outcome: fc.constantFrom("blocked", "clear", "inconclusive"),
  exes: fc.subarray(["pcmsvc32.exe", "wuser32.exe"]),
});

describe("the affected-host query against a reference implementation", () => {
  it("gives the same rows for any runs", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(SCHEMA_SQL);
    await connection.run("INSERT INTO files (file_id, path, status) VALUES (1, '/share/f1.log', 'ok'), (2, '/share/f2.log', 'ok')");
    const timestamp = (day: number | null) => (day === null ? "NULL" : `TIMESTAMP '${iso(day)}'`);
    await fc.assert(
      fc.asyncProperty(fc.array(genRun, { maxLength: 30 }), fc.integer({ min: 1, max: 3 }), async (runs, minRuns) => {
        await connection.run("DELETE FROM runs");
        const stored = store(runs);
        for (const { run, runId, line, orderDay } of stored) {
          const exes = `[${run.exes.map((e) => `'${e}'`).join(",")}]::VARCHAR[]`;
          await connection.run(
            `INSERT INTO runs (run_id, file_id, run_no, host, started_at, first_line, last_line, blocked, active_exes, verified, errors, outcome, order_at, warning_line)
             VALUES (${runId}, ${run.file}, ${line}, '${run.host}', ${timestamp(run.day)}, ${line}, ${line}, ${run.outcome === "blocked"}, ${exes},
                     ${run.outcome !== "inconclusive"}, 0, '${run.outcome}', ${timestamp(orderDay)}, ${line})`,
          );
        }
        const result = await connection.run(AFFECTED_SQL, {
          exe: "pcmsvc32.exe",
          min_runs: minRuns,
          since: null,
          until: null,
          status: "all",
        });
        expect((await toPlainResult(result)).rows).toEqual(reference(stored, "pcmsvc32.exe", minRuns));
      }),
      { numRuns: 150 },
    );
    connection.closeSync();
    instance.closeSync();
  });
});
