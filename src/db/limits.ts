/**
 * How much a DuckDB session may take: memory (DuckDB's memory_limit) and, for ad-hoc
 * queries, time. A size is checked here, before DuckDB sees it: DuckDB answers a bad one
 * with a bare "Failed to set config" that names neither the value nor where it came from.
 */
import { BadOptionError } from "../errors.js";

/** Queries (read-only or --write), the other readers and export. */
export const DEFAULT_READ_MEMORY = "1GB";
/** The ingest writer; it would otherwise grow to 80% of the machine for its caches. */
export const DEFAULT_WRITE_MEMORY = "384MB";
/** Seconds an ad-hoc query may run before it is cancelled. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$/i;

/** A size such as 512MB or 2GB, as DuckDB's memory_limit takes it; `what` names its source in the message. */
export function checkMemorySize(value: string, what: string): string {
  const match = SIZE.exec(value);
  if (!match || Number(match[1]) <= 0) {
    throw new BadOptionError(`${what} takes a size such as 512MB or 2GB, not "${value}"`);
  }
  return `${match[1]}${match[2].toUpperCase().replace("I", "i")}`;
}

/** The ingest writer's memory limit: SMSLOG_MEMORY_LIMIT, else the default. */
export function writeMemoryLimit(): string {
  const value = process.env.SMSLOG_MEMORY_LIMIT;
  return value === undefined || value === "" ? DEFAULT_WRITE_MEMORY : checkMemorySize(value, "SMSLOG_MEMORY_LIMIT");
}
