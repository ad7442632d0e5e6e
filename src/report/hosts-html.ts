/**
 * The report's host lists, each host a `<details>` that opens to its runs and their own log
 * lines: the evidence, one click away, with no script. A filter box over the lists is the
 * page's one script, allowed by its hash in the Content-Security-Policy (not 'unsafe-inline').
 *
 * The page must stay one file and load fast at 10,000 affected hosts, so the markup is
 * lean: a run is a heading and one `<pre>`; its file's path is written when it changes.
 */
import { createHash } from "node:crypto";
import type { AffectedHost } from "../query/affected.js";
import type { RecoveredHost } from "./data.js";
import type { HostRun, RunLine } from "./runs.js";
import { escapeHtml, showTime } from "./text.js";

export const HOSTS_CSS = `
.hosts { margin-top: 8px; font-variant-numeric: tabular-nums; }
.hosts .row { display: grid; gap: 0 10px; padding: 5px 10px; border-bottom: 1px solid var(--line); align-items: baseline; }
#still-blocked .row { grid-template-columns: 3em minmax(8em, 11em) 4.5em 9.5em 1fr 1fr; }
#recovered .row { grid-template-columns: minmax(8em, 11em) 9.5em 1fr 1fr 1fr; }
.hosts .head { font-size: 12px; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); }
.hosts .num { text-align: right; }
.hosts summary { cursor: pointer; list-style: none; }
.hosts summary::-webkit-details-marker { display: none; }
.hosts summary:hover { background: var(--soft); }
.hosts .name { font-weight: 600; }
.hosts .name::before { content: "▸ "; color: var(--muted); }
.hosts details[open] > summary .name::before { content: "▾ "; }
.hosts details[open] > summary { background: var(--soft); }
/* 10,000 hosts: rows off screen are not laid out until scrolled to (load took 3x longer without). */
.hosts details { content-visibility: auto; contain-intrinsic-size: auto 31px; }
.hosts [hidden] { display: none !important; }
.runs { padding: 4px 10px 12px 28px; border-bottom: 1px solid var(--line); }
.runs .file { margin: 8px 0 2px; color: var(--muted); font-size: 12px; word-break: break-all; }
.runs h4 { margin: 8px 0 2px; font-size: 12.5px; font-weight: normal; }
.runs h4 b { font-weight: 600; }
.runs h4.blocked b { color: var(--blocked); }
.runs h4.clear b { color: var(--recovered); }
.runs h4.inconclusive b { color: var(--muted); }
.runs pre { margin: 0; padding: 4px 8px; background: var(--soft); border-radius: 4px; overflow-x: auto; font: 12px/1.4 ui-monospace, 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', monospace; }
.runs mark { background: #f9d6d2; color: inherit; font-weight: 600; }
.filter { margin: 12px 0 0; }
.filter input { font: inherit; padding: 4px 8px; width: 16em; border: 1px solid var(--line); border-radius: 4px; }
.filter output { margin-left: 8px; color: var(--muted); font-size: 12.5px; }
@media print { .filter { display: none; } .runs pre { background: none; } .hosts details { content-visibility: visible; } }
`;

/** The filter box: hidden until the script below shows it, so a page without scripts shows no dead box. */
export const FILTER_BOX = `<div class="filter" id="filter" hidden><label>Filter hosts <input type="search" placeholder="part of a host name" autocomplete="off" spellcheck="false"></label><output></output></div>`;

/**
 * Hides the host rows whose name does not contain what is typed (any case), in both lists,
 * and says how many are shown. The page's only script; its hash goes into the CSP.
 */
export const FILTER_SCRIPT = `(() => {
  const box = document.getElementById("filter");
  if (!box) return;
  const input = box.querySelector("input");
  const count = box.querySelector("output");
  const rows = [...document.querySelectorAll("details.host")];
  box.hidden = false;
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toUpperCase();
    let shown = 0;
    for (const row of rows) {
      row.hidden = wanted !== "" && !row.dataset.host.toUpperCase().includes(wanted);
      if (!row.hidden) shown++;
    }
    count.textContent = wanted === "" ? "" : shown + " of " + rows.length + " hosts";
  });
})();`;

/** `'sha256-…'` of the script, for `script-src`: the browser runs it and nothing else. */
export const filterScriptHash = () => `'sha256-${createHash("sha256").update(FILTER_SCRIPT, "utf8").digest("base64")}'`;

