/**
 * The report page: one HTML file with its CSS and SVG charts inline. It loads nothing (its
 * Content-Security-Policy forbids it, and allows only the host filter's inline script, by
 * its hash), so it opens the same from a file share, a mail attachment or a printer. Every
 * value from the database goes through `escapeHtml`.
 */
import type { Chart } from "./charts.js";
import { COLORS, FONT } from "./charts.js";
import { DEFAULT_MIN_RUNS } from "../query/defaults.js";
import type { ReportData } from "./data.js";
import { FILTER_BOX, FILTER_SCRIPT, filterScriptHash, HOSTS_CSS, recoveredList, stillBlockedList } from "./hosts-html.js";
import { escapeHtml, showTime } from "./text.js";

export interface PageOptions {
  /** The documented fix to apply on the still-blocked hosts, as plain text (paragraphs split by blank lines); null when there is none. */
  fix: string | null;
  /** When the report was made, shown in the footer. */
  generatedAt: Date;
  /** The database it was made from, shown in the footer. */
  database: string;
}

export { escapeHtml, showTime };

const number = (n: number) => n.toLocaleString("en-US");

const CSS = `
:root { --ink: #1d2327; --muted: #5f6b73; --line: #dde2e6; --soft: #f5f7f8; --blocked: ${COLORS.blocked}; --recovered: ${COLORS.recovered}; --new: ${COLORS.newHosts}; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; padding: 24px 16px 40px; font: 14px/1.45 ${FONT}; color: var(--ink); background: #fff; }
main { max-width: 960px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 2px; }
p { margin: 6px 0; }
code, .mono { font-family: ui-monospace, 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', monospace; font-size: 12.5px; }
.meta, .caption, .note, footer { color: var(--muted); }
.caption { font-size: 12.5px; margin: 0 0 8px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(110px, 1fr)); gap: 10px; margin: 18px 0 4px; padding: 0; list-style: none; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--soft); }
.stat .label { display: block; font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.stat .value { display: block; font-size: 26px; font-weight: 600; line-height: 1.2; font-variant-numeric: tabular-nums; }
.stat.range { grid-column: span 2; }
.stat.range .value { font-size: 17px; padding-top: 6px; }
.stat.blocked .value { color: var(--blocked); }
.stat.recovered .value { color: var(--recovered); }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 24px; }
figure { margin: 16px 0 0; break-inside: avoid; }
figure.wide { grid-column: 1 / -1; }
figure svg { display: block; max-width: 100%; height: auto; }
.empty { padding: 24px; text-align: center; background: var(--soft); border-radius: 6px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin-top: 8px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); white-space: nowrap; }
td.num, th.num { text-align: right; }
tbody tr:nth-child(even) { background: var(--soft); }
td.host { font-weight: 600; }
.fix { margin-top: 16px; border-left: 4px solid var(--blocked); background: #fdf2f1; padding: 10px 14px; border-radius: 0 6px 6px 0; break-inside: avoid; }
.fix h3 { margin-bottom: 4px; }
footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 12px; }
@media (max-width: 720px) { .charts { grid-template-columns: 1fr; } .stat.range { grid-column: auto; } }
@media print {
  @page { margin: 14mm; }
  body { padding: 0; font-size: 11px; }
  main { max-width: none; }
  h2 { margin-top: 18px; break-after: avoid; }
  .stat, .fix, tbody tr:nth-child(even) { background: none; }
  .stats, table, tr { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
}
`;

function stat(key: string, label: string, value: string, extraClass = ""): string {
  const classes = ["stat", extraClass].filter(Boolean).join(" ");
  return `<li class="${classes}" data-stat="${key}"><span class="label">${label}</span><span class="value">${value}</span></li>`;
}

function figure(chart: Chart, wide: boolean): string {
  const body = chart.svg ?? `<p class="empty">Nothing to show in this window.</p>`;
  return `<figure class="chart${wide ? " wide" : ""}" id="chart-${chart.id}" data-chart="${chart.id}">
<h3>${escapeHtml(chart.title)}</h3>
<p class="caption">${escapeHtml(chart.caption)}</p>
${body}
</figure>`;
}

function windowText(data: ReportData): string {
  if (data.since && data.until) return `runs from ${showTime(data.since)} up to (not including) ${showTime(data.until)}`;
  if (data.since) return `runs from ${showTime(data.since)} on`;
  if (data.until) return `runs before ${showTime(data.until)}`;
  return "all runs in the database";
}

