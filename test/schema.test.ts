/**
 * Each table is declared once (src/db/tables.ts) and everything derives from it. These tests
 * hold the declaration to what DuckDB really holds: a fresh database's DESCRIBE, and every
 * column of every table read back by name after an ingest through the real CLI, with values
 * chosen so that any two columns put in each other's place give a different table.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { EVENTS, TABLES, VIEWS, RUNS, SOURCES } from "../src/db/tables.js";
import { RUN_ID_FACTOR } from "../src/db/rows.js";
import { keptTableChange, SCHEMA_VERSION } from "../src/db/schema.js";
import { ColumnsBuilder } from "../src/db/columns-builder.js";
import { createEnumSql, createTableSql, defineEnum, defineTable, describedType, ENUM_NULL, enumColumn } from "../src/db/table-def.js";
import { runCli } from "./helpers/cli.js";
import { dbIn, sql } from "./helpers/db.js";
import { blockedRun, headers, makeShare, setMtime, tempDir, utf16le } from "./helpers/share.js";

const CRLF = "\r\n";
const runId = (fileId: number, runNo: number) => fileId * RUN_ID_FACTOR + runNo;
const lines = (...list: string[]) => list.map((line) => line + CRLF).join("");

describe("the table declarations", () => {
  it("give an ENUM column's values as their index bytes (NULL as ENUM_NULL) and refuse a value that is none of them", () => {
    const letters = defineEnum("letters", ["a", "b"]);
    const table = defineTable("t", "a test table", [enumColumn("letter", letters, "NULL", "a letter")]);
    const builder = new ColumnsBuilder(table);
    builder.columns.letter.push("b", null, "a");
    expect([...(builder.finish()[0] as Uint8Array)]).toEqual([1, ENUM_NULL, 0]);
    builder.columns.letter.push("c" as "a");
    expect(() => builder.finish()).toThrow('"c" is not one of the ENUM letters: a, b');
    expect(() =>
      defineEnum(
        "wide",
        Array.from({ length: ENUM_NULL }, (_, i) => `v${i}`),
      ),
    ).toThrow("at most 254");
  });

  it("match DESCRIBE of a freshly created database: names, types, nullability and order", async () => {
    const db = dbIn(tempDir());
    const created = await runCli(["ingest", "--db", db, tempDir()]);
    expect(created.code, created.stderr).toBe(0);

    const stored = await sql(db, "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name");
    expect(stored.map((row) => row.table_name)).toEqual(TABLES.map((table) => table.name).sort());
    const views = await sql(db, "SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY view_name");
    expect(views.map((row) => row.view_name)).toEqual(VIEWS.map((view) => view.name).sort());

    for (const table of TABLES) {
      const described = await sql(db, `DESCRIBE ${table.name}`);
      expect(
        described.map((row) => ({ name: row.column_name, type: row.column_type, notNull: row.null === "NO" })),
        table.name,
      ).toEqual(table.columns.map((column) => ({ name: column.name, type: describedType(column), notNull: column.notNull })));
    }
    // A view's columns come from runs (`r.x`), and `exe` from unnesting its VARCHAR[].
    for (const view of VIEWS) {
      const described = await sql(db, `DESCRIBE ${view.name}`);
      const typeOf = (name: string) => {
        const column = RUNS.columns.find((declared) => declared.name === name);
        return column === undefined ? "VARCHAR" : describedType(column);
      };
      expect(
        described.map((row) => ({ name: row.column_name, type: row.column_type })),
        view.name,
      ).toEqual(view.columns.map((column) => ({ name: column.name, type: typeOf(column.name) })));
    }
    // An empty share, an empty ledger: its listing is recorded, with no sum (src/db/listing.ts).
    expect(
      await sql(
        db,
        "SELECT key, json_extract(value, '$.ledger_sum')::VARCHAR AS sum, json_extract(value, '$.hosts')::INTEGER AS hosts FROM smslog_meta ORDER BY key",
      ),
    ).toEqual([
      { key: "listing", sum: "null", hosts: 0 },
      { key: "schema_version", sum: null, hosts: null },
    ]);
    expect(await sql(db, "SELECT value FROM smslog_meta WHERE key = 'schema_version'")).toEqual([{ value: String(SCHEMA_VERSION) }]);
  });
});

describe("every column read back by name after an ingest", () => {
  /**
   * A per-host log (two runs: one blocked with an error, one glued and cut short), a client
   * log, a UTF-16 per-user log holding the same logon as the first run, a link to the
   * per-host log, an excluded file, and a log whose name is no NetBIOS name (host_problem).
   */
  function writeShare() {
    const longLine = "x".repeat(70_000);
    const files: Record<string, string | Buffer> = {
      "client/WKS00072.log": lines(
        String.raw`[05/03/99 13:54:28] C:\MS\SMS\BIN\SMSRUN16.EXE ==> Starting execution, command line =  <empty>`,
        String.raw`[05/03/99 13:54:41] C:\MS\SMS\BIN\SMSRUN16.EXE ==> End of main message loop.`,
      ),
      "per-host/WKS00071.log": lines(
        "Mon 04/12/1999",
        " 8:15a",
        "Reading configuration...",
        "Client executable active: pcmsvc32.exe",
        "Warning: Client component in use.",
        "ERROR: 529",
        "",
        "Reading configuration...Verifying Microsoft Systems Management Server client installation.",
        longLine,
      ),
      "per-user/jsmith.log": utf16le(
        lines(
          "COMPUTERNAME=wks00071",
          "Mon 04/12/1999  8:15:00.00",
          "Reading configuration...",
          "Client executable active: PCMSVC32.EXE",
          "Warning: Client component in use.",
          "ERROR: 529",
        ),
      ),
      "skip-me.log": lines("Reading configuration..."),
      "zz/WKS 7.log": lines("Mon 05/03/1999", " 9:00a", "Reading configuration..."),
    };
    const share = makeShare(files);
    mkdirSync(path.join(share, "links"));
    symlinkSync(path.join(share, "per-host/WKS00071.log"), path.join(share, "links/WKS00071.log"));
    setMtime(path.join(share, "client/WKS00072.log"), "1999-05-03T14:00:00Z");
    setMtime(path.join(share, "per-host/WKS00071.log"), "1999-05-01T00:00:00Z");
    // Written before the date in it: the file gets a note in files.message.
    setMtime(path.join(share, "per-user/jsmith.log"), "1999-04-01T00:00:00Z");
    setMtime(path.join(share, "zz/WKS 7.log"), "1999-05-04T00:00:00Z");
    return share;
  }

  it("gives each column its own value in files, runs, events, sources, smslog_meta and blocked_runs", async () => {
    const share = writeShare();
    const db = dbIn(tempDir());
    const pattern = "^per-host/(?<host>[^/.]+)";
    const started = new Date();
    // Away from UTC: columns documented as UTC must not follow the local zone.
    const result = await runCli(
      [
        "ingest",
        "--db",
        db,
        "--host-from",
        "name",
        "--host-pattern",
        pattern,
        "--date-order",
        "mdy",
        "--include",
        "*.log",
        "--exclude",
        "skip*",
        "--follow-links",
        share,
      ],
      { env: { TZ: "America/New_York" } },
    );
    const finished = new Date();
    expect(result.code, result.stderr).toBe(0);

    const file = (rel: string) => path.join(share, rel);
    const bytes = (rel: string) => readFileSync(file(rel));
    const sha1 = (rel: string) => createHash("sha1").update(bytes(rel)).digest("hex");
    const settings = `host-from=name;host-pattern=${pattern};date-order=mdy`;
    // Written by this ingest: between its start and end (UTC, to the millisecond).
    const during = (value: unknown) => {
      const at = new Date(`${value as string}Z`).getTime();
      return at >= Math.floor(started.getTime() / 1000) * 1000 && at <= finished.getTime();
    };

    const files = await sql(db, "SELECT * FROM files ORDER BY file_id");
    for (const row of files) expect(during(row.ingested_at), String(row.ingested_at)).toBe(true);
    const ingestedAt = expect.any(String);
    expect(files).toEqual([
      {
        file_id: 1,
        path: file("client/WKS00072.log"),
        size: bytes("client/WKS00072.log").length,
        mtime: "1999-05-03T14:00:00",
        fingerprint: sha1("client/WKS00072.log"),
        encoding: "windows-1252",
        status: "ok",
        message: null,
        lines: 2,
        runs: 1,
        events: 2,
        settings,
        ingested_at: ingestedAt,
        date_order: "mdy",
        duplicate_of: null,
        link_target: null,
      },
      {
        file_id: 2,
        path: file("links/WKS00071.log"),
        size: bytes("per-host/WKS00071.log").length,
        mtime: "1999-05-01T00:00:00",
        fingerprint: null,
        encoding: null,
        status: "duplicate",
        message: `same file as ${file("per-host/WKS00071.log")} (reached through a symbolic link)`,
        lines: null,
        runs: null,
        events: null,
        settings,
        ingested_at: ingestedAt,
        date_order: null,
        duplicate_of: 3,
        link_target: file("per-host/WKS00071.log"),
      },
      {
        file_id: 3,
        path: file("per-host/WKS00071.log"),
        size: bytes("per-host/WKS00071.log").length,
        mtime: "1999-05-01T00:00:00",
        fingerprint: sha1("per-host/WKS00071.log"),
        encoding: "windows-1252",
        status: "ok",
        message: null,
        lines: 9,
        runs: 2,
        events: 9,
        settings,
        ingested_at: ingestedAt,
        date_order: "mdy",
        duplicate_of: null,
        link_target: null,
      },
      {
        file_id: 4,
        path: file("per-user/jsmith.log"),
        size: bytes("per-user/jsmith.log").length,
        mtime: "1999-04-01T00:00:00",
        fingerprint: sha1("per-user/jsmith.log"),
        encoding: "utf-16le",
        status: "ok",
        message: "1 run(s) dated after the file was last written (first: run 1 at 1999-04-12T08:15:00); check --date-order",
        lines: 6,
        runs: 1,
        events: 6,
        settings,
        ingested_at: ingestedAt,
        date_order: "mdy",
        duplicate_of: null,
        link_target: null,
      },
      {
        file_id: 5,
        path: file("zz/WKS 7.log"),
        size: bytes("zz/WKS 7.log").length,
        mtime: "1999-05-04T00:00:00",
        fingerprint: sha1("zz/WKS 7.log"),
        encoding: "windows-1252",
        status: "ok",
        message: `1 run(s) with a host that is not a NetBIOS name, left out of the answers (first: run 1, "WKS 7" holds a space)`,
        lines: 3,
        runs: 1,
        events: 3,
        settings,
        ingested_at: ingestedAt,
        date_order: "mdy",
        duplicate_of: null,
        link_target: null,
      },
    ]);

    const run = {
      blocked: false,
      active_exes: [],
      verified: false,
      errors: 0,
      warning_line: null,
      signature: expect.any(String),
      duplicate_of: null,
      host_problem: null,
    };
    const runs = await sql(db, "SELECT * FROM runs ORDER BY run_id");
    // The signature is a digest of the message kinds: equal for the same logon, else different.
    const signatures = runs.map((row) => row.signature);
    expect(signatures[1]).toBe(signatures[3]);
    expect(new Set(signatures).size).toBe(4);
    expect(runs).toEqual([
      {
        ...run,
        run_id: runId(1, 1),
        file_id: 1,
        run_no: 1,
        host: "WKS00072",
        host_source: "name",
        started_at: "1999-05-03T13:54:28",
        time_source: "client-log",
        first_line: 1,
        last_line: 2,
        outcome: "inconclusive",
        order_at: "1999-05-03T13:54:28",
      },
      {
        ...run,
        run_id: runId(3, 1),
        file_id: 3,
        run_no: 1,
        host: "WKS00071",
        host_source: "pattern",
        started_at: "1999-04-12T08:15:00",
        time_source: "header",
        first_line: 1,
        last_line: 6,
        blocked: true,
        active_exes: ["pcmsvc32.exe"],
        errors: 1,
        outcome: "blocked",
        order_at: "1999-04-12T08:15:00",
        warning_line: 5,
      },
      {
        ...run,
        run_id: runId(3, 2),
        file_id: 3,
        run_no: 2,
        host: "WKS00071",
        host_source: "pattern",
        started_at: null,
        time_source: null,
        first_line: 8,
        last_line: 9,
        verified: true,
        outcome: "clear",
        order_at: "1999-04-12T08:15:00",
      },
      {
        ...run,
        run_id: runId(4, 1),
        file_id: 4,
        run_no: 1,
        host: "WKS00071",
        host_source: "header",
        started_at: "1999-04-12T08:15:00",
        time_source: "header",
        first_line: 1,
        last_line: 6,
        blocked: true,
        active_exes: ["pcmsvc32.exe"],
        errors: 1,
        outcome: "blocked",
        order_at: "1999-04-12T08:15:00",
        warning_line: 5,
        duplicate_of: runId(3, 1),
      },
      {
        ...run,
        run_id: runId(5, 1),
        file_id: 5,
        run_no: 1,
        host: "WKS 7",
        host_source: "name",
        started_at: "1999-05-03T09:00:00",
        time_source: "header",
        first_line: 1,
        last_line: 3,
        outcome: "inconclusive",
        order_at: "1999-05-03T09:00:00",
        host_problem: "holds a space",
      },
    ]);

    const events = await sql(
      db,
      "SELECT * EXCLUDE (text), length(text) AS text_length, left(text, 40) AS text FROM events ORDER BY file_id, line_no, seq",
    );
    const event = (fileId: number, runNo: number, line: number, kind: string, text: string, fields: Record<string, unknown> = {}) => ({
      file_id: fileId,
      run_id: runId(fileId, runNo),
      line_no: line,
      seq: 0,
      kind,
      message_kind: null,
      exe: null,
      code: null,
      host: null,
      ts: null,
      component: null,
      message: null,
      truncated: false,
      text_length: text.length,
      text: text.slice(0, 40),
      ...fields,
    });
    const smsrun16 = String.raw`C:\MS\SMS\BIN\SMSRUN16.EXE`;
    expect(events).toEqual([
      event(1, 1, 1, "client_log", `[05/03/99 13:54:28] ${smsrun16} ==> Starting execution, command line =  <empty>`, {
        message_kind: "execution_start",
        ts: "1999-05-03T13:54:28",
        component: smsrun16,
        message: "Starting execution, command line =  <empty>",
      }),
      event(1, 1, 2, "client_log", `[05/03/99 13:54:41] ${smsrun16} ==> End of main message loop.`, {
        message_kind: "execution_end",
        ts: "1999-05-03T13:54:41",
        component: smsrun16,
        message: "End of main message loop.",
      }),
      event(3, 1, 1, "header_date", "Mon 04/12/1999"),
      event(3, 1, 2, "header_time", "8:15a"),
      event(3, 1, 3, "config_read", "Reading configuration..."),
      event(3, 1, 4, "executable_active", "Client executable active: pcmsvc32.exe", { exe: "pcmsvc32.exe" }),
      event(3, 1, 5, "component_in_use", "Warning: Client component in use."),
      event(3, 1, 6, "error", "ERROR: 529", { code: 529 }),
      event(3, 2, 8, "config_read", "Reading configuration..."),
      event(3, 2, 8, "verify_install", "Verifying Microsoft Systems Management Server client installation.", { seq: 1 }),
      // Cut to the 64 KiB smslog keeps.
      event(3, 2, 9, "unrecognized", "x".repeat(65_536), { truncated: true }),
      event(4, 1, 1, "header_computername", "COMPUTERNAME=wks00071", { host: "WKS00071" }),
      event(4, 1, 2, "header_datetime", "Mon 04/12/1999  8:15:00.00", { ts: "1999-04-12T08:15:00" }),
      event(4, 1, 3, "config_read", "Reading configuration..."),
      event(4, 1, 4, "executable_active", "Client executable active: PCMSVC32.EXE", { exe: "pcmsvc32.exe" }),
      event(4, 1, 5, "component_in_use", "Warning: Client component in use."),
      event(4, 1, 6, "error", "ERROR: 529", { code: 529 }),
      event(5, 1, 1, "header_date", "Mon 05/03/1999"),
      event(5, 1, 2, "header_time", "9:00a"),
      event(5, 1, 3, "config_read", "Reading configuration..."),
    ]);

    const sources = await sql(db, "SELECT * FROM sources");
    expect(sources).toEqual([
      {
        path: share,
        host_from: "name",
        host_pattern: pattern,
        date_order: "mdy",
        include: ["*.log"],
        exclude: ["skip*"],
        last_ingested: expect.any(String),
        follow_links: true,
      },
    ]);
    expect(during(sources[0].last_ingested), String(sources[0].last_ingested)).toBe(true);

    expect(
      await sql(
        db,
        `SELECT key, CASE WHEN key = 'listing' THEN json_extract(value, '$.hosts')::INTEGER END AS hosts,
                CASE WHEN key = 'listing' THEN json_array_length(value, '$.listed')::INTEGER END AS listed
         FROM smslog_meta ORDER BY key`,
      ),
    ).toEqual([
      // The default answer kept for these rows (src/query/stored-answer.ts): a JSON array, one entry a host;
      // and beside it what `affected` prints for it as CSV and as JSON (src/cli/kept-output.ts).
      { key: expect.stringMatching(/^answer:affected:[0-9a-f]{40}:[^#]+$/), hosts: null, listed: null },
      { key: expect.stringMatching(/^answer:affected:[0-9a-f]{40}:.+#affected\.csv@[0-9a-f]{40}$/), hosts: null, listed: null },
      { key: expect.stringMatching(/^answer:affected:[0-9a-f]{40}:.+#affected\.json@[0-9a-f]{40}$/), hosts: null, listed: null },
      { key: "listing", hosts: 2, listed: 1 },
      { key: "schema_version", hosts: null, listed: null },
    ]);
    expect(await sql(db, "SELECT value FROM smslog_meta WHERE key = 'schema_version'")).toEqual([{ value: String(SCHEMA_VERSION) }]);

    // The copy of the logon (run 4000001) is counted once.
    expect(await sql(db, "SELECT * FROM blocked_runs")).toEqual([
      {
        run_id: runId(3, 1),
        file_id: 3,
        run_no: 1,
        host: "WKS00071",
        started_at: "1999-04-12T08:15:00",
        order_at: "1999-04-12T08:15:00",
        exe: "pcmsvc32.exe",
        warning_line: 5,
      },
    ]);
  });
});

describe("a database made by an older smslog", () => {
  it("is rebuilt by `smslog ingest` with no PATH, from the PATHs its sources table remembers (kept, with follow_links added)", async () => {
    const share = makeShare({ "WKS00012.log": headers("04/12/1999", " 8:15a") + blockedRun() });
    const db = dbIn(tempDir());
    // Schema 2's sources and smslog_meta, a remembered PATH, and a runs table of that layout.
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run(`
      CREATE TABLE sources (path VARCHAR NOT NULL, host_from VARCHAR NOT NULL, host_pattern VARCHAR, date_order VARCHAR NOT NULL,
                            include VARCHAR[] NOT NULL, exclude VARCHAR[] NOT NULL, last_ingested TIMESTAMP);
      INSERT INTO sources VALUES ('${share}', 'name', NULL, 'mdy', ['*.log'], [], TIMESTAMP '1999-05-01 00:00:00');
      CREATE TABLE smslog_meta (key VARCHAR NOT NULL, value VARCHAR);
      INSERT INTO smslog_meta VALUES ('schema_version', '2');
      CREATE TABLE runs (run_id BIGINT NOT NULL, host VARCHAR);
      INSERT INTO runs VALUES (1, 'OLD');`);
    connection.closeSync();
    instance.closeSync();

    const rebuilt = await runCli(["ingest", "--db", db]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toContain("made by an older smslog (schema 2): rebuilding it from the logs");
    expect(await sql(db, "SELECT host, host_problem FROM runs")).toEqual([{ host: "WKS00012", host_problem: null }]);
    expect(await sql(db, "SELECT path, host_from, date_order, include, follow_links FROM sources")).toEqual([
      { path: share, host_from: "name", date_order: "mdy", include: ["*.log"], follow_links: false },
    ]);
    const described = await sql(db, "DESCRIBE sources");
    expect(described.map((row) => row.column_name)).toEqual(SOURCES.columns.map((column) => column.name));
    expect(await sql(db, "SELECT value FROM smslog_meta WHERE key = 'schema_version'")).toEqual([{ value: String(SCHEMA_VERSION) }]);
  });

  /** A database `smslog ingest` made of one blocked run, then changed by `statements` as by hand. */
  async function ingestedThenAltered(statements: string): Promise<string> {
    const share = makeShare({ "WKS00012.log": headers("04/12/1999", " 8:15a") + blockedRun() });
    const db = dbIn(tempDir());
    expect((await runCli(["ingest", "--db", db, share])).code).toBe(0);
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run(statements);
    connection.closeSync();
    instance.closeSync();
    return db;
  }

  it("is rebuilt by `smslog ingest` when its vocabularies differ from this smslog's (a catalog with other event kinds)", async () => {
    // The same schema version, but an event_kind of another catalog: its bytes would name other kinds.
    const olderKinds = defineEnum("older_kinds", ["config_read", "component_in_use"]);
    const olderEvents = {
      ...EVENTS,
      columns: EVENTS.columns.map((column) => (column.name === "kind" ? { ...column, enumType: olderKinds } : column)),
    };
    const db = await ingestedThenAltered(`DROP VIEW blocked_runs; DROP TABLE events; ${createEnumSql(olderKinds)} ${createTableSql(olderEvents)}`);

    const rebuilt = await runCli(["ingest", "--db", db]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toContain(`made by an older smslog (schema ${SCHEMA_VERSION}, other column types): rebuilding it from the logs`);
    const [kind] = await sql(db, "SELECT column_type FROM (DESCRIBE events) WHERE column_name = 'kind'");
    expect(kind.column_type).toBe(describedType(EVENTS.columns.find((column) => column.name === "kind")!));
    expect(
      await sql(
        db,
        "SELECT kind, count(*)::INTEGER AS n FROM events WHERE kind IN ('config_read', 'component_in_use', 'header_date') GROUP BY kind ORDER BY kind::VARCHAR",
      ),
    ).toEqual([
      { kind: "component_in_use", n: 1 },
      { kind: "config_read", n: 1 },
      { kind: "header_date", n: 1 },
    ]);
    // Unchanged since: the next ingest reads nothing and rebuilds nothing.
    const again = await runCli(["ingest", "--db", db]);
    expect(again.stderr).not.toContain("rebuilding");
    expect(again.stderr).toContain("0 file(s), 1 unchanged");
  });

  it("is rebuilt by `smslog ingest` when a table of its version is missing (dropped by hand)", async () => {
    const db = await ingestedThenAltered("DROP VIEW blocked_runs; DROP TABLE runs");

    const rebuilt = await runCli(["ingest", "--db", db]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toContain(`made by an older smslog (schema ${SCHEMA_VERSION}, other column types): rebuilding it from the logs`);
    expect(await sql(db, "SELECT host, run_no, outcome FROM runs")).toEqual([{ host: "WKS00012", run_no: 1, outcome: "blocked" }]);
  });

  it("keeps a kept table's rows when only columns that may be NULL were added at its end, and empties it otherwise", () => {
    const stored = (count: number) =>
      SOURCES.columns.slice(0, count).map((column) => ({ name: column.name, type: column.type, notNull: column.notNull }));
    const all = SOURCES.columns.length;
    expect(keptTableChange(SOURCES, stored(all))).toEqual([]);
    expect(keptTableChange(SOURCES, stored(all - 1))).toEqual(["ALTER TABLE sources ADD COLUMN follow_links BOOLEAN;"]);
    // A NOT NULL column cannot be added to rows that exist; a column of another type or name means the table changed.
    expect(keptTableChange(SOURCES, stored(4))[0]).toBe("DROP TABLE sources;");
    const retyped = stored(all).map((column) => (column.name === "date_order" ? { ...column, type: "INTEGER" } : column));
    expect(keptTableChange(SOURCES, retyped)[0]).toBe("DROP TABLE sources;");
    expect(keptTableChange(SOURCES, [...stored(all), { name: "gone", type: "VARCHAR", notNull: false }])[0]).toBe("DROP TABLE sources;");
  });
});
