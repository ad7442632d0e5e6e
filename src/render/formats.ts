import { extname } from "node:path";
import { BadOptionError } from "../errors.js";

export const FORMATS = ["table", "csv", "json", "ndjson", "markdown"] as const;
export type Format = (typeof FORMATS)[number] | "list";

/** Table for a person at a terminal, CSV for a pipe or a file. */
export function defaultFormat(stream: NodeJS.WriteStream = process.stdout): Format {
  return stream.isTTY ? "table" : "csv";
}

/** What a file's extension says it holds; `.txt` is the host list where a command has one, else the table. */
const BY_EXTENSION: Readonly<Record<string, Format>> = {
  ".csv": "csv",
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".md": "markdown",
  ".txt": "list",
};

/**
 * The format of a file named with -o, from its extension (any case), among the formats the
 * command has. An extension that says none of them is refused rather than guessed: a
 * `hosts.xls` written as CSV, or a `.html` that is not the report, would mislead.
 */
export function formatForFile(file: string, formats: readonly Format[]): Format {
  const extension = extname(file).toLowerCase();
  const format = extension === ".txt" && !formats.includes("list") ? "table" : BY_EXTENSION[extension];
  if (format !== undefined && formats.includes(format)) return format;
  const known = Object.keys(BY_EXTENSION).filter((ext) => ext === ".txt" || formats.includes(BY_EXTENSION[ext]));
  if (extension === ".html" || extension === ".htm") {
    throw new BadOptionError(
      `${file}: this command writes no HTML`,
      "the HTML report is `smslog report -o FILE.html`; here use one of " + known.join(", ") + ", or --format",
    );
  }
  throw new BadOptionError(
    `cannot tell the format of ${file} from its extension`,
    `name it ${known.join(", ")}, or give --format (${formats.join(", ")})`,
  );
}
