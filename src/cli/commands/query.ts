import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { checkMemorySize, DEFAULT_READ_MEMORY, DEFAULT_TIMEOUT_SECONDS } from "../../db/limits.js";
import { BadOptionError, errnoCode, SmslogError } from "../../errors.js";
import { findNamedQuery, NAMED_QUERIES } from "../../query/catalog.js";
import type { Format } from "../../render/formats.js";
import { dbOption, emit, formatOption, outputOption, preloadRendering, withDatabase } from "./shared.js";

interface QueryCliOptions {
  db?: string;
  file?: string;
  write?: boolean;
  list?: boolean;
  format?: Format;
  output?: string;
  memory: string;
  timeout: number;
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new BadOptionError(`--timeout takes a number of seconds (0: no limit), not "${value}"`);
  return n;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function sqlToRun(argument: string | undefined, options: QueryCliOptions): Promise<string> {
  if (argument !== undefined && options.file !== undefined) throw new BadOptionError("give SQL either as an argument or with -f, not both");
  if (options.file !== undefined) {
    try {
      return await readFile(options.file, "utf8");
    } catch (error) {
      throw new SmslogError("UNREADABLE_FILE", `cannot read ${options.file}: ${errnoCode(error)}`);
    }
  }
  if (argument !== undefined) return findNamedQuery(argument.trim())?.sql ?? argument;
  if (process.stdin.isTTY) throw new BadOptionError("no SQL given", "smslog query 'SELECT ...', smslog query -f FILE, SQL on stdin, or a name from smslog query --list");
  return readStdin();
}

export function queryCommand(): Command {
  return new Command("query")
    .description("run SQL (or a named query) against the database; read-only unless --write")
    .argument("[sql]", "SQL text, or the name of a query from --list (default: read from -f FILE or stdin)")
    .addOption(dbOption())
    .option("-f, --file <file>", "read the SQL from FILE")
    .option("--write", "open the database for writing (otherwise no statement can change it)")
    .option("--list", "list the named queries that ship with smslog")
    .addOption(new Option("--memory <size>", "memory DuckDB may use, e.g. 512MB or 2GB; beyond it, it spills to a private temp folder").default(DEFAULT_READ_MEMORY).argParser((value: string) => checkMemorySize(value, "--memory")))
    .addOption(new Option("--timeout <seconds>", "cancel the query after this long (0: no limit)").default(DEFAULT_TIMEOUT_SECONDS).argParser(seconds))
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (argument: string | undefined, options: QueryCliOptions) => {
      if (options.list) {
        await emit({ columns: ["name", "description", "sql"], rows: NAMED_QUERIES.map((q) => ({ ...q })) }, options);
        return;
      }
      const sql = await sqlToRun(argument, options);
      if (sql.trim() === "") throw new BadOptionError("the SQL is empty");
      const { runUserSql } = await import("../../query/run-sql.js");
      preloadRendering();
      const result = await withDatabase(options.db, options.write ? "write" : "read", (db) => runUserSql(db, sql, options.timeout), { memoryLimit: options.memory });
      await emit(result, options);
    });
}
