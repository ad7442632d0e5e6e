import { Command } from "../commander.js";
import { readWindow } from "../../query/window.js";
import { chooseFormat, dbOption, emit, formatOption, outputOption, preloadRendering, windowOptions, withDatabase } from "./shared.js";
import type { Format } from "../../render/formats.js";
import { warn } from "../output.js";

interface GrepCliOptions {
  db?: string;
  host?: string;
  since?: string;
  until?: string;
  kind?: string[];
  caseSensitive?: boolean;
  format?: Format;
  output?: string;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function grepCommand(): Command {
  const command = new Command("grep")
    .description("log lines matching a regular expression, with host, time and FILE:LINE: findstr over the share, from the database")
    .argument("<pattern>", "regular expression (RE2), case-insensitive unless --case-sensitive")
    .addOption(dbOption())
    .option("--host <name>", "only this host's lines (any case)");
  for (const option of windowOptions()) command.addOption(option);
  return command
    .option("--kind <kind>", "only lines with an event of this kind (repeatable; see the README's event kinds)", collect)
    .option("--case-sensitive", "match case as written (default: any case, like findstr /i)")
    .addOption(formatOption())
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
Each line as it was written (glued messages joined), from the files as they are now.
time is the run's own time, or the time it is placed by when it has none (inferred true);
--since and --until place runs the same way. Lines before a file's first run have no host.
Lines of runs whose host is not a NetBIOS name are left out (counted on stderr).

Examples:
  smslog grep "in use" --host wks00012
  smslog grep "^error: *(529|259)" --since 1999-05-01 --format csv
  smslog grep pcmsvc32 --kind executable_active -o active.csv`,
    )
    .action(async (pattern: string, options: GrepCliOptions) => {
      const window = readWindow(options);
      const format = chooseFormat(options);
      const { checkKinds, grepLines } = await import("../../query/grep.js");
      const kinds = checkKinds(options.kind ?? []);
      preloadRendering();
      const result = await withDatabase(options.db, "read", (db) =>
        grepLines(db, { pattern, caseSensitive: options.caseSensitive === true, host: options.host, kinds, ...window }),
      );
      await emit(result, options, format);
      if (result.invalidHostLines > 0) {
        warn(`${result.invalidHostLines} matching line(s) of runs with an invalid host name left out; smslog query invalid-hosts`);
      }
    });
}
