/**
 * Decode throughput (issue 11): `npm run build && node dist/bench/decode.js`. Decoding runs
 * on every byte an ingest reads, so the common case (a plain ASCII or ANSI file, no NUL)
 * must not get slower when the decoder learns to repair damaged and mixed files. Prints
 * MB/s per kind of input, the median of 15 rounds, for many small files (a share's usual
 * shape) and for one large file.
 */
import { decodeLog } from "../src/parse/decode.js";
import { median } from "./median.js";

const TOTAL = 4 * 1024 * 1024;
const SMALL = 1536;
const ROUNDS = 15;

const line = (i: number) =>
  [
    `Mon 04/${String((i % 28) + 1).padStart(2, "0")}/1999`,
    " 8:15a",
    "Reading configuration...",
    "Client executable active: pcmsvc32.exe",
    "Warning: Client component in use.",
  ][i % 5] + "\r\n";

function text(bytes: number, extra = ""): string {
  let out = "";
  for (let i = 0; out.length < bytes; i++) out += line(i) + (i % 7 === 0 ? extra : "");
  return out.slice(0, bytes);
}

const inputs: Record<string, (bytes: number) => Buffer> = {
  "ASCII (ANSI), no NUL": (bytes) => Buffer.from(text(bytes), "latin1"),
  "ANSI with ö and €": (bytes) => Buffer.from(text(bytes, "Zugriff verweigert: Datei ge\xf6ffnet \x80\r\n"), "latin1"),
  "UTF-16LE with BOM": (bytes) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(bytes / 2), "utf16le")]),
};

function measure(files: Buffer[]): number {
  const bytes = files.reduce((sum, file) => sum + file.length, 0);
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    let chars = 0;
    for (const file of files) chars += decodeLog(file).text.length;
    const seconds = (performance.now() - started) / 1000;
    if (chars === 0) throw new Error("nothing decoded");
    rates.push(bytes / 1e6 / seconds);
  }
  return median(rates);
}

console.log(`input                   ${SMALL}-byte files   one ${TOTAL / 1024 / 1024} MiB file`);
for (const [name, make] of Object.entries(inputs)) {
  const small = Array.from({ length: Math.ceil(TOTAL / SMALL) }, () => make(SMALL));
  const large = [make(TOTAL)];
  console.log(`${name.padEnd(24)}${measure(small).toFixed(0).padStart(8)} MB/s${measure(large).toFixed(0).padStart(14)} MB/s`);
}
