export const FORMATS = ["table", "csv", "json", "ndjson", "markdown"] as const;
export type Format = (typeof FORMATS)[number] | "list";

/** Table for a person at a terminal, CSV for a pipe or a file. */
export function defaultFormat(stream: NodeJS.WriteStream = process.stdout): Format {
  return stream.isTTY ? "table" : "csv";
}
