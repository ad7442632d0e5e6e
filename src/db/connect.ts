/** Opening the database: one writer at a time, readers that cannot change anything. */
import { access } from "node:fs/promises";
import { SmslogError } from "../errors.js";
import { api, type DuckDBConnection } from "./duckdb.js";
import { DROP_SQL, SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";

const { DuckDBInstance } = api;

export interface Database {
  path: string;
  connection: DuckDBConnection;
  /** Write mode only: the schema version of an older smslog's database, emptied to be rebuilt; else null. */
  upgradedFrom: string | null;
  close(): void;
}

export const DEFAULT_DB = "smslog.duckdb";

export function databasePath(option: string | undefined): string {
  return option ?? process.env.SMSLOG_DB ?? DEFAULT_DB;
}

/** Settings that keep a read-only session from reaching anything but the database itself. */
const READ_ONLY_SETTINGS: Record<string, string> = {
  access_mode: "READ_ONLY",
  enable_external_access: "false",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
};

/**
 * Bounds the writer's DuckDB memory, which would otherwise grow to 80% of the machine for
 * its caches. (SMSLOG_MEMORY_LIMIT overrides, e.g. "2GB".)
 */
const WRITE_SETTINGS: Record<string, string> = {
  memory_limit: process.env.SMSLOG_MEMORY_LIMIT ?? "384MB",
};

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
  return new SmslogError("DB_INVALID", `${path}: cannot open database (${message})`);
}

/**
 * - `read`: read-only, and no statement can reach files, extensions or other databases;
 * - `export`: read-only, but may write files (COPY ... TO) for `smslog export`;
 * - `write`: the one writer; creates the database and its tables when missing.
 */
export type OpenMode = "read" | "export" | "write";

async function storedVersion(connection: DuckDBConnection): Promise<string | null> {
  const hasMeta = await connection.runAndReadAll(
    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'smslog_meta' AND schema_name = 'main'",
  );
  if (Number(hasMeta.getRows()[0][0]) === 0) return null;
  const version = await connection.runAndReadAll("SELECT value FROM smslog_meta WHERE key = 'schema_version'");
  return (version.getRows()[0]?.[0] as string | undefined) ?? null;
}

/**
 * Creates the tables and views when the database lacks them. A database made by an older
 * smslog is rebuilt: its rows are derived from the logs, which the next ingest reads again
 * (`upgradedFrom` names its version). A database already current is not written to: every
 * write would make closing it checkpoint, which costs more than a re-ingest of an unchanged share.
 */
async function ensureSchema(connection: DuckDBConnection): Promise<{ upgradedFrom: string | null }> {
  const version = await storedVersion(connection);
  if (version === String(SCHEMA_VERSION)) return { upgradedFrom: null };
  if (version !== null) await connection.run(DROP_SQL);
  await connection.run(SCHEMA_SQL);
  await connection.run(
    `DELETE FROM smslog_meta WHERE key = 'schema_version'; INSERT INTO smslog_meta VALUES ('schema_version', '${SCHEMA_VERSION}')`,
  );
  return { upgradedFrom: version };
}

/** Readers refuse a database whose tables mean something else than this version's. */
async function checkVersion(path: string, connection: DuckDBConnection): Promise<void> {
  const version = await storedVersion(connection);
  if (version === String(SCHEMA_VERSION)) return;
  throw new SmslogError(
    "DB_INVALID",
    `${path} was made by ${version === null ? "something other than smslog" : `an older smslog (schema ${version})`}`,
    "run `smslog ingest PATH...` on it to rebuild it from the logs",
  );
}

export async function openDatabase(path: string, mode: OpenMode): Promise<Database> {
  if (mode !== "write") {
    try {
      await access(path);
    } catch {
      throw new SmslogError("DB_MISSING", `no database at ${path}`, "run `smslog ingest PATH...` first, or point --db (or SMSLOG_DB) at one");
    }
  }
  let instance: InstanceType<typeof DuckDBInstance>;
  try {
    const settings = mode === "read" ? READ_ONLY_SETTINGS : mode === "export" ? { access_mode: "READ_ONLY" } : WRITE_SETTINGS;
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
    throw error;
  }
  return {
    path,
    connection,
    upgradedFrom,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
