import { Command, Option } from "commander";
import type { AffectedStatus } from "../../query/affected.js";
import { windowBound } from "../../query/window.js";
import { PCMSVC32_FIX } from "../../query/remedy.js";
import type { Format } from "../../render/formats.js";
import type { Plain } from "../../query/values.js";
import { dbOption, emit, formatOption, outputOption, positiveInt, preloadRendering, withDatabase } from "./shared.js";

interface AffectedCliOptions {
  db?: string;
  exe: string;
  minRuns: number;
  since?: string;
  until?: string;
  status: AffectedStatus;
  format?: Format;
  output?: string;
}

export function affectedCommand(): Command {
  return new Command("affected")
    .description("hosts repeatedly reporting 'Client component in use' for an executable, worst first")
    .addOption(dbOption())
    .option("--exe <name>", "the executable that blocks the upgrade (case-insensitive)", "pcmsvc32.exe")
    .option("--min-runs <n>", "blocked runs a host needs to be listed", positiveInt("--min-runs"), 2)
    .option("--since <date>", "only runs from this date or time on (YYYY-MM-DD[THH:MM[:SS]])")
    .option("--until <date>", "only runs up to this date (the whole day) or time")
    .addOption(new Option("--status <status>", "which hosts").choices(["all", "blocked", "recovered"]).default("all"))
    .addOption(formatOption(["list"]).choices(["table", "csv", "json", "ndjson", "markdown", "list"]))
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
A run is blocked for EXE when it reported "Warning: Client component in use." and
"Client executable active: EXE". status is "blocked" when the host's latest run is
blocked for EXE, else "recovered"; streak counts the blocked runs ending at the latest.
--format list prints host names only, one a line, for a remediation script.`,
    )
    .action(async (options: AffectedCliOptions) => {
      const query = {
        exe: options.exe,
        minRuns: options.minRuns,
        since: windowBound(options.since, "since"),
        until: windowBound(options.until, "until"),
        status: options.status,
      };
      const { AFFECTED_COLUMNS, affectedHosts } = await import("../../query/affected.js");
      preloadRendering();
      const rows = await withDatabase(options.db, "read", (db) => affectedHosts(db, query));
      await emit({ columns: [...AFFECTED_COLUMNS], rows: rows as unknown as Record<string, Plain>[] }, options);
      const shownAsTable = options.output === undefined && (options.format ?? (process.stdout.isTTY ? "table" : "csv")) === "table";
      if (shownAsTable) {
        process.stderr.write(`\n${rows.length} affected host(s) for ${options.exe.toLowerCase()}.\n`);
        if (options.exe.toLowerCase() === "pcmsvc32.exe" && rows.length > 0) process.stderr.write(`${PCMSVC32_FIX}\n`);
      }
    });
}
