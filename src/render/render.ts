/**
 * Rows to text in the format a person or a script asked for. CSV and Markdown are
 * Arquero's; JSON is the rows as objects; `table` lines columns up for a terminal.
 * Each row is one line whatever a value holds: table, Markdown and list show control
 * characters visibly (visible.ts); CSV quotes a value with a line break (RFC 4180), so a
 * CSV reader gets the value back as it is.
 */
import * as aq from "arquero";
import type { Plain } from "../query/values.js";
import { cut, fitWidths } from "./fit.js";
import type { Format } from "./formats.js";
import { visible } from "./visible.js";

export interface RenderOptions {
  /** The terminal's width: the table view narrows its widest columns to fit (none: no cutting). */
  width?: number;
  /** Line end of the list view: "\r\n" for cmd.exe's `for /f` and Notepad. */
  eol?: "\n" | "\r\n";
}

/** Lists and objects in a cell are shown as JSON in the text formats. */
const cellText = (value: Plain) => (value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** `flatten`: cells as text, `shown`: and with control characters made visible. */
function toTable(columns: readonly string[], rows: readonly Record<string, Plain>[], flatten: boolean, shown = false) {
  const cell = (value: Plain) => (shown ? visible(cellText(value)) : flatten ? cellText(value) : value);
  return aq.table(Object.fromEntries(columns.map((name) => [shown ? visible(name) : name, rows.map((row) => cell(row[name]))])));
}

const ensureNewline = (text: string) => (text.endsWith("\n") ? text : text + "\n");

function textTable(columns: readonly string[], rows: readonly Record<string, Plain>[], available?: number): string {
  // Control characters made visible first, so the widths, the cuts and the rows are those shown.
  const cells = [columns.map(visible), ...rows.map((row) => columns.map((name) => visible(cellText(row[name]))))];
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
      return ensureNewline(toTable(columns, rows, true, true).toMarkdown());
    case "json":
      return JSON.stringify(toTable(columns, rows, false).objects(), null, 2) + "\n";
    case "ndjson":
      return toTable(columns, rows, false)
        .objects()
        .map((row) => JSON.stringify(row) + "\n")
        .join("");
    case "list":
      return rows.map((row) => visible(cellText(row[columns[0]])) + (options.eol ?? "\n")).join("");
    case "table":
      return textTable(columns, rows, options.width);
  }
}
