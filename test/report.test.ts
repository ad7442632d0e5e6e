import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderCharts } from "../src/report/charts.js";
import type { ReportData } from "../src/report/data.js";
import { renderReportHtml } from "../src/report/html.js";
import { launchChromium } from "./helpers/browser.js";
import { REPO, runCli } from "./helpers/cli.js";

// Written on every run (CI too) where git does not see it; docs/report.png is a copy made by hand.
const SCREENSHOT = path.join(REPO, "test-output", "report.png");
const CHARTS = ["blocked-per-day", "new-vs-recovered", "streaks", "exes"];

let dir: string;
let db: string;
let report: string;

/** The text of the element `data-stat="key"` holds as its value. */
function stat(html: string, key: string): string | undefined {
  return new RegExp(`data-stat="${key}"><span class="label">[^<]*</span><span class="value">([^<]*)</span>`).exec(html)?.[1];
}

/** Host names in the order the table with this id lists them. */
function tableHosts(html: string, id: string): string[] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? "";
  return [...table.matchAll(/<td class="host[^"]*">([^<]*)<\/td>/g)].map((match) => match[1]);
}

/** src= / href= / url(...) values that point at the network. */
function networkReferences(html: string): string[] {
  const attributes = [...html.matchAll(/\b(?:src|href|xlink:href|srcset|action|poster|data)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]*)/gi)].map((m) => m[1]);
  const cssUrls = [...html.matchAll(/url\(\s*["']?\s*((?:https?:)?\/\/[^"')]*)/gi)].map((m) => m[1]);
  return [...attributes, ...cssUrls];
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "smslog-report-"));
  db = path.join(dir, "samples.duckdb");
  const ingest = await runCli(["ingest", "--db", db, "--host-pattern", "^[^/]+/(?<host>[^/.]+)", path.join(REPO, "samples")]);
  expect(ingest.code, ingest.stderr).toBe(0);
  // No -o: report.html in the current folder.
  report = path.join(dir, "report.html");
  const result = await runCli(["report", "--db", "samples.duckdb"], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(report);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("smslog report on samples/", () => {
  it("writes one self-contained page with the headline numbers and the still-blocked hosts, worst first", () => {
    const html = readFileSync(report, "utf8");
    expect(networkReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import/i);
    expect(html).toContain("default-src 'none'");

    expect(stat(html, "hosts_seen")).toBe("13");
    expect(stat(html, "affected")).toBe("5");
    expect(stat(html, "still_blocked")).toBe("4");
    expect(stat(html, "recovered")).toBe("1");
    expect(stat(html, "runs")).toBe("45");
    expect(stat(html, "date_range")).toMatch(/^1999-04-12 – \d{4}-\d{2}-\d{2}$/);
    expect(tableHosts(html, "still-blocked")).toEqual(["WKS00012", "WKS00041", "WKS00045", "WKS00061"]);
    expect(tableHosts(html, "recovered")).toEqual(["WKS00017"]);
    expect(html).toContain("Fix (KB Q168463): on each blocked host set the PCM service (pcmsvc32.exe)");

    // Every chart is an inline SVG drawn by Vega.
    for (const id of CHARTS) {
      const figure = new RegExp(`<figure[^>]*data-chart="${id}"[^>]*>([\\s\\S]*?)</figure>`).exec(html)?.[1] ?? "";
      expect(figure, id).toMatch(/<svg [^>]*class="marks"/);
    }
  });

  // SMSLOG_CHROMIUM, else a system Chromium, else the devDependency's build: never skipped.
  it("opens in headless Chromium with no request and no error, with marks in every chart", async () => {
    const { browser, choice } = await launchChromium();
    console.log(`Chromium ${browser.version()} from ${choice.source}: ${choice.executablePath}`);
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("request", (request) => {
        if (!/^(file|data):/.test(request.url())) requests.push(request.url());
      });
      await page.goto(pathToFileURL(report).href, { waitUntil: "load" });

      for (const id of CHARTS) {
        const marks = await page.locator(`[data-chart="${id}"] svg :is(.mark-rect, .mark-symbol, .mark-line, .mark-area) path`).count();
        expect(marks, id).toBeGreaterThan(0);
        const box = await page.locator(`[data-chart="${id}"] svg`).boundingBox();
        expect(box?.width ?? 0, id).toBeGreaterThan(200);
      }
      expect(await page.locator("#still-blocked tbody tr").count()).toBe(4);

      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("takes --exe, --since and --until as `smslog affected` does", async () => {
    const windowed = path.join(dir, "may.html");
    const other = path.join(dir, "wuser.html");
    const args = ["--db", db, "--since", "1999-05-01", "--until", "1999-05-31"];
    // Read-only opens of one database: these can run side by side.
    const [result, affected, wuser, bad] = await Promise.all([
      runCli(["report", ...args, "-o", windowed]),
      runCli(["affected", ...args, "--format", "json"]),
      runCli(["report", "--db", db, "--exe", "WUSER32.EXE", "-o", other]),
      runCli(["report", "--db", db, "--since", "last week", "-o", path.join(dir, "bad.html")]),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(affected.code, affected.stderr).toBe(0);
    const rows = JSON.parse(affected.stdout) as { host: string; status: string }[];
    const html = readFileSync(windowed, "utf8");
    expect(stat(html, "affected")).toBe(String(rows.length));
    expect(tableHosts(html, "still-blocked")).toEqual(rows.filter((row) => row.status === "blocked").map((row) => row.host));
    expect(tableHosts(html, "still-blocked")).toEqual(["WKS00041", "WKS00061"]);
    expect(stat(html, "hosts_seen")).toBe("7");

    expect(wuser.code, wuser.stderr).toBe(0);
    const wuserHtml = readFileSync(other, "utf8");
    expect(tableHosts(wuserHtml, "still-blocked")).toEqual(["WKS00023"]);
    // KB Q168463 documents a fix for the PCM service only: none is made up for wuser32.exe.
    expect(wuserHtml).not.toContain('id="fix"');
    expect(wuserHtml).not.toContain("PCM service");

    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since takes a real date/);
    expect(existsSync(path.join(dir, "bad.html"))).toBe(false);
  });
});

describe("the report page", () => {
  it("escapes every value from the database, in the HTML and in the charts", async () => {
    const evil = `<img src=x onerror="alert(1)">&'`;
    const data: ReportData = {
      exe: evil,
      since: null,
      until: null,
      headline: { hosts_seen: 1, affected: 1, still_blocked: 1, recovered: 1, runs: 3, first_run: evil, last_run: evil, runs_dated_by_mtime: 0 },
      blockedPerDay: [{ day: "1999-04-12", hosts: 1 }],
      changePeriod: "day",
      changes: [{ period: "1999-04-12", new_hosts: 1, recovered_hosts: 0 }],
      streaks: [{ length: 1, ongoing: 1, ended: 0 }],
      exes: [{ exe: evil, hosts: 1, blocked_runs: 2 }],
      stillBlocked: [{ host: evil, blocked_runs: 2, total_runs: 2, first_blocked: evil, last_blocked: evil, last_run: evil, status: "blocked", streak: 2 }],
      recovered: [{ host: evil, blocked_runs: 2, total_runs: 3, first_blocked: evil, last_blocked: evil, last_run: evil, status: "recovered", streak: 0, recovered_at: evil }],
    };
    const charts = await renderCharts(data);
    const html = renderReportHtml(data, charts, { fix: evil, generatedAt: new Date(0), database: evil });
    expect(html).not.toContain("<img");
    expect(html).not.toMatch(/onerror="/);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
  });
});
