import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { dbIn, sql } from "./helpers/db.js";
import { blockedRun, headers, makeShare, tempDir } from "./helpers/share.js";

describe("a file that kills its parser thread", () => {
  it("fails alone, with what killed the thread; the other files of its batch are stored", async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 9; i++) files[`WKS0000${i}.log`] = headers("04/12/1999", " 8:15a") + blockedRun();
    files["CRASH.log"] = headers("04/12/1999", " 8:15a") + blockedRun();
    const share = makeShare(files);
    const db = dbIn(tempDir());
    // One thread, and all ten files in one batch: the crash takes the whole batch down with it.
    const result = await runCli(["ingest", "--db", db, "--jobs", "1", share], { env: { SMSLOG_TEST_CRASH_ON: "CRASH.log" } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ingested 9 file\(s\), 0 unchanged, 0 skipped, 1 error\(s\)/);
    expect(result.stderr).toMatch(/CRASH\.log: the parser thread stopped \(exit code 70\) on this file/);
    const stored = await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS file, status, message, runs FROM files ORDER BY file");
    expect(stored.filter((row) => row.status !== "ok")).toEqual([
      { file: "CRASH.log", status: "error", message: "the parser thread stopped (exit code 70) on this file", runs: null },
    ]);
    expect(stored.filter((row) => row.status === "ok").map((row) => row.runs)).toEqual(Array(9).fill(1));
  });
});