/** The file name of a path written on Windows or elsewhere. */
const fileName = (path: string) => path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);

function linesHtml(lines: readonly RunLine[]): string {
  const width = lines.length === 0 ? 1 : String(lines[lines.length - 1].line_no).length;
  return lines
    .map((line) => {
      const text = `${String(line.line_no).padStart(width)}  ${escapeHtml(line.text)}`;
      return line.warning ? `<mark>${text}</mark>` : text;
    })
    .join("\n");
}

const INFERRED = `<abbr title="no time of its own: placed after the run before it in its file">inferred</abbr>`;

/** A host's runs: for each, its time (marked when inferred), outcome, active executables, FILE:LINES and its lines. */
export function runsHtml(runs: readonly HostRun[]): string {
  let path: string | null = null;
  const parts: string[] = [];
  for (const run of runs) {
    if (run.path !== path) {
      path = run.path;
      parts.push(`<p class="file mono">${escapeHtml(path)}</p>`);
    }
    const time = run.time === null ? "time unknown" : escapeHtml(showTime(run.time)) + (run.inferred ? ` (${INFERRED})` : "");
    const active = run.active_exes ? ` · active: ${escapeHtml(run.active_exes)}` : "";
    const place = `${escapeHtml(fileName(run.path))}:${run.first_line}-${run.last_line}`;
    parts.push(
      `<h4 class="${escapeHtml(run.outcome)}">${time} · <b>${escapeHtml(run.outcome)}</b>${active} · <span class="mono">${place}</span></h4><pre>${linesHtml(run.lines)}</pre>`,
    );
  }
  return parts.length > 0 ? parts.join("\n") : `<p class="note">No runs in this window.</p>`;
}

interface Column<T> {
  label: string;
  numeric?: boolean;
  cell: (host: T, index: number) => string;
}

function hostList<T extends AffectedHost>(
  id: string,
  hosts: readonly T[],
  columns: readonly Column<T>[],
  runs: ReadonlyMap<string, HostRun[]>,
): string {
  const span = (column: Column<T>, text: string) => (column.numeric ? `<span class="num">${text}</span>` : `<span>${text}</span>`);
  const head = `<div class="row head">${columns.map((column) => span(column, escapeHtml(column.label))).join("")}</div>`;
  const rows = hosts.map((host, i) => {
    const cells = columns.map((column) => span(column, column.cell(host, i))).join("");
    return `<details class="host" data-host="${escapeHtml(host.host)}"><summary class="row">${cells}</summary><div class="runs">
${runsHtml(runs.get(host.host) ?? [])}
</div></details>`;
  });
  return `<div class="hosts" id="${id}">\n${head}\n${rows.join("\n")}\n</div>`;
}

const hostName = { label: "Host", cell: (host: AffectedHost) => `<span class="name mono">${escapeHtml(host.host)}</span>` };
const blockedOfAll = {
  label: "Blocked / all runs",
  numeric: true,
  cell: (host: AffectedHost) => `${escapeHtml(host.blocked_runs)} / ${escapeHtml(host.total_runs)}`,
};
const firstBlocked = { label: "First blocked", cell: (host: AffectedHost) => escapeHtml(showTime(host.first_blocked)) };

export function stillBlockedList(hosts: readonly AffectedHost[], runs: ReadonlyMap<string, HostRun[]>): string {
  return hostList(
    "still-blocked",
    hosts,
    [
      { label: "#", numeric: true, cell: (_, i) => String(i + 1) },
      hostName,
      { label: "Streak", numeric: true, cell: (host) => escapeHtml(host.streak) },
      blockedOfAll,
      firstBlocked,
      { label: "Latest run (blocked)", cell: (host) => escapeHtml(showTime(host.last_run)) },
    ],
    runs,
  );
}

export function recoveredList(hosts: readonly RecoveredHost[], runs: ReadonlyMap<string, HostRun[]>): string {
  return hostList(
    "recovered",
    hosts,
    [
      hostName,
      blockedOfAll,
      firstBlocked,
      { label: "Last blocked", cell: (host) => escapeHtml(showTime(host.last_blocked)) },
      { label: "First clean run after", cell: (host) => escapeHtml(showTime(host.recovered_at)) },
    ],
    runs,
  );
}
