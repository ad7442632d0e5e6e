import { Command, Option } from "../commander.js";
import { checkMemorySize, DEFAULT_READ_MEMORY, DEFAULT_TIMEOUT_SECONDS } from "../../db/limits.js";
import { BadOptionError } from "../../errors.js";
import { readWholeFile, readWholeStream } from "../../parse/read-whole.js";
import { findNamedQuery, NAMED_QUERIES, namedQueryValues, paramsText } from "../../query/catalog.js";
import { FORMATS, type Format } from "../../render/formats.js";
import { chooseFormat, crlfOptions, dbOption, emit, formatOption, outputOption, preloadRendering, withDatabase } from "./shared.js";
import { warn } from "../output.js";

interface QueryCliOptions {
  db?: string;
  file?: string;
  write?: boolean;
  list?: boolean;
  param: Record<string, string>;
  format?: Format;
  output?: string;
  crlf?: boolean;
  memory: string;
  timeout: number;
}

/** The SQL to run and, for a named query, the values of its parameters. */
interface Statement {
  sql: string;
  values?: Record<string, string>;
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new BadOptionError(`--timeout takes a number of seconds (0: no limit), not "${value}"`);
  return n;
}

/** `--param NAME=VALUE`, repeatable, gathered into one object. */
function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const match = /^([A-Za-z_]\w*)=(.*)$/s.exec(value);
  if (!match) throw new BadOptionError(`--param takes NAME=VALUE, not "${value}"`, "for example --param exe=wuser32.exe");
  return { ...previous, [match[1]]: match[2] };
}

async function statementToRun(argument: string | undefined, options: QueryCliOptions): Promise<Statement> {
  if (argument !== undefined && options.file !== undefined) throw new BadOptionError("give SQL either as an argument or with -f, not both");
  const named = argument === undefined ? undefined : findNamedQuery(argument.trim());
  if (named) return { sql: named.sql, values: namedQueryValues(named, options.param) };
  if (Object.keys(options.param).length > 0) {
    throw new BadOptionError("--param is for named queries", "smslog query --list names them and their parameters");
  }
  if (options.file !== undefined) {
    // A named pipe is read to its end (-f <(...)); a device that never ends is refused.
    return { sql: (await readWholeFile(options.file)).toString("utf8") };
  }
  if (argument !== undefined) return { sql: argument };
  if (process.stdin.isTTY)
    throw new BadOptionError("no SQL given", "smslog query 'SELECT ...', smslog query -f FILE, SQL on stdin, or a name from smslog query --list");
  return { sql: (await readWholeStream(process.stdin, "standard input")).toString("utf8") };
}

export function queryCommand(): Command {
  const command = new Command("query")
    .description("run SQL (or a named query) against the database; read-only unless --write")
    .argument("[sql]", "SQL text, or the name of a query from --list (default: read from -f FILE or stdin)")
    .addOption(dbOption())
    .option("-f, --file <file>", "read the SQL from FILE")
    .option("--param <name=value>", "a parameter of a named query (repeatable; --list shows each query's, with its default)", collectParam, {})
    .option("--write", "open the database for writing (otherwise no statement can change it)")
    .option("--list", "list the named queries that ship with smslog, one a line (their SQL too with --format json or ndjson)")
    .addOption(
      new Option("--memory <size>", "memory DuckDB may use, e.g. 512MB or 2GB; beyond it, it spills to a private temp folder")
        .default(DEFAULT_READ_MEMORY)
        .argParser((value: string) => checkMemorySize(value, "--memory")),
    )
    .addOption(
      new Option("--timeout <seconds>", "cancel the query after this long (0: no limit)").default(DEFAULT_TIMEOUT_SECONDS).argParser(seconds),
    )
    .addOption(formatOption(["list"]))
    .addOption(outputOption());
  for (const option of crlfOptions()) command.addOption(option);
  return command
    .addHelpText(
      "after",
      `
Named queries take parameters as DuckDB prepared-statement values, never spliced into the
SQL: smslog query blocked-per-day --param exe=wuser32.exe. A parameter the query does not
have is refused (exit 2). --format list prints the first column only, one value a line.`,
    )
    .action(async (argument: string | undefined, options: QueryCliOptions) => {
      const format = chooseFormat(options, [...FORMATS, "list"]);
      if (options.list) {
        // The SQL is for programs (json, ndjson); people get one line per query.
        const withSql = format === "json" || format === "ndjson";
        const rows = NAMED_QUERIES.map((query) => ({
          name: query.name,
          params: paramsText(query),
          description: query.description,
          ...(withSql ? { sql: query.sql } : {}),
        }));
        await emit({ columns: ["name", "params", "description", ...(withSql ? ["sql"] : [])], rows }, options, format);
        return;
      }
      const statement = await statementToRun(argument, options);
      if (statement.sql.trim() === "") throw new BadOptionError("the SQL is empty");
      const { runUserSql } = await import("../../query/run-sql.js");
      preloadRendering();
      const result = await withDatabase(
        options.db,
        options.write ? "write" : "read",
        (db) => runUserSql(db, statement.sql, options.timeout, statement.values),
        { memoryLimit: options.memory },
      );
      await emit(result, options, format);
      if (result.renamed) warn(result.renamed);
    });
}
