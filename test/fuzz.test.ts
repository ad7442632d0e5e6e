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

/** One generated run of a host: what it reported, and when (null: unknown time). */
interface GenRun {
  host: string;
  day: number | null;
  blocked: boolean;
  exes: string[];
}

/** The affected-host rules of the README, written the plain way, to check the SQL against. */
function reference(runs: GenRun[], exe: string, minRuns: number) {
  const byHost = new Map<string, { run: GenRun; position: number }[]>();
  runs.forEach((run, position) => byHost.set(run.host, [...(byHost.get(run.host) ?? []), { run, position }]));
  const iso = (day: number | null) => (day === null ? null : `1999-04-${String(day).padStart(2, "0")}T08:00:00`);
  const rows = [];
  for (const [host, list] of byHost) {
    // Unknown times first, then by time; ties by file position.
    list.sort((a, b) => (a.run.day ?? -1) - (b.run.day ?? -1) || a.position - b.position);
    const hit = list.map(({ run }) => run.blocked && run.exes.includes(exe));
    const blocked = hit.filter(Boolean).length;
    if (blocked < minRuns) continue;
    const hitDays = list.filter((_, i) => hit[i]).map(({ run }) => run.day).filter((d): d is number => d !== null);
    const latestBlocked = hit[hit.length - 1];
    let streak = 0;
    for (let i = hit.length - 1; i >= 0 && hit[i]; i--) streak++;
    rows.push({
      host,
      blocked_runs: blocked,
      total_runs: list.length,
      first_blocked: hitDays.length ? iso(Math.min(...hitDays)) : null,
      last_blocked: hitDays.length ? iso(Math.max(...hitDays)) : null,
      last_run: iso(list[list.length - 1].run.day),
      status: latestBlocked ? "blocked" : "recovered",
      streak,
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
  // Distinct days per host are not required: equal times fall back to file position.
  day: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null, freq: 5 }),
  blocked: fc.boolean(),
  exes: fc.subarray(["pcmsvc32.exe", "wuser32.exe"]),
});

describe("the affected-host query against a reference implementation", () => {
  it("gives the same rows for any runs", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(SCHEMA_SQL);
    await connection.run("INSERT INTO files (file_id, path, status) VALUES (1, '/share/all.log', 'ok')");
    await fc.assert(
      fc.asyncProperty(fc.array(genRun, { maxLength: 30 }), fc.integer({ min: 1, max: 3 }), async (runs, minRuns) => {
        await connection.run("DELETE FROM runs");
        for (const [i, run] of runs.entries()) {
          const started = run.day === null ? "NULL" : `TIMESTAMP '1999-04-${String(run.day).padStart(2, "0")} 08:00:00'`;
          const exes = `[${run.exes.map((e) => `'${e}'`).join(",")}]::VARCHAR[]`;
          await connection.run(
            `INSERT INTO runs VALUES (${1_000_000 + i + 1}, 1, ${i + 1}, '${run.host}', 'name', ${started}, NULL, 1, 1, ${run.blocked}, ${exes}, true, 0)`,
          );
        }
        const reader = await connection.runAndReadAll(AFFECTED_SQL, { exe: "pcmsvc32.exe", min_runs: minRuns, since: null, until: null, status: "all" });
        expect(toPlainResult(reader).rows).toEqual(reference(runs, "pcmsvc32.exe", minRuns));
      }),
      { numRuns: 150 },
    );
    connection.closeSync();
    instance.closeSync();
  });
});
