import { Command } from "../commander.js";
import { SmslogError } from "../../errors.js";
import { SCHEMA_SQL } from "../../db/schema.js";
import type { Format } from "../../render/formats.js";
import { writeOut } from "../output.js";
import { chooseFormat, dbOption, emit, exeOption, formatOption, outputOption, preloadRendering, withDatabase, writeOutputFile } from "./shared.js";

interface ViewCliOptions {
  db?: string;
  exe: string;
  lines?: boolean;
  format?: Format;
  output?: string;
}

export function hostCommand(): Command {
  return new Command("host")
    .description("one host's timeline: each run with its time, outcome and place in its file")
    .argument("<name>", "NetBIOS host name (case-insensitive)")
    .addOption(dbOption())
    .option("--lines", "print each run's own log lines with their numbers, the in-use warning highlighted")
    .addOption(formatOption())
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
outcome: blocked (reported "Client component in use"), clear (reached the check without
it) or inconclusive (never reached it). A run with no time of its own is placed right after
the run before it in its file: its time is shown as inferred. With --lines the colours
follow the terminal; NO_COLOR turns them off.`,
    )
    .action(async (name: string, options: ViewCliOptions) => {
      // --lines writes the log's own text, whatever -o's extension; the timeline, a format.
      const format = options.lines ? undefined : chooseFormat(options);
      const { hostLogLines, hostTimeline } = await import("../../query/views.js");
      preloadRendering();
      const { timeline, lines } = await withDatabase(options.db, "read", async (db) => ({
        timeline: await hostTimeline(db, name),
        lines: options.lines ? await hostLogLines(db, name) : [],
      }));
      if (timeline.rows.length === 0)
        throw new SmslogError(
          "NOT_FOUND",
          `no runs for host ${name.toUpperCase()}`,
          'smslog query "SELECT DISTINCT host FROM runs ORDER BY 1" lists the hosts',
        );
      if (format !== undefined) {
        await emit(timeline, options, format);
        return;
      }
      const { renderRunLines, wantsColor } = await import("../../render/log-lines.js");
      const byRun = new Map<number, typeof lines>();
      for (const line of lines) {
        const list = byRun.get(line.run_id);
        if (list) list.push(line);
        else byRun.set(line.run_id, [line]);
      }
      const runs = timeline.rows.map((run) => ({ run, lines: byRun.get(run.run_id as number) ?? [] }));
      const text = renderRunLines(runs, options.output === undefined && wantsColor());
      if (options.output === undefined) await writeOut(text);
      else await writeOutputFile(options.output, text);
    });
}

export function summaryCommand(): Command {
  return new Command("summary")
    .description("files, lines, runs, hosts, and affected / still-blocked host counts")
    .addOption(dbOption())
    .addOption(exeOption())
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (options: ViewCliOptions) => {
      const format = chooseFormat(options);
      const { summary } = await import("../../query/views.js");
      preloadRendering();
      const result = await withDatabase(options.db, "read", (db) => summary(db, options.exe));
      await emit(result, options, format);
    });
}

export function schemaCommand(): Command {
  return new Command("schema").description("print the database schema (tables, columns, views) as SQL").action(async () => {
    await writeOut(SCHEMA_SQL.trimStart());
  });
}
