/**
 * A large per-user log written quickly, for the tests of files read in pieces: runs of 50
 * hosts, one an hour from 1999-01-01, two of three blocked by pcmsvc32.exe, each followed by
 * a long line of logon-script output (so megabytes take few lines).
 */
import { closeSync, openSync, writeSync } from "node:fs";

export interface BigLog {
  runs: number;
  lines: number;
  bytes: number;
  /** Runs that reported the component in use. */
  blocked: number;
  /** Hosts whose last run was blocked, in name order. */
  blockedAtLast: string[];
}

const OUTPUT = "net use h: \\\\FILESRV01\\home " + "=".repeat(2000) + "\r\n";
const pad = (n: number, width: number) => String(n).padStart(width, "0");

export const bigLogHost = (run: number) => `WKS${pad(run % 50, 5)}`;

/** The text of run `run` (0-based) and its line count. */
export function bigLogRun(run: number): { text: string; lines: number; blocked: boolean } {
  const at = new Date(Date.UTC(1999, 0, 1) + run * 3_600_000);
  const date = `${pad(at.getUTCMonth() + 1, 2)}/${pad(at.getUTCDate(), 2)}/${at.getUTCFullYear()}`;
  const blocked = run % 3 !== 2;
  const lines = [
    `COMPUTERNAME=${bigLogHost(run)}`,
    `Mon ${date}`,
    `${pad(at.getUTCHours(), 2)}:15:00.00`,
    "Reading configuration...",
    ...(blocked
      ? ["Client executable active: pcmsvc32.exe", "Warning: Client component in use.", "Client component files will not be overwritten or removed."]
      : []),
    "Verifying Microsoft Systems Management Server client installation.",
  ];
  return { text: lines.join("\r\n") + "\r\n" + OUTPUT, lines: lines.length + 1, blocked };
}

/** Write runs from `first` on until the file holds at least `bytes`; appends when `first` > 0. */
export function writeBigLog(file: string, bytes: number, first = 0): BigLog {
  const fd = openSync(file, first > 0 ? "a" : "w");
  const log: BigLog = { runs: 0, lines: 0, bytes: 0, blocked: 0, blockedAtLast: [] };
  const lastBlocked = new Map<string, boolean>();
  try {
    let chunk: string[] = [];
    for (let run = first; log.bytes < bytes; run++) {
      const { text, lines, blocked } = bigLogRun(run);
      chunk.push(text);
      log.runs++;
      log.lines += lines;
      log.bytes += text.length;
      if (blocked) log.blocked++;
      lastBlocked.set(bigLogHost(run), blocked);
      if (chunk.length === 1000) {
        writeSync(fd, chunk.join(""), null, "latin1");
        chunk = [];
      }
    }
    writeSync(fd, chunk.join(""), null, "latin1");
  } finally {
    closeSync(fd);
  }
  log.blockedAtLast = [...lastBlocked]
    .filter(([, blocked]) => blocked)
    .map(([host]) => host)
    .sort();
  return log;
}
