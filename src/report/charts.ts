/**
 * The report's charts: Vega-Lite specs compiled with vega-lite and rendered to SVG by
 * vega's headless View, in Node. The SVG goes into the page as it is: no script, no
 * network, it prints.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ChangeCount, DayCount, ExeCount, Period, ReportData, StreakCount } from "./data.js";

export interface Chart {
  id: "blocked-per-day" | "new-vs-recovered" | "streaks" | "exes";
  title: string;
  /** What the chart counts, in a sentence, for the caption. */
  caption: string;
  /** The SVG, or null when there is nothing to draw (the page says so instead). */
  svg: string | null;
  /** The Vega-Lite spec it was drawn from. */
  spec: TopLevelSpec;
}

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export const COLORS = {
  blocked: "#c0392b",
  newHosts: "#e67e22",
  recovered: "#2e86c1",
  ended: "#95a5a6",
  other: "#7f8c8d",
} as const;

const WIDTH = 860;

/** Shared look: no outer border, quiet grid, the page's font. */
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: "normal",
    titleColor: "#444",
    labelColor: "#333",
    gridColor: "#e5e5e5",
    domainColor: "#888",
    tickColor: "#888",
  },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "top", title: null, labelLimit: 400 },
} as const;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `12 Apr`, with the year when asked: `12 Apr 1999`; a month alone: `Apr 1999`. */
export function dayLabel(day: string, period: Period, withYear: boolean): string {
  const [year, month, date] = day.split("-");
  const monthName = MONTHS[Number(month) - 1] ?? month;
  if (period === "month") return `${monthName} ${year}`;
  return withYear ? `${Number(date)} ${monthName} ${year}` : `${Number(date)} ${monthName}`;
}

