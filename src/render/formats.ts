export const FORMATS = ["table", "csv", "json", "ndjson", "markdown"] as const;
export type Format = (typeof FORMATS)[number] | "list";

/**
 * Table for a person at a terminal, CSV for a pipe or a file: output sent to a file (`-o`)
 * is for a program or a spreadsheet.
 */
export function defaultFormat(outputFile: string | undefined, stream: NodeJS.WriteStream = process.stdout): Format {
  return outputFile === undefined && stream.isTTY ? "table" : "csv";
}

/** defaultFormat in words, for --help. */
export const DEFAULT_FORMAT_RULE = "table on a terminal, else csv";
