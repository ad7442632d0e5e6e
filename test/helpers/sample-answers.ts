/**
 * What the named queries answer on samples/ (ingested with SAMPLES_PATTERN; samples/README.md
 * says why), in one place: test/query.test.ts asks them in this process, test/answers.test.ts
 * through the CLI, and both must get these answers.
 */
import path from "node:path";
import { expect } from "vitest";
import { inSamples } from "./cli.js";

/** Named queries the catalog must hold (it may hold more). */
export const SAMPLE_QUERY_NAMES = [
  "hosts",
  "hosts-per-exe",
  "blocked-per-day",
  "never-verified",
  "errors",
  "problem-files",
  "unrecognized-lines",
  "runs-without-time",
  "runs-without-host",
  "invalid-hosts",
  "duplicate-runs",
];

/** `answers`: each named query's rows, by its name. */
export function expectSampleAnswers(answers: Record<string, Record<string, unknown>[]>): void {
  expect(Object.keys(answers)).toEqual(expect.arrayContaining(SAMPLE_QUERY_NAMES));
  // Every host with its runs, first and last seen, and its latest run's outcome and place.
  expect(answers["hosts"]).toHaveLength(13);
  const host = (name: string) => answers["hosts"].find((row) => row.host === name);
  expect(host("WKS00012")).toEqual({
    host: "WKS00012",
    runs: 6,
    blocked_runs: 6,
    first_seen: "1999-04-12T08:15:00",
    last_seen: "1999-04-20T12:40:00",
    last_outcome: "blocked",
    last_active: "pcmsvc32.exe",
    last_run: `${inSamples("per-host/WKS00012.log")}:37-43`,
  });
  expect(host("WKS00017")).toMatchObject({ runs: 6, blocked_runs: 4, last_outcome: "clear", last_active: "" });
  expect(answers["hosts-per-exe"].map((r) => [r.exe, r.hosts, r.blocked_runs, r.first_seen])).toEqual([
    ["pcmsvc32.exe", 6, 22, "1999-04-12T08:15:00"],
    ["wuser32.exe", 1, 3, "1999-04-26T08:31:00"],
  ]);
  expect(answers["blocked-per-day"][0]).toEqual({ day: "1999-04-12", hosts: 2, blocked_runs: 2 });
  expect(answers["never-verified"].map((r) => r.host)).toEqual(["WKS00081", "WKS00082"]);
  expect(answers["errors"].map((r) => [r.host, r.code, r.times])).toEqual([
    ["WKS00028", 259, 1],
    ["WKS00070", 529, 1],
  ]);
  expect(answers["problem-files"].map((r) => [path.basename(r.path as string), r.status])).toEqual([["WKS00099.log", "skipped"]]);
  expect(answers["unrecognized-lines"].map((r) => r.text)).toContain("Problem opening or creating SMS.INI");
  expect(answers["runs-without-time"]).toEqual([]);
  expect(answers["runs-without-host"]).toEqual([]);
  expect(answers["invalid-hosts"]).toEqual([]);
  expect(answers["duplicate-runs"]).toEqual([]);
}
