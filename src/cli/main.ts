#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { SmslogError } from "../errors.js";
import { affectedCommand } from "./commands/affected.js";
import { exportCommand } from "./commands/export.js";
import { forgetCommand } from "./commands/forget.js";
import { grepCommand } from "./commands/grep.js";
import { ingestCommand } from "./commands/ingest.js";
import { queryCommand } from "./commands/query.js";
import { hostCommand, schemaCommand, summaryCommand } from "./commands/views.js";
import { parseCommand } from "./commands/parse.js";
import { reportCommand } from "./commands/report.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { describeError } from "./output.js";
import { handleStopSignals } from "./signals.js";

handleStopSignals();

const program = new Command("smslog")
  .description("Turn collected SMSRUN32 /V logs into answers: which hosts are stuck on 'Client component in use'")
  .version("0.1.0")
  .showHelpAfterError()
  .exitOverride();

// Subcommands made with new Command() do not inherit settings on their own: without this,
// a bad option to a subcommand would exit with commander's code 1 instead of our 2.
for (const command of [
  parseCommand(),
  ingestCommand(),
  affectedCommand(),
  queryCommand(),
  grepCommand(),
  hostCommand(),
  summaryCommand(),
  schemaCommand(),
  exportCommand(),
  reportCommand(),
  forgetCommand(),
]) {
  program.addCommand(command.copyInheritedSettings(program));
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  } else if (error instanceof SmslogError) {
    process.stderr.write(`smslog: ${describeError(error)}\n`);
    process.exitCode = exitCodeFor(error.code);
  } else {
    // DuckDB's errors about the files under a database that reached no command's own handling.
    const { translateFailure } = await import("../db/failures.js");
    const known = translateFailure(error);
    process.stderr.write(known ? `smslog: ${describeError(known)}\n` : `smslog: unexpected error: ${describeError(error)}\n`);
    process.exitCode = known ? exitCodeFor(known.code) : EXIT.FAILED;
  }
  // A failed command ends here: a DuckDB session left open on purpose (Database.abandon)
  // must not be finalized on the way out.
  process.exit();
}
