import { Command, Option } from "../commander.js";
import { BadOptionError, SmslogError } from "../../errors.js";
import type { DateOrderOption, SmsEvent } from "../../parse/events.js";
import { EXIT } from "../exit-codes.js";
import { describeError, warn, writeOut } from "../output.js";

/** Shared with `ingest`. */
export const dateOrderOption = () =>
  new Option("--date-order <order>", "how date headers are written (auto: each file's own dates decide)")
    .choices(["auto", "mdy", "dmy", "ymd"])
    .default("auto");

/** The file argument that reads standard input; its events are named by it. */
const STDIN = "-";

function toJsonLine(file: string, event: SmsEvent): string {
  return JSON.stringify({ file, ...event }) + "\n";
}

export function parseCommand(): Command {
  return new Command("parse")
    .description("parse log files and print one JSON object per event (NDJSON)")
    .argument(
      "<file...>",
      "log files (SMSRUN32 /V output or timestamped client logs); a .zip or .gz is read member by member; - reads standard input",
    )
    .addOption(dateOrderOption())
    .action(async (files: string[], options: { dateOrder: DateOrderOption }) => {
      // Standard input ends once read: a second - would read nothing and say so with no word.
      if (files.filter((file) => file === STDIN).length > 1) throw new BadOptionError("- (standard input) is named more than once");
      const [{ parseLogBytes, readLogBytes, readStreamBytes }, { archiveKind, memberPath }] = await Promise.all([
        import("../../parse/read-log.js"),
        import("../../ingest/archive-names.js"),
      ]);
      let failed = false;
      /** One log (a file, or a member of an archive, named ARCHIVE!/MEMBER as ingest names it). */
      const print = async (file: string, bytes: () => Promise<Uint8Array>) => {
        try {
          const parsed = parseLogBytes(await bytes(), file, { dateOrder: options.dateOrder });
          await writeOut(parsed.events.map((event) => toJsonLine(file, event)).join(""));
          // stdout stays pure NDJSON; damage repaired and dates that contradict each other are worth a word on stderr.
          if (parsed.note !== null) warn(`${file}: ${parsed.note}`);
          if (parsed.dates.conflict !== null) warn(`${file}: ${parsed.dates.conflict} (read as ${parsed.dates.order})`);
        } catch (error) {
          if (!(error instanceof SmslogError)) throw error;
          warn(describeError(error).split("\n")[0]);
          failed = true;
        }
      };
      for (const file of files) {
        if (file === STDIN) {
          await print(file, () => readStreamBytes(process.stdin, file));
          continue;
        }
        if (archiveKind(file) === null) {
          await print(file, () => readLogBytes(file));
          continue;
        }
        // A .zip or .gz is read as ingest reads it: each member a log of its own.
        const { archiveMembers } = await import("../../ingest/archives.js");
        const members = await archiveMembers(file).catch((error: unknown) => {
          if (!(error instanceof SmslogError)) throw error;
          warn(describeError(error).split("\n")[0]);
          failed = true;
          return [];
        });
        for (const member of members) await print(memberPath(file, member.name), () => member.read());
      }
      if (failed) process.exitCode = EXIT.FAILED;
    });
}
