/**
 * What `smslog parse` (src/parse/read-log.ts) and `smslog query` read whole
 * (src/parse/read-whole.ts): a file, or a named pipe to its end, never more than a limit, and
 * never a device but a terminal (test/cli.test.ts).
 */
import { spawn, execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { UnreadableFileError } from "../src/errors.js";
import { readLogBytes, readStreamBytes } from "../src/parse/read-log.js";
import { readWholeFile, readWholeStream, WHOLE_READ_LIMIT } from "../src/parse/read-whole.js";
import { tempDir } from "./helpers/share.js";

/** A named pipe that a shell writes `bytes` bytes into (the letter a) once it is opened. */
function pipeOf(bytes: number): string {
  const fifo = path.join(tempDir("smslog-fifo-"), "log.fifo");
  execFileSync("mkfifo", [fifo]);
  spawn("sh", ["-c", `head -c ${bytes} /dev/zero | tr '\\0' a > "$0"`, fifo], { stdio: "ignore" });
  return fifo;
}

const refusal = (read: Promise<Buffer>) =>
  read.then(
    () => null,
    (error: unknown) => (error instanceof UnreadableFileError ? error.message : `not refused as unreadable: ${String(error)}`),
  );

describe("reading a log whole", () => {
  it("reads a file, and a named pipe to its end", async () => {
    const file = path.join(tempDir(), "a.log");
    writeFileSync(file, "Reading configuration...\r\n");
    expect((await readLogBytes(file)).toString("latin1")).toBe("Reading configuration...\r\n");
    expect((await readLogBytes(pipeOf(3_000_000))).toString("latin1")).toBe("a".repeat(3_000_000));
  });

  it("refuses a device, and anything longer than the limit, file or pipe, at the limit", async () => {
    expect(await refusal(readLogBytes("/dev/zero"))).toBe("/dev/zero: cannot be read (a character device, not a regular file)");
    const file = path.join(tempDir(), "b.log");
    writeFileSync(file, "0123456789A");
    expect(await refusal(readLogBytes(file, 10))).toBe(
      `${file}: cannot be read (larger than the 10 bytes read whole; smslog ingest reads it in pieces)`,
    );
    expect((await readLogBytes(file, 11)).toString("latin1")).toBe("0123456789A");
    const pipe = pipeOf(5_000_000);
    expect(await refusal(readLogBytes(pipe, 2_500_000))).toBe(
      `${pipe}: cannot be read (larger than the 2500000 bytes read whole; saved to a file, smslog ingest reads it in pieces)`,
    );
    // Standard input (smslog parse -), read as a stream: the same limit, the same advice.
    const stdin = () => Readable.from([Buffer.from("01234"), Buffer.from("56789"), Buffer.from("A")]);
    expect(await refusal(readStreamBytes(stdin(), "-", 10))).toBe(
      "-: cannot be read (larger than the 10 bytes read whole; saved to a file, smslog ingest reads it in pieces)",
    );
    expect((await readStreamBytes(stdin(), "-", 11)).toString("latin1")).toBe("0123456789A");
    // Text that is no log (smslog query's SQL) gets the reader's refusal with no advice of its own.
    expect(await refusal(readWholeStream(stdin(), "standard input", 10))).toBe(
      "standard input: cannot be read (larger than the 10 bytes read whole)",
    );
    expect(await refusal(readWholeFile(file, 10))).toBe(`${file}: cannot be read (larger than the 10 bytes read whole)`);
    // The limit by default: no longer than a string can be.
    expect(WHOLE_READ_LIMIT).toBeGreaterThanOrEqual(2 ** 28);
  });

  it("names a file that is not there, or a folder, as before", async () => {
    expect(await refusal(readLogBytes("/nonexistent/x.log"))).toBe("/nonexistent/x.log: cannot be read (no such file)");
    const folder = tempDir();
    expect(await refusal(readLogBytes(folder))).toBe(`${folder}: cannot be read (is a folder)`);
  });
});
