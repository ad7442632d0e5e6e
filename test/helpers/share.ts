import { mkdirSync, mkdtempSync, writeFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import { rmSync } from "node:fs";

/** A temporary folder removed when the test ends (or, made in a hook, when the test file ends). */
export function tempDir(prefix = "smslog-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    process.once("exit", remove);
  }
  return dir;
}

/** Write a log share: relative path -> text (written CRLF, Windows-1252 via latin1) or raw bytes. */
export function makeShare(files: Record<string, string | Buffer>, dir = tempDir("smslog-share-")): string {
  for (const [relPath, content] of Object.entries(files)) {
    const target = path.join(dir, relPath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof content === "string" ? Buffer.from(content, "latin1") : content);
  }
  return dir;
}

export function setMtime(file: string, iso: string): void {
  const when = new Date(iso);
  utimesSync(file, when, when);
}

const CRLF = "\r\n";
const lines = (...list: string[]) => list.map((line) => line + CRLF).join("");

/** `date /t` + `time /t` headers: date as MM/DD/YYYY, time as NT 4.0's ` 8:15a`. */
export function headers(date: string, time: string): string {
  return lines(`Mon ${date}`, time);
}

/** The headers of a logon on `day` April 1999 (at ` 8:15a` unless told). */
export const onDay = (day: number, time = " 8:15a") => headers(`04/${String(day).padStart(2, "0")}/1999`, time);

export function blockedRun(exe = "pcmsvc32.exe"): string {
  return lines(
    "Reading configuration...",
    `Client executable active: ${exe}`,
    "Warning: Client component in use.",
    "Client component files will not be overwritten or removed.",
    "Verifying Microsoft Systems Management Server client installation.",
  );
}

export function cleanRun(): string {
  return lines("Reading configuration...", "Verifying Microsoft Systems Management Server client installation.");
}

export const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
