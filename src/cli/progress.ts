/** A live progress line on stderr when it is a terminal; nothing otherwise. */
import type { IngestProgress } from "../ingest/summary.js";

/** Made on first use: loading the compact notation's locale data costs 20-170 ms, and most ingests show no progress. */
let formatter: Intl.NumberFormat | null = null;
const compact = { format: (n: number) => (formatter ??= new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 })).format(n) };

export function progressLine(progress: IngestProgress, seconds: number): string {
  const rate = seconds > 0 ? progress.lines / seconds : 0;
  return `files ${progress.done}/${progress.total}  lines ${compact.format(progress.lines)}  runs ${compact.format(progress.runs)}  ${compact.format(rate)} lines/s`;
}

/**
 * On a terminal, one line rewritten in place. Elsewhere nothing, unless SMSLOG_PROGRESS=1
 * asks for plain progress lines (for log files of scheduled ingests).
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): { update(p: IngestProgress): void; clear(): void } {
  const plain = !stream.isTTY && process.env.SMSLOG_PROGRESS === "1";
  if (!stream.isTTY && !plain) return { update() {}, clear() {} };
  const started = performance.now();
  let last = 0;
  return {
    update(progress) {
      const now = performance.now();
      if (now - last < 200 && progress.done < progress.total) return;
      last = now;
      const line = progressLine(progress, (now - started) / 1000);
      stream.write(plain ? `smslog: ${line}\n` : `\r\x1b[2K${line}`);
    },
    clear() {
      if (!plain) stream.write("\r\x1b[2K");
    },
  };
}
