/** Opening the database: one writer at a time, readers that cannot change anything. */
import { access } from "node:fs/promises";
import { SmslogError } from "../errors.js";
import { api, type DuckDBConnection } from "./duckdb.js";
import { translateFailure } from "./failures.js";
import { DEFAULT_READ_MEMORY, writeMemoryLimit } from "./limits.js";
import { DROP_SQL, keptTableChange, SCHEMA_SQL, SCHEMA_VERSION, storedAsDeclared, type StoredColumn } from "./schema.js";
import type { TableDef } from "./table-def.js";
import { KEPT_ON_REBUILD, SMSLOG_META, TABLES } from "./tables.js";
import { spillFolder } from "./spill.js";

const { DuckDBInstance } = api;

export interface Database {
  path: string;
  mode: OpenMode;
  connection: DuckDBConnection;
  /** Write mode only: the schema version of an older smslog's database, emptied to be rebuilt; else null. */
  upgradedFrom: string | null;
  close(): void;
  /**
   * Never close this session: DuckDB would abort the whole process in its destructor (see
   * session-guards.ts). The process must then end with process.exit, which runs no destructor.
   */
  abandon(): void;
}

/**
 * DuckDB takes these when the instance is made, not later: a read session locks its
 * configuration once open. Their order matters, as DuckDB applies them in turn: it refuses a
 * temp_directory once enable_external_access is off.
 */
function settingsFor(mode: OpenMode, memoryLimit: string | undefined): Record<string, string> {
  const settings: Record<string, string> = {
    // Spill into this process's own folder, never beside the database (spill.ts).
    temp_directory: spillFolder(),
    memory_limit: memoryLimit ?? (mode === "write" ? writeMemoryLimit() : DEFAULT_READ_MEMORY),
    // No mode fetches or loads an extension behind the user's back: a query that needs one
    // that is not built in gets an error naming it.
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  };
  // An ingest checkpoints once, at its end (finish-ingest.ts). DuckDB's own checkpoint after
  // every 16 MB of write-ahead log rewrote the same row groups again and again: one commit of
  // a daily re-ingest (whose deletes fill the log fast) took 2.3 s instead of 0.3 s. The log
  // of what was committed is replayed after a crash, as before.
  if (mode === "write") settings.checkpoint_threshold = "1GB";
  // A table's appended rows go to the database file a row group (122,880 rows) at a time as
  // each fills, not five together: DuckDB kept up to five a table in memory and wrote those
  // left at the commit on the committing thread alone, with the parser idle (the last
  // commit of the benchmark's appended share: 0.17 s). Full ingests, alternating runs: mixed
  // share at 80,000 hosts 460 ms sooner, 15 MiB lower peak (6 runs); at 40,000 155 ms, 8 MiB;
  // appended share 30 ms, 21 MiB (10 runs). Same tables (docs/performance.md).
  if (mode === "write") settings.write_buffer_row_group_count = "1";
  if (mode !== "write") settings.access_mode = "READ_ONLY";
  // A read session reaches nothing but the database (and its spill folder): no files, no
  // extensions, no other databases.
  if (mode === "read") settings.enable_external_access = "false";
  return settings;
}

function translateOpenError(path: string, error: unknown): SmslogError {
  const message = error instanceof Error ? error.message : String(error);
  const lock = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(message);
  if (lock) {
    return new SmslogError(
      "DB_LOCKED",
      `${path} is in use by another process (${lock[1]}, PID ${lock[2]})`,
      "smslog allows one writer at a time; wait for the running ingest to finish and try again",
    );
  }
  if (/not a valid DuckDB database|Unrecognized file|file is not a/i.test(message)) {
    return new SmslogError("DB_INVALID", `${path} is not a DuckDB database`, "point --db (or SMSLOG_DB) at a database made by smslog ingest");
  }
  return translateFailure(error, path) ?? new SmslogError("DB_INVALID", `${path}: cannot open database (${message})`);
}

/**
 * - `read`: read-only, and no statement can reach files, extensions or other databases;
 * - `export`: read-only, but may write files (COPY ... TO) for `smslog export`;
 * - `write`: the one writer; creates the database and its tables when missing.
 */
export type OpenMode = "read" | "export" | "write";

/** The names of the tables in the database's main schema. */
async function storedTables(connection: DuckDBConnection): Promise<ReadonlySet<string>> {
  const reader = await connection.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'");
  return new Set(reader.getRows().map(([name]) => String(name)));
}

async function storedVersion(connection: DuckDBConnection, tables: ReadonlySet<string>): Promise<string | null> {
  if (!tables.has(SMSLOG_META.name)) return null;
  const version = await connection.runAndReadAll("SELECT value FROM smslog_meta WHERE key = 'schema_version'");
  return (version.getRows()[0]?.[0] as string | undefined) ?? null;
}

/**
 * The columns of these tables as DuckDB holds them, by table, in column order (one query;
 * none for a table not there). From each table's pragma_table_info: duckdb_columns() lists
 * every column of every catalog first, 21-32 ms against 3-8 ms at each ingest's start.
 */
