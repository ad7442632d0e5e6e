import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli } from "./helpers/cli.js";
import { dbIn, ingestShare } from "./helpers/db.js";
import { blockedRun, headers, makeShare, tempDir } from "./helpers/share.js";

/** Sorts 20 million strings: far more than 64 MB, so DuckDB must spill to its temp folder. */
const SPILLING_SQL =
  "SELECT count(*) AS n, max(s) AS top FROM (SELECT md5(i::VARCHAR) || repeat('x', 40) AS s FROM range(20000000) t(i) ORDER BY s DESC)";
/** Ten billion rows: never finishes within a test. */
const ENDLESS_SQL = "SELECT sum(a.range * b.range) FROM range(100000) a, range(100000) b";

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |unexpected error/);

/** Every file under `dir`, relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));

describe("bounded read-only queries", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = tempDir("smslog-bounded-");
    db = dbIn(dir);
    const ingested = await ingestShare(db, makeShare({ "WKS1.log": headers("04/12/1999", " 8:15a") + blockedRun() }));
    expect(ingested.code, ingested.stderr).toBe(0);
  });

  it("sets DuckDB's memory limit from --memory (1 GB by default) and refuses a size it cannot read with exit 2", async () => {
    const setting = "SELECT current_setting('memory_limit') AS memory_limit";
    const byDefault = await runCli(["query", "--db", db, "--format", "json", setting]);
    expect(JSON.parse(byDefault.stdout)).toEqual([{ memory_limit: "953.6 MiB" }]);
    const given = await runCli(["query", "--db", db, "--memory", "512MB", "--format", "json", setting]);
    expect(JSON.parse(given.stdout)).toEqual([{ memory_limit: "488.2 MiB" }]);

    for (const bad of ["lots", "12x", "0MB", "2 G", ""]) {
      const result = await runCli(["query", "--db", db, "--memory", bad, "SELECT 1"]);
      expect(result.code, bad).toBe(2);
      expect(result.stderr, bad).toContain(`smslog: --memory takes a size such as 512MB or 2GB, not "${bad}"`);
    }
  });

  it("keeps DuckDB's own checkpoints off and writes each table's row groups as they fill in a --write session, and its defaults in a read one", async () => {
    const settings = "SELECT current_setting('checkpoint_threshold') AS checkpoint, current_setting('write_buffer_row_group_count') AS buffered";
    const write = await runCli(["query", "--db", db, "--write", "--format", "json", settings]);
    expect(JSON.parse(write.stdout), write.stderr).toEqual([{ checkpoint: "953.6 MiB", buffered: 1 }]);
    // A read session writes nothing, so it keeps DuckDB's defaults.
    const read = await runCli(["query", "--db", db, "--format", "json", settings]);
    expect(JSON.parse(read.stdout), read.stderr).toEqual([{ checkpoint: "16.0 MiB", buffered: 5 }]);
  });

  it("refuses an invalid SMSLOG_MEMORY_LIMIT with exit 2 and a plain message", async () => {
    const share = makeShare({ "WKS1.log": blockedRun() });
    const result = await runCli(["ingest", "--db", dbIn(tempDir()), share], { env: { SMSLOG_MEMORY_LIMIT: "plenty" } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('smslog: SMSLOG_MEMORY_LIMIT takes a size such as 512MB or 2GB, not "plenty"');
  });

  it("cancels a query that runs past --timeout with exit 1 and says it timed out", async () => {
    const started = performance.now();
    const result = await runCli(["query", "--db", db, "--timeout", "1", ENDLESS_SQL]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("smslog: the query timed out: it ran longer than 1 s and was cancelled");
    noStack(result.stderr);
    // Cancelled, not run to the end (that takes minutes); a loaded machine gets slack.
    expect(performance.now() - started).toBeLessThan(30_000);

    const bad = await runCli(["query", "--db", db, "--timeout", "soon", "SELECT 1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timeout takes a number of seconds (0: no limit), not "soon"');
  });

  it("spills only into its own temp folder, and leaves nothing behind when killed by SIGTERM mid-query", async () => {
    // TMPDIR is the test's own folder: the private spill folder is made in it.
    const tmp = tempDir("smslog-tmpdir-");
    const query = startCli(["query", "--db", db, "--memory", "64MB", "--timeout", "0", SPILLING_SQL], { TMPDIR: tmp });
    // Wait until DuckDB has spilled (a file in the private folder), then stop it.
    let spilled: string[] = [];
    const deadline = Date.now() + 90_000;
    while (spilled.length === 0 && Date.now() < deadline && query.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      spilled = filesUnder(tmp);
    }
    expect(spilled.length, query.output.stderr).toBeGreaterThan(0);
    expect(spilled[0]).toMatch(new RegExp(`^smslog-${query.child.pid}-[^/]+/spill/duckdb_temp_`));
    query.child.kill("SIGTERM");
    const ended = await query.exited;

    // It dies of the signal, as it would without a handler, after removing its folder.
    expect(ended.signal, `exit code ${ended.code}; stderr: ${query.output.stderr}`).toBe("SIGTERM");
    expect(readdirSync(tmp)).toEqual([]);
    // Nothing beside the database either (DuckDB's own default is <database>.tmp there).
    expect(readdirSync(dir).sort()).toEqual(["test.duckdb"]);
  }, 120_000);

  it("refuses CALL enable_logging(storage='file') cleanly instead of aborting, however the call is spelled", async () => {
    const logs = path.join(dir, "logs");
    const direct = await runCli(["query", "--db", db, `CALL enable_logging(storage='file', storage_path='${logs}')`]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain("smslog: enable_logging is refused: a read-only query may not change DuckDB's logging");
    noStack(direct.stderr);

    // Built as text at run time, the call reaches DuckDB: the session is found poisoned
    // afterwards and given up, where closing it would abort the process (exit 134).
    const hidden = `SELECT * FROM query('SELECT * FROM enable_' || 'logging(storage=''file'', storage_path=''${logs}'')'); SELECT 42`;
    const built = await runCli(["query", "--db", db, hidden]);
    expect(built.code).toBe(1);
    expect(built.stderr).toContain("smslog: the query switched DuckDB's logging to a file, which a read-only query may not write");
    noStack(built.stderr);

    expect(existsSync(logs)).toBe(false);
    const after = await runCli(["query", "--db", db, "--format", "json", "SELECT count(*) AS runs FROM runs WHERE run_no > 0"]);
    expect(JSON.parse(after.stdout)).toEqual([{ runs: 1 }]);
  });

  it("never installs or loads an extension on its own, in a read or a --write session", async () => {
    // DuckDB would install extensions under $HOME/.duckdb: give it an empty one to watch.
    const home = tempDir("smslog-home-");
    for (const mode of [[], ["--write"]]) {
      const settings = await runCli(
        [
          "query",
          "--db",
          db,
          ...mode,
          "--format",
          "json",
          "SELECT current_setting('autoinstall_known_extensions') AS install, current_setting('autoload_known_extensions') AS load",
        ],
        { env: { HOME: home } },
      );
      expect(JSON.parse(settings.stdout), mode.join(" ")).toEqual([{ install: false, load: false }]);
      // spatial is not built in: the query fails saying it is not loaded, and nothing is fetched.
      const spatial = await runCli(["query", "--db", db, ...mode, "SELECT ST_Point(1, 2)"], { env: { HOME: home } });
      expect(spatial.code, mode.join(" ")).toBe(1);
      expect(spatial.stderr).toMatch(/st_point.* is not in the catalog, but it exists in the spatial extension/i);
      noStack(spatial.stderr);
    }
    expect(readdirSync(home)).toEqual([]);
  });
});
