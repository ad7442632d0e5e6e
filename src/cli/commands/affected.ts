import { Command, Option } from "../commander.js";
import type { AffectedStatus } from "../../query/affected.js";
import { DEFAULT_MIN_RUNS } from "../../query/defaults.js";
import { readWindow } from "../../query/window.js";
import { fixFor } from "../../query/remedy.js";
import { FORMATS, type Format } from "../../render/formats.js";
import type { Plain } from "../../query/values.js";
import { scriptProblem } from "../../ingest/host-names.js";
import { warn } from "../output.js";
import { keptOutputName } from "../kept-output.js";
import {
  chooseFormat,
  crlfOptions,
  dbOption,
  emit,
  exeOption,
  explainGaps,
  formatOption,
  outputOption,
  positiveInt,
  preloadRendering,
  send,
  windowOptions,
  withDatabase,
} from "./shared.js";

interface AffectedCliOptions {
  db?: string;
  exe: string;
  minRuns: number;
  since?: string;
  until?: string;
  status: AffectedStatus;
  format?: Format;
  output?: string;
  crlf?: boolean;
}

export function affectedCommand(): Command {
  const command = new Command("affected")
    .description("hosts repeatedly reporting 'Client component in use' for an executable, worst first")
    .addOption(dbOption())
    .addOption(exeOption())
    .option("--min-runs <n>", "blocked runs a host needs to be listed", positiveInt("--min-runs"), DEFAULT_MIN_RUNS);
  for (const option of windowOptions()) command.addOption(option);
  command
    .addOption(new Option("--status <status>", "which hosts").choices(["all", "blocked", "recovered"]).default("all"))
    .addOption(formatOption(["list"]))
    .addOption(outputOption());
  for (const option of crlfOptions()) command.addOption(option);
  return command
    .addHelpText(
      "after",
      `
A run is blocked for EXE when it reported "Warning: Client component in use." and
"Client executable active: EXE"; clear of EXE when it reached the check ("Verifying ...
client installation") otherwise; inconclusive when it never reached the check (an error,
cut short). status comes from the host's latest conclusive run; streak counts its blocked
runs back from there, skipping inconclusive ones. evidence is FILE:LINE of the warning of
its latest blocked run. --format list (or -o FILE.txt) prints host names only, one a line,
for a script; lines end in CRLF on Windows (--crlf / --no-crlf to choose). Only names of
ASCII letters, digits, _ - and . (not starting with - or .) are listed; any other name is
left out and named on stderr (it may mean something to a shell or cmd.exe).`,
    )
    .action(async (options: AffectedCliOptions) => {
      const window = readWindow(options);
      const format = chooseFormat(options, [...FORMATS, "list"]);
      const query = { exe: options.exe, minRuns: options.minRuns, ...window, status: options.status };
      const { AFFECTED_COLUMNS, affectedAnswer } = await import("../../query/affected.js");
      // The default question's CSV and JSON are kept rendered (src/cli/kept-output.ts): written out as they are.
      const keptName = keptOutputName(format);
      if (keptName === null) preloadRendering();
      const answer = await withDatabase(options.db, "read", async (db) => {
        await explainGaps(db, options.exe, window);
        return affectedAnswer(db, query, keptName);
      });
      if ("rendered" in answer) return send(answer.rendered, options);
      const rows = answer.hosts;
      // A name is printed for a script only when no shell can read it as anything but a name.
      const printed = format === "list" ? rows.filter((row) => listable(row.host)) : rows;
      await emit({ columns: [...AFFECTED_COLUMNS], rows: printed as unknown as Record<string, Plain>[] }, options, format);
      const shownAsTable = options.output === undefined && format === "table";
      if (shownAsTable) {
        process.stderr.write(`\n${rows.length} affected host(s) for ${options.exe}.\n`);
        const fix = fixFor(options.exe);
        if (fix !== null && rows.length > 0) process.stderr.write(`${fix}\n`);
      }
    });
}

function listable(host: string): boolean {
  const problem = scriptProblem(host);
  if (problem !== null) warn(`left out of the list: ${JSON.stringify(host)} ${problem} (--format csv shows it)`);
  return problem === null;
}