/** The `smslog affected` command that lists the same hosts, for whoever wants them as data. */
function affectedCommandLine(data: ReportData): string {
  const parts = ["smslog affected", `--exe ${data.exe}`];
  if (data.since) parts.push(`--since ${data.since}`);
  if (data.until) parts.push(`--until ${new Date(Date.parse(`${data.until}Z`) - 1000).toISOString().slice(0, 19)}`);
  return parts.join(" ");
}

function stillBlockedHosts(data: ReportData): string {
  if (data.stillBlocked.length === 0) return `<p class="empty">No host is still blocked by ${escapeHtml(data.exe)}.</p>`;
  return stillBlockedList(data.stillBlocked, data.runs);
}

function recoveredHosts(data: ReportData): string {
  if (data.recovered.length === 0) return `<p class="note">No affected host has recovered in this window.</p>`;
  return recoveredList(data.recovered, data.runs);
}

function fixBlock(fix: string | null): string {
  if (fix === null) return "";
  const paragraphs = fix
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.replace(/\s*\n\s*/g, " "))}</p>`)
    .join("\n");
  return `<div class="fix" id="fix"><h3>What to do</h3>\n${paragraphs}\n</div>`;
}

export function renderReportHtml(data: ReportData, charts: Chart[], options: PageOptions): string {
  const h = data.headline;
  const exe = escapeHtml(data.exe);
  const range = h.first_run ? `${escapeHtml(showTime(h.first_run).slice(0, 10))} – ${escapeHtml(showTime(h.last_run).slice(0, 10))}` : "—";
  const mtimeNote =
    h.runs_dated_by_mtime > 0
      ? `<p class="note">${number(h.runs_dated_by_mtime)} run${h.runs_dated_by_mtime === 1 ? " has" : "s have"} no date in its log and ${h.runs_dated_by_mtime === 1 ? "is" : "are"} dated by the file's modification time, which can stretch the date range.</p>`
      : "";
  const byId = new Map(charts.map((chart) => [chart.id, chart]));
  const chartHtml = (id: Chart["id"], wide: boolean) => {
    const chart = byId.get(id);
    return chart ? figure(chart, wide) : "";
  };

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${filterScriptHash()}">
<meta name="generator" content="smslog report">
<title>smslog report: ${exe}</title>
<style>${CSS}${HOSTS_CSS}</style>
</head>
<body>
<main>
<header>
<h1>Hosts stuck on “Client component in use”: ${exe}</h1>
<p class="meta">Upgrades of the SMS client components postponed because <code>${exe}</code> was running from Ms\\Sms\\Bin (KB Q168463). Window: ${escapeHtml(windowText(data))}.</p>
</header>

<section id="headline" aria-label="Headline numbers">
<ul class="stats">
${stat("hosts_seen", "Hosts seen", number(h.hosts_seen))}
${stat("affected", "Affected", number(h.affected))}
${stat("still_blocked", "Still blocked", number(h.still_blocked), "blocked")}
${stat("recovered", "Recovered", number(h.recovered), "recovered")}
${stat("runs", "Runs", number(h.runs))}
${stat("date_range", "Date range", range, "range")}
</ul>
<p class="note">Affected: hosts with at least ${DEFAULT_MIN_RUNS} runs blocked by ${exe} in the window. Still blocked: their latest conclusive run (one that reached the client-component check) was blocked; recovered: it was clear. Runs that stopped before the check (an error, cut short) decide nothing.</p>
${mtimeNote}
</section>

<section id="trend">
<h2>Over time</h2>
<div class="charts">
${chartHtml("blocked-per-day", true)}
${chartHtml("new-vs-recovered", true)}
${chartHtml("streaks", false)}
${chartHtml("exes", false)}
</div>
</section>

<section id="blocked">
<h2>Still blocked: ${number(data.stillBlocked.length)} host${data.stillBlocked.length === 1 ? "" : "s"}, worst first</h2>
<p class="caption">Streak: consecutive blocked runs up to the latest. Open a host for its runs and their log lines. The same list as data: <code>${escapeHtml(affectedCommandLine(data))} --status blocked</code></p>
${data.stillBlocked.length + data.recovered.length > 0 ? FILTER_BOX : ""}
${stillBlockedHosts(data)}
${fixBlock(options.fix)}
</section>

<section id="recovered-hosts">
<h2>Recovered</h2>
${recoveredHosts(data)}
</section>

<footer>Made by <code>smslog report</code> from ${escapeHtml(options.database)} on ${escapeHtml(options.generatedAt.toISOString().slice(0, 16).replace("T", " "))} UTC. Times are the hosts' local times as logged.</footer>
</main>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}
