#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { SmslogError } from "../errors.js";
import { affectedCommand } from "./commands/affected.js";
import { exportCommand } from "./commands/export.js";
import { ingestCommand } from "./commands/ingest.js";
import { queryCommand } from "./commands/query.js";
import { hostCommand, schemaCommand, summaryCommand } from "./commands/views.js";
import { parseCommand } from "./commands/parse.js";
import { reportCommand } from "./commands/report.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { describeError } from "./output.js";

const program = new Command("smslog")
  .description("Turn collected SMSRUN32 /V logs into answers: which hosts are stuck on 'Client component in use'")
  .version("0.1.0")
  .showHelpAfterError()
  .exitOverride();

program.addCommand(parseCommand());
program.addCommand(ingestCommand());
program.addCommand(affectedCommand());
program.addCommand(queryCommand());
program.addCommand(hostCommand());
program.addCommand(summaryCommand());
program.addCommand(schemaCommand());
program.addCommand(exportCommand());
program.addCommand(reportCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  } else if (error instanceof SmslogError) {
    process.stderr.write(`smslog: ${describeError(error)}\n`);
    process.exitCode = exitCodeFor(error.code);
  } else {
    process.stderr.write(`smslog: unexpected error: ${describeError(error)}\n`);
    process.exitCode = EXIT.FAILED;
  }
}