async function storedColumns(
  connection: DuckDBConnection,
  tables: readonly TableDef[],
  existing: ReadonlySet<string>,
): Promise<Map<string, StoredColumn[]>> {
  const byTable = new Map<string, StoredColumn[]>(tables.map((table) => [table.name, []]));
  const present = tables.filter((table) => existing.has(table.name));
  if (present.length === 0) return byTable;
  const reader = await connection.runAndReadAll(
    present
      .map((table) => `SELECT '${table.name}' AS table_name, cid, name, type, "notnull" FROM pragma_table_info('${table.name}')`)
      .join(" UNION ALL ") + " ORDER BY table_name, cid",
  );
  for (const [table, , name, type, notNull] of reader.getRowsJS()) {
    byTable.get(String(table))!.push({ name: String(name), type: String(type), notNull: notNull === true });
  }
  return byTable;
}

/** The tables a rebuild derives again from the logs. */
const DERIVED = TABLES.filter((table) => !KEPT_ON_REBUILD.includes(table));

/**
 * The derived tables' columns as stored differ from their declarations: a database of this
 * schema version made by a smslog whose vocabularies (the ENUMs: event kinds of another
 * catalog) were others. Its rows would be read with the wrong names.
 */
async function storedColumnsDiffer(connection: DuckDBConnection, existing: ReadonlySet<string>): Promise<boolean> {
  const stored = await storedColumns(connection, DERIVED, existing);
  return DERIVED.some((table) => !storedAsDeclared(table, stored.get(table.name)!));
}

/**
 * Creates the tables and views when the database lacks them. A database made by an older
 * smslog, or by one with other vocabularies (storedColumnsDiffer), is rebuilt: its rows are
 * derived from the logs, which the next ingest reads again (`upgradedFrom` names its
 * version); the tables of KEPT_ON_REBUILD keep their rows, and gain the columns added since.
 * A database already current is not written to: every write would make closing it
 * checkpoint, which costs more than a re-ingest of an unchanged share.
 */
async function ensureSchema(connection: DuckDBConnection): Promise<{ upgradedFrom: string | null }> {
  const existing = await storedTables(connection);
  let version = await storedVersion(connection, existing);
  if (version === String(SCHEMA_VERSION)) {
    if (!(await storedColumnsDiffer(connection, existing))) return { upgradedFrom: null };
    version = `${version}, other column types`;
  }
  if (version !== null) await connection.run(DROP_SQL);
  await connection.run(SCHEMA_SQL);
  if (version !== null) {
    // The kept tables are brought to this version's columns.
    const kept = await storedColumns(connection, KEPT_ON_REBUILD, await storedTables(connection));
    for (const table of KEPT_ON_REBUILD) for (const statement of keptTableChange(table, kept.get(table.name)!)) await connection.run(statement);
  }
  await connection.run(
    `DELETE FROM smslog_meta WHERE key = 'schema_version'; INSERT INTO smslog_meta VALUES ('schema_version', '${SCHEMA_VERSION}')`,
  );
  return { upgradedFrom: version };
}

/** Readers refuse a database whose tables mean something else than this version's. */
async function checkVersion(path: string, connection: DuckDBConnection): Promise<void> {
  const version = await storedVersion(connection, await storedTables(connection));
  if (version === String(SCHEMA_VERSION)) return;
  throw new SmslogError(
    "DB_INVALID",
    `${path} was made by ${version === null ? "something other than smslog" : `an older smslog (schema ${version})`}`,
    "run `smslog ingest PATH...` on it to rebuild it from the logs",
  );
}

export interface OpenOptions {
  /** DuckDB's memory limit, e.g. "512MB" (checked by limits.ts); default by mode. */
  memoryLimit?: string;
}

export async function openDatabase(path: string, mode: OpenMode, options: OpenOptions = {}): Promise<Database> {
  if (mode !== "write") {
    try {
      await access(path);
    } catch {
      throw new SmslogError("DB_MISSING", `no database at ${path}`, "run `smslog ingest PATH...` first, or point --db (or SMSLOG_DB) at one");
    }
  }
  const settings = settingsFor(mode, options.memoryLimit);
  let instance: InstanceType<typeof DuckDBInstance>;
  try {
    instance = await DuckDBInstance.create(path, settings);
  } catch (error) {
    throw translateOpenError(path, error);
  }
  const connection = await instance.connect();
  let upgradedFrom: string | null = null;
  try {
    if (mode === "write") {
      upgradedFrom = (await ensureSchema(connection)).upgradedFrom;
    } else {
      await checkVersion(path, connection);
      // Settings may no longer change: no SET or PRAGMA can re-enable file access.
      if (mode === "read") await connection.run("SET lock_configuration = true");
    }
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw translateFailure(error, path) ?? error;
  }
  let abandoned = false;
  return {
    path,
    mode,
    connection,
    upgradedFrom,
    close() {
      if (abandoned) return;
      connection.closeSync();
      instance.closeSync();
    },
    abandon() {
      abandoned = true;
    },
  };
}
