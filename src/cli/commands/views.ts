import { Command } from "commander";
import { SmslogError } from "../../errors.js";
import { SCHEMA_SQL } from "../../db/schema.js";
import type { Format } from "../../render/formats.js";
import { writeOut } from "../output.js";
import { dbOption, emit, formatOption, outputOption, preloadRendering, withDatabase } from "./shared.js";

interface ViewCliOptions {
  db?: string;
  exe: string;
  format?: Format;
  output?: string;
}

export function hostCommand(): Command {
  return new Command("host")
    .description("one host's timeline: each run with its time, file, and whether it was blocked")
    .argument("<name>", "NetBIOS host name (case-insensitive)")
    .addOption(dbOption())
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (name: string, options: ViewCliOptions) => {
      const { hostTimeline } = await import("../../query/views.js");
      preloadRendering();
      const result = await withDatabase(options.db, "read", (db) => hostTimeline(db, name));
      if (result.rows.length === 0) throw new SmslogError("NOT_FOUND", `no runs for host ${name.toUpperCase()}`, "smslog query \"SELECT DISTINCT host FROM runs ORDER BY 1\" lists the hosts");
      await emit(result, options);
    });
}

export function summaryCommand(): Command {
  return new Command("summary")
    .description("files, lines, runs, hosts, and affected / still-blocked host counts")
    .addOption(dbOption())
    .option("--exe <name>", "the executable for the affected counts", "pcmsvc32.exe")
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (options: ViewCliOptions) => {
      const { summary } = await import("../../query/views.js");
      preloadRendering();
      const result = await withDatabase(options.db, "read", (db) => summary(db, options.exe));
      await emit(result, options);
    });
}

export function schemaCommand(): Command {
  return new Command("schema").description("print the database schema (tables, columns, views) as SQL").action(async () => {
    await writeOut(SCHEMA_SQL.trimStart());
  });
}
