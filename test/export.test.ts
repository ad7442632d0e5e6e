import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { dbIn, ingestShare, SAMPLES_PATTERN, sql } from "./helpers/db.js";
import { tempDir } from "./helpers/share.js";

const SAMPLES = path.resolve("samples");

/** Every file under `dir` with its content, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, file)] = readFileSync(file).toString("base64");
    }
  }
  return files;
}

const partitions = (out: string) => readdirSync(path.join(out, "events")).sort();

describe("smslog export --parquet", () => {
  it("refuses a folder that is not empty unless --overwrite, and --overwrite only over an earlier export", async () => {
    const dir = tempDir("smslog-export-");
    const db = dbIn(dir);
    expect((await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN])).code).toBe(0);
    const out = path.join(dir, "parquet");
    expect((await runCli(["export", "--db", db, "--parquet", out])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["events", "files.parquet", "ingests.parquet", "runs.parquet", "sources.parquet"]);

    const again = await runCli(["export", "--db", db, "--parquet", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`smslog: ${out} is not empty`);

    // A folder of other things is never replaced, --overwrite or not.
    const mine = path.join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(path.join(mine, "notes.txt"), "keep me");
    const overMine = await runCli(["export", "--db", db, "--parquet", mine, "--overwrite"]);
    expect(overMine.code).toBe(2);
    expect(overMine.stderr).toContain(`smslog: ${mine} holds files smslog export did not write (notes.txt)`);
    expect(readdirSync(mine)).toEqual(["notes.txt"]);
    // Nor is a file.
    const file = path.join(mine, "notes.txt");
    const overFile = await runCli(["export", "--db", db, "--parquet", file, "--overwrite"]);
    expect(overFile.code).toBe(2);
    expect(overFile.stderr).toContain(`smslog: ${file} is a file, not a folder`);
  });

  it("replaces the folder whole with --overwrite: no partition of data since removed is left", async () => {
    const dir = tempDir("smslog-export-");
    const db = dbIn(dir);
    expect((await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN])).code).toBe(0);
    const out = path.join(dir, "parquet");
    expect((await runCli(["export", "--db", db, "--parquet", out])).code).toBe(0);
    const before = partitions(out);

    // The data changes: the per-run logs (and the days only they cover) go.
    expect((await runCli(["forget", "--db", db, path.join(SAMPLES, "per-run")])).code).toBe(0);
    const days = await sql(
      db,
      "SELECT DISTINCT 'date=' || coalesce(strftime(r.started_at, '%Y-%m-%d'), '__HIVE_DEFAULT_PARTITION__') AS day FROM events e LEFT JOIN runs r USING (run_id) ORDER BY day",
    );
    const expected = days.map((row) => row.day as string);
    expect(expected.length).toBeLessThan(before.length);

    const result = await runCli(["export", "--db", db, "--parquet", out, "--overwrite"]);
    expect(result.code, result.stderr).toBe(0);
    expect(partitions(out)).toEqual(expected);
    // The temporary folder beside it is gone.
    expect(readdirSync(dir).filter((name) => name.includes("smslog-export"))).toEqual([]);
    const [back] = await sql(
      db,
      `SELECT (SELECT count(*) FROM read_parquet('${out}/events/*/*.parquet')) AS exported, (SELECT count(*) FROM events) AS stored`,
    );
    expect(back.exported).toBe(back.stored);
  });

  it("leaves the old folder untouched when an export fails", async () => {
    const dir = tempDir("smslog-export-");
    const db = dbIn(dir);
    expect((await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN])).code).toBe(0);
    const out = path.join(dir, "parquet");
    expect((await runCli(["export", "--db", db, "--parquet", out])).code).toBe(0);
    const before = snapshot(out);

    // The database is damaged (garbage over its middle half): the export cannot be made.
    const fd = openSync(db, "r+");
    const size = fstatSync(fd).size;
    writeSync(fd, Buffer.alloc(Math.floor(size / 2), 0x5a), 0, Math.floor(size / 2), Math.floor(size / 4));
    closeSync(fd);
    const result = await runCli(["export", "--db", db, "--parquet", out, "--overwrite"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`smslog: ${db} is damaged`);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.includes("smslog-export"))).toEqual([]);
  });
});
