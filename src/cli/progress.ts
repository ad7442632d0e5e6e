/** A live progress line on stderr when it is a terminal; nothing otherwise. */
import type { IngestProgress } from "../ingest/ingest.js";

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export function progressLine(progress: IngestProgress, seconds: number): string {
  const rate = seconds > 0 ? progress.lines / seconds : 0;
  return `files ${progress.done}/${progress.total}  lines ${compact.format(progress.lines)}  runs ${compact.format(progress.runs)}  ${compact.format(rate)} lines/s`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): { update(p: IngestProgress): void; clear(): void } {
  if (!stream.isTTY) return { update() {}, clear() {} };
  const started = performance.now();
  let last = 0;
  return {
    update(progress) {
      const now = performance.now();
      if (now - last < 200 && progress.done < progress.total) return;
      last = now;
      stream.write(`\r\x1b[2K${progressLine(progress, (now - started) / 1000)}`);
    },
    clear() {
      stream.write("\r\x1b[2K");
    },
  };
}