/** Compile a Vega-Lite spec and render it to an SVG string without a browser. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile(spec);
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const DAY_MS = 86_400_000;

export function blockedPerDaySpec(days: DayCount[]): TopLevelSpec {
  const oneYear = new Set(days.map((day) => day.day.slice(0, 4))).size <= 1;
  const times = days.map((day) => Date.parse(`${day.day}T00:00:00Z`));
  const first = Math.min(...times);
  const span = days.length === 0 ? 0 : Math.round((Math.max(...times) - first) / DAY_MS) + 1;
  const y = { field: "hosts", type: "quantitative", title: "hosts", axis: { tickMinStep: 1, format: "d" } } as const;

  if (span > 0 && span <= 45) {
    // A month or so: one band per calendar day, days without blocked runs left empty, labels under the bars.
    const hosts = new Map(days.map((day) => [day.day, day.hosts]));
    const values = Array.from({ length: span }, (_, order) => {
      const day = new Date(first + order * DAY_MS).toISOString().slice(0, 10);
      return { day, order, label: dayLabel(day, "day", !oneYear), hosts: hosts.get(day) ?? 0 };
    });
    return {
      width: span * 64 < WIDTH ? { step: 64 } : WIDTH,
      height: 180,
      config: CONFIG,
      data: { values },
      mark: { type: "bar", color: COLORS.blocked, tooltip: { content: "data" } },
      encoding: {
        x: {
          field: "label",
          type: "ordinal",
          sort: { field: "order" },
          title: null,
          axis: { labelAngle: 0, labelOverlap: "greedy" },
          scale: { paddingInner: 0.15 },
        },
        y,
      },
    };
  }

  return {
    width: WIDTH,
    height: 180,
    config: CONFIG,
    data: { values: days },
    mark: { type: "bar", color: COLORS.blocked, tooltip: true },
    encoding: {
      x: {
        field: "day",
        type: "temporal",
        timeUnit: "utcyearmonthdate",
        title: null,
        axis: { format: oneYear ? "%-d %b" : "%-d %b %Y", labelOverlap: true, grid: false },
      },
      y,
    },
  };
}

export function changesSpec(changes: ChangeCount[], period: Period): TopLevelSpec {
  const withYear = new Set(changes.map((change) => change.period.slice(0, 4))).size > 1;
  const values = changes.flatMap((change, order) => {
    const label = dayLabel(change.period, period, withYear);
    return [
      { label, order, kind: "new", hosts: change.new_hosts },
      { label, order, kind: "recovered", hosts: change.recovered_hosts },
    ];
  });
  const title = period === "day" ? "day" : period === "week" ? "week starting Monday" : "month";
  return {
    // Few periods: narrower, so one or two periods do not make slabs.
    width: Math.min(WIDTH, Math.max(240, changes.length * 180)),
    height: 150,
    config: CONFIG,
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: {
        field: "label",
        type: "ordinal",
        sort: { field: "order" },
        title,
        axis: { labelAngle: 0, labelOverlap: true },
        scale: { paddingInner: 0.25 },
      },
      xOffset: { field: "kind", type: "nominal", sort: ["new", "recovered"] },
      y: { field: "hosts", type: "quantitative", title: "hosts", axis: { tickMinStep: 1, format: "d" } },
      color: {
        field: "kind",
        type: "nominal",
        scale: { domain: ["new", "recovered"], range: [COLORS.newHosts, COLORS.recovered] },
        legend: { labelExpr: "datum.label == 'new' ? 'newly affected' : 'recovered'" },
      },
    },
  };
}

export function streaksSpec(streaks: StreakCount[]): TopLevelSpec {
  const values = streaks.flatMap((streak) => [
    { length: streak.length, state: "ongoing", streaks: streak.ongoing },
    { length: streak.length, state: "ended", streaks: streak.ended },
  ]);
  return {
    width: 330,
    height: 180,
    config: CONFIG,
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "length", type: "ordinal", title: "consecutive blocked runs", axis: { labelAngle: 0 } },
      y: { field: "streaks", type: "quantitative", title: "streaks", stack: "zero", axis: { tickMinStep: 1, format: "d" } },
      color: {
        field: "state",
        type: "nominal",
        scale: { domain: ["ongoing", "ended"], range: [COLORS.blocked, COLORS.ended] },
        legend: { labelExpr: "datum.label == 'ongoing' ? 'ongoing (still blocked)' : 'ended'" },
      },
      order: { field: "state", sort: "descending" },
    },
  };
}

export function exesSpec(exes: ExeCount[], selected: string): TopLevelSpec {
  const values = exes.map((exe) => ({ ...exe, selected: exe.exe === selected ? "selected" : "other" }));
  return {
    width: 300,
    height: { step: 26 },
    config: CONFIG,
    data: { values },
    encoding: {
      y: { field: "exe", type: "nominal", sort: { field: "hosts", op: "max", order: "descending" }, title: null, axis: { labelLimit: 160 } },
      x: { field: "hosts", type: "quantitative", title: "hosts blocked by it", axis: { tickMinStep: 1, format: "d" } },
    },
    layer: [
      {
        mark: { type: "bar", tooltip: true },
        encoding: {
          color: {
            field: "selected",
            type: "nominal",
            scale: { domain: ["selected", "other"], range: [COLORS.blocked, COLORS.other] },
            legend: null,
          },
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, color: "#333", fontSize: 11 },
        encoding: { text: { field: "blocked_runs", type: "quantitative", format: "d" } },
      },
    ],
  };
}

/** Every chart of the report, rendered; a chart without data has svg null. */
export async function renderCharts(data: ReportData): Promise<Chart[]> {
  const specs: Omit<Chart, "svg">[] = [
    {
      id: "blocked-per-day",
      title: "Hosts blocked per day",
      caption: `Hosts with at least one run that day reporting "Client component in use" with ${data.exe} active.`,
      spec: blockedPerDaySpec(data.blockedPerDay),
    },
    {
      id: "new-vs-recovered",
      title: `New vs recovered hosts per ${data.changePeriod}`,
      caption: `Affected hosts by the ${data.changePeriod} of their first blocked run, and recovered hosts by the ${data.changePeriod} of their first clean run after the last blocked one.`,
      spec: changesSpec(data.changes, data.changePeriod),
    },
    {
      id: "streaks",
      title: "Streak lengths",
      caption: `Each streak is a run of consecutive runs of one affected host blocked by ${data.exe}; ongoing streaks end at the host's latest run.`,
      spec: streaksSpec(data.streaks),
    },
    {
      id: "exes",
      title: "Top active executables",
      caption: `Executables named "Client executable active" in blocked runs, by hosts; the number is blocked runs. ${data.exe} is in red.`,
      spec: exesSpec(data.exes, data.exe),
    },
  ];
  const empty: Record<Chart["id"], boolean> = {
    "blocked-per-day": data.blockedPerDay.length === 0,
    "new-vs-recovered": data.changes.length === 0,
    streaks: data.streaks.length === 0,
    exes: data.exes.length === 0,
  };
  const charts: Chart[] = [];
  // One at a time: vega numbers clip paths and gradients in a module-wide counter, so ids stay unique on the page.
  for (const chart of specs) charts.push({ ...chart, svg: empty[chart.id] ? null : await renderSvg(chart.spec) });
  return charts;
}
