/**
 * Typed errors: each carries a stable code and a hint for the user. Modules throw them;
 * only the CLI turns them into messages and exit codes.
 */
export type ErrorCode =
  | "BINARY_FILE"
  | "BAD_ARCHIVE"
  | "UNREADABLE_FILE"
  | "WRITE_FAILED"
  | "PARSE_FAILED"
  | "BAD_OPTION"
  | "DB_LOCKED"
  | "DB_INVALID"
  | "DB_MISSING"
  | "QUERY_FAILED"
  | "READ_ONLY"
  | "NOT_FOUND"
  | "TIMEOUT"
  | "DB_DAMAGED";

export class SmslogError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BinaryFileError extends SmslogError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super("BINARY_FILE", `${path}: not text (${detail})`, "only SMSRUN32 /V output and client logs are read; exclude this file with --exclude");
  }
}

/** A zip or gzip file, or one of its members, that cannot be read: damaged, encrypted, or over a limit. */
export class ArchiveError extends SmslogError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super("BAD_ARCHIVE", `${path}: ${detail}`, "repair or unpack the archive, or leave it out with --exclude");
  }
}

export class UnreadableFileError extends SmslogError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super("UNREADABLE_FILE", `${path}: cannot be read (${detail})`);
  }
}

/** A file the user named (-o) could not be written; `detail` is the errno code. */
export class WriteFailedError extends SmslogError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(
      "WRITE_FAILED",
      `cannot write ${path} (${detail})`,
      detail === "ENOSPC"
        ? "the disk is full: free space on it, or name a file on another disk with -o"
        : "check that its folder exists and can be written to, or name another file with -o",
    );
  }
}

export class ParseFailedError extends SmslogError {
  constructor(detail: string) {
    super("PARSE_FAILED", `internal grammar error: ${detail}`, "please report this with the file that caused it");
  }
}

export class BadOptionError extends SmslogError {
  constructor(message: string, hint?: string) {
    super("BAD_OPTION", message, hint);
  }
}

/** The system's short code for a failed file operation (ENOENT, EACCES, ...), or the error as text. */
export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
