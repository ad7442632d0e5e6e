import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendDay, generateShare } from "../bench/generate.js";
import { treeDigest } from "../scripts/tree-digest.js";
import { runCli } from "./helpers/cli.js";
import { contentChecksum } from "./helpers/db.js";

const HOSTS = 200;
const work = mkdtempSync(path.join(os.tmpdir(), "smslog-bench-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file below `dir` as a sorted list of relative paths, and one hash of paths and bytes. */
function snapshot(dir: string): { files: string[]; hash: string } {
  const { files, digest } = treeDigest(dir);
  return { files, hash: digest };
}

describe("bench/generate.ts", () => {
  const shareA = path.join(work, "a");
  const stats = generateShare(shareA, { hosts: HOSTS, seed: 7 });

  it("is deterministic for a seed, and a different seed gives a different share", () => {
    const again = generateShare(path.join(work, "b"), { hosts: HOSTS, seed: 7 });
    const other = generateShare(path.join(work, "c"), { hosts: HOSTS, seed: 8 });
    const a = snapshot(shareA);
    const b = snapshot(path.join(work, "b"));
    expect(b.files).toEqual(a.files);
    expect(b.hash).toBe(a.hash);
    expect(again).toEqual(stats);
    expect(snapshot(path.join(work, "c")).hash).not.toBe(a.hash);
    expect(other.files).toBeGreaterThan(0);
    rmSync(path.join(work, "b"), { recursive: true, force: true });
    rmSync(path.join(work, "c"), { recursive: true, force: true });
  });

  it("mixes the three collection conventions, with about 25 lines a host", () => {
    const { files } = snapshot(shareA);
    expect(files.length).toBe(stats.files);
    expect(files.every((f) => /^(per-host\/[^/]+|per-run\/[^/]+\/\d{8}-\d{4}|per-user\/[^/]+)\.log$/.test(f))).toBe(true);
    for (const convention of ["per-host/", "per-run/", "per-user/"]) expect(files.some((f) => f.startsWith(convention))).toBe(true);
    expect(stats.perHostFiles + stats.perRunFiles + stats.perUserFiles).toBe(stats.files);
    expect(stats.lines / HOSTS).toBeGreaterThan(20);
    expect(stats.lines / HOSTS).toBeLessThan(30);
    expect(stats.stuckHosts).toBeGreaterThan(0);
    expect(stats.stuckHostNames).toHaveLength(stats.stuckHosts);
    expect(stats.cleanHosts + stats.stuckHosts + stats.recoveredHosts + stats.otherExeHosts).toBe(HOSTS);
    // Per-user files carry COMPUTERNAME= and %DATE% %TIME% headers.
    const user = files.find((f) => f.startsWith("per-user/"))!;
    const bytes = readFileSync(path.join(shareA, user));
    const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString("utf16le") : bytes.toString("latin1");
    expect(text).toMatch(/^COMPUTERNAME=[A-Z]+\d+\r\n(Mon|Tue|Wed|Thu|Fri) \d\d\/\d\d\/1999 [ \d]\d:\d\d:\d\d\.\d\d\r\n/);
  });

  it("gives exactly the affected hosts it reports when ingested with the real CLI, as the benchmark does (default options)", async () => {
    const db = path.join(work, "bench.duckdb");
    const ingest = await runCli(["ingest", "--db", db, shareA]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stderr).toMatch(
      new RegExp(`ingested ${stats.files} file\\(s\\), 0 unchanged, 0 skipped, 0 error\\(s\\).* ${HOSTS} hosts in the database`),
    );

    const all = await runCli(["affected", "--format", "json", "--db", db]);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toHaveLength(stats.affectedHosts);

    const blocked = await runCli(["affected", "--status", "blocked", "--format", "json", "--db", db]);
    expect(blocked.code, blocked.stderr).toBe(0);
    const stuck = (JSON.parse(blocked.stdout) as { host: string }[]).map((row) => row.host).sort();
    expect(stuck).toHaveLength(stats.stuckHosts);
    expect(stuck).toEqual(stats.stuckHostNames);
  });

  it("makes an appended share: per-host logs and large per-user logs, which appendDay grows by one logon each", async () => {
    const dir = path.join(work, "appended");
    const appended = generateShare(dir, { hosts: HOSTS, seed: 7, shape: "appended" });
    expect(appended.perRunFiles).toBe(0);
    expect(appended.perHostFiles / HOSTS).toBeGreaterThan(0.25);
    expect(appended.perHostFiles / HOSTS).toBeLessThan(0.42);
    expect(appended.perUserFiles).toBeLessThan(HOSTS / 20);
    const log = appended.appendable[0];
    const before = readFileSync(path.join(dir, log.rel));
    const db = path.join(work, "grown.duckdb");
    expect((await runCli(["ingest", "--db", db, dir])).code).toBe(0);
    const added = appendDay(dir, appended.appendable, 1);
    expect(added).toBeGreaterThanOrEqual(4 * appended.appendable.length);
    const after = readFileSync(path.join(dir, log.rel));
    // An append: the old content is the beginning of the new.
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
    const grown = await runCli(["ingest", "--db", db, dir]);
    expect(grown.stderr).toMatch(
      new RegExp(`ingested ${appended.appendable.length} file\\(s\\), ${appended.files - appended.appendable.length} unchanged`),
    );
    const fresh = path.join(work, "fresh.duckdb");
    expect((await runCli(["ingest", "--db", fresh, dir])).code).toBe(0);
    expect(await contentChecksum(db)).toEqual(await contentChecksum(fresh));
  });
});
