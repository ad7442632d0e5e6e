/**
 * Rows to text in the format a person or a script asked for. Markdown is Arquero's, loaded
 * only for it: loading Arquero takes about 0.2 s, more than a short command's answer, so
 * CSV (Arquero's quoting rule, written out here), JSON and the table need none of it.
 * Each row is one line whatever a value holds: table, Markdown and list show control
 * characters visibly (visible.ts); CSV quotes a value with a line break (RFC 4180), so a
 * CSV reader gets the value back as it is.
 */
import { columnValue, setColumn } from "../query/row-object.js";
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

const ensureNewline = (text: string) => (text.endsWith("\n") ? text : text + "\n");

const NEEDS_QUOTES = /[",\n\r]/;

/** A CSV field as Arquero's toCSV writes one: quoted when it holds a quote, a comma or a line break. */
const csvField = (text: string) => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * Appended to one string, field by field: the 10,709 rows of `affected` on 40,000 hosts took
 * 45 against 54-58 ms as an array of lines, each joined from an array of fields.
 */
function csv(columns: readonly string[], rows: readonly Record<string, Plain>[]): string {
  let text = columns.map(csvField).join(",") + "\n";
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) text += (i === 0 ? "" : ",") + csvField(cellText(columnValue(row, columns[i])));
    text += "\n";
  }
  return text;
}

/**
 * Each row as an object of the columns asked for, in their order. Filled in a loop: through
 * Object.fromEntries, the JSON of the 10,709 rows of `affected` on 40,000 hosts took 37-59 ms
 * to make, now 27-42 ms.
 */
function objects(columns: readonly string[], rows: readonly Record<string, Plain>[]): Record<string, Plain>[] {
  return rows.map((row) => {
    const object: Record<string, Plain> = {};
    for (const name of columns) setColumn(object, name, columnValue(row, name));
    return object;
  });
}

/**
 * Arquero's Markdown, its columns given under their positions: Arquero keys columns by name,
 * and a column named __proto__ came out with no rows. Its first line, the header, is then
 * written with the real names, escaped as Arquero escapes them.
 */
async function markdown(columns: readonly string[], rows: readonly Record<string, Plain>[]): Promise<string> {
  const aq = await import("arquero");
  const cells = columns.map((name, i) => [`c${i}`, rows.map((row) => visible(cellText(columnValue(row, name))))]);
  const text = aq.table(Object.fromEntries(cells)).toMarkdown();
  const header = `|${columns.map((name) => visible(name).replace(/\|/g, "\\|")).join("|")}|`;
  return header + text.slice(text.indexOf("\n"));
}

function textTable(columns: readonly string[], rows: readonly Record<string, Plain>[], available?: number): string {
  // Control characters made visible first, so the widths, the cuts and the rows are those shown.
  const cells = [columns.map(visible), ...rows.map((row) => columns.map((name) => visible(cellText(columnValue(row, name)))))];
  // A loop, not Math.max(...): a query can return more rows than a call takes arguments.
  const widths = fitWidths(
    columns.map((_, i) => cells.reduce((width, line) => Math.max(width, line[i].length), 0)),
    available,
  );
  const isNumber = (value: Plain) => value === null || typeof value === "number";
  const numeric = columns.map((name) => rows.length > 0 && rows.every((row) => isNumber(columnValue(row, name))));
  const format = (line: string[]) =>
    line
      .map((cell, i) => cut(cell, widths[i]))
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [format(cells[0]), rule, ...cells.slice(1).map(format)].join("\n") + "\n";
}

export async function render(
  columns: readonly string[],
  rows: readonly Record<string, Plain>[],
  format: Format,
  options: RenderOptions = {},
): Promise<string> {
  switch (format) {
    case "csv":
      return csv(columns, rows);
    case "markdown":
      return ensureNewline(await markdown(columns, rows));
    case "json":
      return JSON.stringify(objects(columns, rows), null, 2) + "\n";
    case "ndjson":
      return objects(columns, rows)
        .map((row) => JSON.stringify(row) + "\n")
        .join("");
    case "list":
      return rows.map((row) => visible(cellText(columnValue(row, columns[0]))) + (options.eol ?? "\n")).join("");
    case "table":
      return textTable(columns, rows, options.width);
  }
}
