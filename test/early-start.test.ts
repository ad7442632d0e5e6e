/**
 * The parser thread an ingest into a new database starts with the command
 * (src/ingest/early-start.ts): the pool takes it, and it keeps no process alive that does
 * not use it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "./helpers/cli.js";
import { dbIn, sql } from "./helpers/db.js";
import { blockedRun, headers, makeShare, tempDir } from "./helpers/share.js";
import { fileTask } from "./helpers/tasks.js";

/**
 * Runs `script` with the built pool module as `pool`, in a process killed after 10 s (from a
 * file: the threads it starts would take `node -e`'s flags for their own).
 */
function withPool(script: string, ...args: string[]): string {
  const file = path.join(tempDir(), "script.mjs");
  writeFileSync(file, `const pool = await import(${JSON.stringify(path.join(REPO, "dist/src/ingest/pool.js"))});\n${script}`);
  return execFileSync(process.execPath, [file, ...args], { timeout: 10_000, killSignal: "SIGKILL" }).toString();
}

describe("a parser thread started before the database opens", () => {
  it("is the thread the first pool takes, and it parses", () => {
    const share = makeShare({ "WKS00001.log": headers("04/12/1999", " 8:15a") + blockedRun() });
    const file = path.join(share, "WKS00001.log");
    const task = fileTask(file, { walked: { size: 0, mtimeUs: 0 } });
    const output = withPool(
      `pool.startParserEarly();
       pool.startParserEarly();
       const before = pool.earlyParserWaiting();
       const parsers = new pool.ParsePool();
       parsers.grow(1);
       const after = pool.earlyParserWaiting();
       const parsed = await parsers.run([JSON.parse(process.argv[2])], async () => {});
       await parsers.close();
       const { status, lines, runCount, eventCount } = parsed.results[0];
       console.log(JSON.stringify({ before, after, status, lines, runCount, eventCount, eventRows: parsed.events[0].length }));`,
      JSON.stringify(task),
    );
    expect(JSON.parse(output)).toEqual({ before: true, after: false, status: "ok", lines: 7, runCount: 1, eventCount: 7, eventRows: 7 });
  });

  it("holds no process open that never needs it", () => {
    // Without a pool the thread is never asked for anything: a thread that kept its process
    // alive would have it killed here after 10 s.
    const output = withPool(`pool.startParserEarly(); console.log(pool.earlyParserWaiting());`);
    expect(output.trim()).toBe("true");
  });

  it("starts for a new database that ends up with nothing to parse, or fails to open, and the command ends", async () => {
    const folder = tempDir();
    const empty = path.join(folder, "empty");
    mkdirSync(empty);
    const db = dbIn(folder);
    const nothing = await runCli(["ingest", "--db", db, empty]);
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stderr).toContain("ingested 0 file(s), 0 unchanged");
    expect(await sql(db, "SELECT count(*)::INTEGER AS files FROM files")).toEqual([{ files: 0 }]);

    const nowhere = path.join(folder, "no such folder", "smslog.duckdb");
    const failed = await runCli(["ingest", "--db", nowhere, empty]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${nowhere}: cannot open database`);
    expect(existsSync(nowhere)).toBe(false);
  });
});
