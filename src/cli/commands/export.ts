import { Command } from "../commander.js";
import { BadOptionError } from "../../errors.js";
import { dbOption, withDatabase } from "./shared.js";

export function exportCommand(): Command {
  return new Command("export")
    .description("write the tables as Parquet files (events partitioned by date) for DuckDB, Spark or Trino")
    .addOption(dbOption())
    .requiredOption(
      "--parquet <dir>",
      "folder to write files.parquet, runs.parquet, sources.parquet, ingests.parquet and events/date=YYYY-MM-DD/*.parquet; it must be new or empty",
    )
    .option("--overwrite", "replace the folder when it holds something (all of it: nothing stale is kept)")
    .addHelpText(
      "after",
      `
The folder is written whole or not at all: the files go to a temporary folder beside it,
renamed into place when complete; a failed export leaves the old folder as it was.`,
    )
    .action(async (options: { db?: string; parquet: string; overwrite?: boolean }) => {
      if (options.parquet.trim() === "") throw new BadOptionError("--parquet needs a folder");
      const { exportParquet } = await import("../../db/export.js");
      const written = await withDatabase(options.db, "export", (db) => exportParquet(db, options.parquet, { overwrite: options.overwrite === true }));
      process.stderr.write(`smslog: exported ${written.files} files, ${written.runs} runs, ${written.events} events to ${options.parquet}\n`);
    });
}
