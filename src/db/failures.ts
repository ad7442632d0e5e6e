/**
 * DuckDB's errors about the files beneath a database, in the user's words: what happened,
 * to which file, and what to do. Anything else is left as it is.
 */
import { SmslogError } from "../errors.js";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).trim();

/**
 * `database` is the database file the command was working on: DuckDB names the file for a
 * failed write, but not for a damaged block.
 */
export function translateFailure(error: unknown, database?: string): SmslogError | null {
  if (error instanceof SmslogError) return error;
  const message = messageOf(error);
  const full = /Could not (?:write|truncate|create|open|sync)[^"]*"([^"]+)"[^\n]*No space left on device|No space left on device/i.exec(message);
  if (full) {
    const file = full[1] ?? database ?? "a file";
    return new SmslogError(
      "WRITE_FAILED",
      `cannot write ${file}: the disk is full`,
      "free space on that disk and run the command again (what was committed before is kept)",
    );
  }
  if (/Corrupt database file|does not match stored checksum|checksum mismatch/i.test(message)) {
    const where = database ?? "the database";
    return new SmslogError(
      "DB_DAMAGED",
      `${where} is damaged: a block of it failed its checksum (${message.replace(/^.*?Error: /, "")})`,
      `it is built from the logs: move ${where} aside and run smslog ingest PATH... (with the options given before) to build it again`,
    );
  }
  if (/database has been invalidated because of a previous fatal error/i.test(message)) {
    return new SmslogError(
      "DB_DAMAGED",
      `${database ?? "the database"} could not be written and was closed (${message.replace(/^.*?Error: /, "")})`,
      "an earlier error in this command says why; nothing after the last commit was kept",
    );
  }
  return null;
}
