import { Command } from "commander";
import { BadOptionError } from "../../errors.js";
import { dbOption, withDatabase } from "./shared.js";

export function exportCommand(): Command {
  return new Command("export")
    .description("write the tables as Parquet files (events partitioned by date) for DuckDB, Spark or Trino")
    .addOption(dbOption())
    .requiredOption("--parquet <dir>", "folder to write files.parquet, runs.parquet and events/date=YYYY-MM-DD/*.parquet")
    .action(async (options: { db?: string; parquet: string }) => {
      if (options.parquet.trim() === "") throw new BadOptionError("--parquet needs a folder");
      const { exportParquet } = await import("../../db/export.js");
      const written = await withDatabase(options.db, "export", (db) => exportParquet(db, options.parquet));
      process.stderr.write(`smslog: exported ${written.files} files, ${written.runs} runs, ${written.events} events to ${options.parquet}\n`);
    });
}
