import type { ErrorCode } from "../errors.js";

/** Exit codes, documented in the README ("What smslog guarantees"). */
export const EXIT = {
  OK: 0,
  /** The command failed: bad input, bad SQL, an unreadable or binary file to `parse`. */
  FAILED: 1,
  /** The command line itself is wrong (unknown option, bad value). */
  USAGE: 2,
  /** The database is held by another smslog (or DuckDB) process. */
  BUSY: 3,
  /** `ingest --strict` finished, but a file, folder or link gave a warning (skipped, unreadable, not listed, not followed). */
  INCOMPLETE: 4,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case "BAD_OPTION":
      return EXIT.USAGE;
    case "DB_LOCKED":
      return EXIT.BUSY;
    default:
      return EXIT.FAILED;
  }
}
