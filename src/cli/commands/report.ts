import { resolve } from "node:path";
import { Command } from "../commander.js";
import { readWindow } from "../../query/window.js";
import { fixFor } from "../../query/remedy.js";
import { dbOption, exeOption, explainGaps, windowOptions, withDatabase, writeOutputFile } from "./shared.js";

interface ReportCliOptions {
  db?: string;
  exe: string;
  since?: string;
  until?: string;
  output: string;
}

export function reportCommand(): Command {
  return new Command("report")
    .description("write a self-contained HTML report: headline numbers, charts, still-blocked hosts and the fix")
    .addOption(dbOption())
    .addOption(exeOption())
    .addOption(windowOptions()[0])
    .addOption(windowOptions()[1])
    .option("-o, --output <file>", "the HTML file to write", "report.html")
    .addHelpText(
      "after",
      `
The page loads nothing from anywhere (no fonts, images or script files): open it from a
file share, mail it or print it. Each host opens to its runs and their log lines; a filter
box (the page's one inline script, allowed by its hash) narrows the host lists. Affected,
still blocked and recovered mean what they mean for \`smslog affected\` with the same
--exe, --since and --until.`,
    )
    .action(async (options: ReportCliOptions) => {
      const exe = options.exe;
      const window = readWindow(options);
      const query = { exe, ...window };
      // Vega and the report modules load only for this command.
      const [{ gatherReport }, { renderCharts }, { renderReportHtml }, { databasePath }] = await Promise.all([
        import("../../report/data.js"),
        import("../../report/charts.js"),
        import("../../report/html.js"),
        import("../../db/location.js"),
      ]);
      const data = await withDatabase(options.db, "read", async (db) => {
        await explainGaps(db, exe, window);
        return gatherReport(db, query);
      });
      const charts = await renderCharts(data);
      const html = renderReportHtml(data, charts, {
        fix: fixFor(exe),
        generatedAt: new Date(),
        database: databasePath(options.db),
      });
      await writeOutputFile(options.output, html);
      process.stderr.write(`smslog: wrote ${resolve(options.output)}\n`);
    });
}
