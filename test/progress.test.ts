import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress, progressLine } from "../src/cli/progress.js";

/** A stream that says it is a terminal, keeping what is written to it. */
function terminal(isTTY: boolean) {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  stream.isTTY = isTTY;
  return { stream, written };
}

const progress = { total: 100, done: 100, lines: 25_000, runs: 1_200, events: 30_000 };

describe("ingest progress", () => {
  it("says files, lines, runs and rate", () => {
    expect(progressLine(progress, 2)).toBe("files 100/100  lines 25K  runs 1.2K  12.5K lines/s");
  });

  it("rewrites one line on a terminal and clears it at the end", async () => {
    const { stream, written } = terminal(true);
    const live = createProgress(stream);
    live.update(progress);
    live.clear();
    await new Promise((resolve) => setImmediate(resolve));
    const clearLine = "\r\x1b[2K";
    expect(written[0].startsWith(clearLine)).toBe(true);
    expect(written[0].slice(clearLine.length)).toMatch(/^files 100\/100 {2}lines 25K/);
    expect(written.at(-1)).toBe(clearLine);
  });

  it("writes nothing when stderr is not a terminal", async () => {
    const { stream, written } = terminal(false);
    const live = createProgress(stream);
    live.update(progress);
    live.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([]);
  });
});
