import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { contentChecksum, dbIn, ingestShare } from "./helpers/db.js";
import { blockedRun, headers, makeShare, tempDir } from "./helpers/share.js";

describe("read-only query", () => {
  let dir: string;
  let db: string;
  let before: Record<string, unknown>;
  beforeAll(async () => {
    dir = tempDir("smslog-ro-");
    db = dbIn(dir);
    await ingestShare(db, makeShare({ "WKS1.log": headers("04/12/1999", " 8:15a") + blockedRun() }));
    before = await contentChecksum(db);
  });

  const attempts = (outside: string) => [
    "DELETE FROM runs",
    "UPDATE files SET status = 'x'",
    "INSERT INTO smslog_meta VALUES ('a', 'b')",
    "DROP TABLE events",
    "CREATE TABLE t (x INTEGER)",
    "ALTER TABLE runs ADD COLUMN x INTEGER",
    `ATTACH '${outside}.duckdb' AS other`,
    `COPY runs TO '${outside}.csv'`,
    `EXPORT DATABASE '${outside}-export'`,
    "INSTALL httpfs",
    "LOAD httpfs",
    "PRAGMA enable_external_access",
    "SET enable_external_access = true",
    "SET access_mode = 'READ_WRITE'",
    `SELECT * FROM read_csv('${outside}.csv')`,
  ];

  it("refuses every statement that would change the database or reach outside it", async () => {
    const outside = path.join(dir, "outside");
    writeFileSync(`${outside}.csv`, "a\n1\n");
    const results = await Promise.all(
      attempts(outside).map((statement) => runCli(["query", "--db", db, statement]).then((r) => ({ statement, ...r }))),
    );
    for (const result of results) {
      expect(result.code, `${result.statement} was not refused: ${result.stdout}`).toBe(1);
      expect(result.stderr, result.statement).toMatch(/^smslog: /);
      expect(result.stderr, result.statement).not.toMatch(/\n\s+at /);
    }
    expect(await contentChecksum(db)).toEqual(before);
  });

  it("lets --write change it", async () => {
    const copy = path.join(dir, "copy.duckdb");
    await ingestShare(copy, makeShare({ "WKS1.log": blockedRun() }));
    const result = await runCli(["query", "--db", copy, "--write", "--format", "json", "DELETE FROM events RETURNING kind"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(5);
  });

  it("gives a clear error for a --db that is not a database", async () => {
    const notDb = path.join(dir, "notes.txt");
    writeFileSync(notDb, "these are not the tables you are looking for\n".repeat(200));
    for (const command of [["query", "SELECT 1"], ["affected"], ["ingest", dir]]) {
      const result = await runCli([...command, "--db", notDb]);
      expect(result.code, command.join(" ")).toBe(1);
      expect(result.stderr).toContain(`${notDb} is not a DuckDB database`);
    }
  });
});
