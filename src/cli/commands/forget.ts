import path from "node:path";
import { Command } from "../commander.js";
import { SmslogError } from "../../errors.js";
import { warn } from "../output.js";
import { dbOption, withDatabase } from "./shared.js";
import { keptOutputs } from "../kept-output.js";

export function forgetCommand(): Command {
  return new Command("forget")
    .description("remove what the database holds for files or folders (history included), and say how much")
    .argument("<path...>", "files or folders as they were given to ingest (they need not exist any more)")
    .addOption(dbOption())
    .addHelpText(
      "after",
      `
An ingest never deletes history: files gone from the share, and the earlier content of
files rewritten in place, stay in the database. forget removes them on purpose, with the
remembered options of the PATHs given, so the next plain \`smslog ingest\` leaves them out.`,
    )
    .action(async (paths: string[], options: { db?: string }) => {
      const { forgetPaths } = await import("../../db/forget.js");
      const { keepDefaultAnswer } = await import("../../query/affected.js");
      const absolute = paths.map((given) => path.resolve(given));
      const forgotten = await withDatabase(options.db, "write", async (db) => {
        const removed = await forgetPaths(db, absolute);
        // As an ingest does: the tables changed, so the default answer is kept for them (src/query/stored-answer.ts).
        if (removed.files > 0) await keepDefaultAnswer(db, keptOutputs());
        return removed;
      });
      if (forgotten.files === 0 && forgotten.sources === 0) {
        throw new SmslogError(
          "NOT_FOUND",
          `nothing stored for ${paths.join(", ")}`,
          'paths are matched as ingest stored them: smslog query "SELECT path FROM files" lists them',
        );
      }
      warn(`forgot ${forgotten.files} file(s), ${forgotten.runs} run(s), ${forgotten.events} event(s) and ${forgotten.sources} remembered source(s)`);
    });
}
