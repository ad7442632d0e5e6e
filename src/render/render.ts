/**
 * Rows to text in the format a person or a script asked for. CSV and Markdown are
 * Arquero's; JSON is the rows as objects; `table` lines columns up for a terminal.
 */
import * as aq from "arquero";
import type { Plain } from "../query/values.js";
import { cut, fitWidths } from "./fit.js";
import type { Format } from "./formats.js";

export interface RenderOptions {
  /** The terminal's width: the table view narrows its widest columns to fit (none: no cutting). */
  width?: number;
  /** Line end of the list view: "\r\n" for cmd.exe's `for /f` and Notepad. */
  eol?: "\n" | "\r\n";
}

/** Lists and objects in a cell are shown as JSON in the text formats. */
const cellText = (value: Plain) => (value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

function toTable(columns: readonly string[], rows: readonly Record<string, Plain>[], flatten: boolean) {
  return aq.table(Object.fromEntries(columns.map((name) => [name, rows.map((row) => (flatten ? cellText(row[name]) : row[name]))])));
}

const ensureNewline = (text: string) => (text.endsWith("\n") ? text : text + "\n");

function textTable(columns: readonly string[], rows: readonly Record<string, Plain>[], available?: number): string {
  const cells = [columns.slice(), ...rows.map((row) => columns.map((name) => cellText(row[name])))];
  // A loop, not Math.max(...): a query can return more rows than a call takes arguments.
  const widths = fitWidths(
    columns.map((_, i) => cells.reduce((width, line) => Math.max(width, line[i].length), 0)),
    available,
  );
  const numeric = columns.map((name) => rows.length > 0 && rows.every((row) => row[name] === null || typeof row[name] === "number"));
  const format = (line: string[]) =>
    line
      .map((cell, i) => cut(cell, widths[i]))
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [format(cells[0]), rule, ...cells.slice(1).map(format)].join("\n") + "\n";
}

export function render(columns: readonly string[], rows: readonly Record<string, Plain>[], format: Format, options: RenderOptions = {}): string {
  switch (format) {
    case "csv":
      return ensureNewline(toTable(columns, rows, true).toCSV());
    case "markdown":
      return ensureNewline(toTable(columns, rows, true).toMarkdown());
    case "json":
      return JSON.stringify(toTable(columns, rows, false).objects(), null, 2) + "\n";
    case "ndjson":
      return toTable(columns, rows, false)
        .objects()
        .map((row) => JSON.stringify(row) + "\n")
        .join("");
    case "list":
      return rows.map((row) => cellText(row[columns[0]]) + (options.eol ?? "\n")).join("");
    case "table":
      return textTable(columns, rows, options.width);
  }
}
