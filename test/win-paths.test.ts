/**
 * Host attribution and --host-pattern on Windows paths (a UNC share, a drive), through
 * path.win32, since CI runs on Linux where node:path is posix.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hostFromPath } from "../src/ingest/attribute.js";
import { relPathOf, type DiscoveryResult } from "../src/ingest/discover.js";
import type { HostFrom } from "../src/model/settings.js";

const win = path.win32;
const SAMPLES_PATTERN = /^[^/]+\/(?<host>[^/.]+)/;
/** `\\server\logs$\`: a share as path.resolve gives it, its root backslash kept. */
const SHARE_ROOT = "\\\\server\\logs$\\";

/** A discovery result as discoverFiles builds it on Windows: `folder + sep + name` under path.resolve(PATH). */
function found(given: string, relative: string[]): DiscoveryResult {
  const base = win.resolve(given);
  const paths = relative.map((rel) => rel.split("/").reduce((folder, name) => folder + win.sep + name, base));
  return {
    paths,
    baseIndex: new Int32Array(paths.length),
    bases: [base],
    sizes: new Float64Array(paths.length),
    mtimesUs: new Float64Array(paths.length),
    links: {},
    problems: {},
    rawPaths: {},
    warnings: [],
    options: { include: [], exclude: [] },
  };
}

const host = (file: string, relPath: string, hostFrom: HostFrom, hostPattern?: RegExp) =>
  hostFromPath({ path: file, relPath, mtimeUs: 0 }, { hostFrom, hostPattern }, win);

describe("Windows paths", () => {
  it("gives the path below a UNC share, a drive root or a folder, with / separators", () => {
    const share = found(String.raw`\\server\logs$`, ["per-host/WKS00012.log", "per-run/WKS00045/19990430-0811.log"]);
    // path.resolve keeps the share root's backslash: \\server\logs$\ is the base.
    expect(share.bases[0]).toBe(SHARE_ROOT);
    expect([0, 1].map((i) => relPathOf(share, i, win))).toEqual(["per-host/WKS00012.log", "per-run/WKS00045/19990430-0811.log"]);

    const folder = found(String.raw`C:\logs`, ["per-user/jsmith.log"]);
    expect(folder.paths[0]).toBe(String.raw`C:\logs\per-user\jsmith.log`);
    expect(relPathOf(folder, 0, win)).toBe("per-user/jsmith.log");

    // A file named on the command line at the root of a share or drive: its base is the root itself.
    const single = { ...found("C:\\", []), paths: [String.raw`\\server\logs$\WKS00099.log`], bases: [SHARE_ROOT], baseIndex: new Int32Array(1) };
    expect(relPathOf(single, 0, win)).toBe("WKS00099.log");
    const drive = { ...single, paths: ["C:\\WKS00098.log"], bases: ["C:\\"] };
    expect(relPathOf(drive, 0, win)).toBe("WKS00098.log");
  });

  it("takes the host from the file name, the folder, or --host-pattern over the path below PATH", () => {
    const perHost = String.raw`\\server\logs$\per-host\wks00012.log`;
    const perRun = String.raw`C:\logs\per-run\WKS00045\19990430-0811.log`;
    expect(host(perHost, "per-host/wks00012.log", "auto")).toEqual({ host: "WKS00012", hostSource: "name", hostProblem: null });
    expect(host(perHost, "per-host/wks00012.log", "name")).toEqual({ host: "WKS00012", hostSource: "name", hostProblem: null });
    expect(host(perRun, "per-run/WKS00045/19990430-0811.log", "auto")).toEqual({ host: "WKS00045", hostSource: "dir", hostProblem: null });
    expect(host(perRun, "per-run/WKS00045/19990430-0811.log", "dir")).toEqual({ host: "WKS00045", hostSource: "dir", hostProblem: null });
    expect(host(perRun, "per-run/WKS00045/19990430-0811.log", "content", SAMPLES_PATTERN)).toEqual({
      host: "WKS00045",
      hostSource: "pattern",
      hostProblem: null,
    });
    // The doubled backslash a walk from a share root makes still names the folder.
    expect(host(String.raw`\\server\logs$\\WKS00052\0815.log`, "WKS00052/0815.log", "auto")).toEqual({
      host: "WKS00052",
      hostSource: "dir",
      hostProblem: null,
    });
  });

  it("reads the same paths the same way with node:path on this platform when they are posix", () => {
    const root = { ...found("C:\\", []), paths: ["/WKS00098.log", "//per-host/WKS00012.log"], bases: ["/"], baseIndex: new Int32Array(2) };
    expect([0, 1].map((i) => relPathOf(root, i, path.posix))).toEqual(["WKS00098.log", "per-host/WKS00012.log"]);
    expect(
      hostFromPath({ path: "/share/per-run/WKS00045/0811.log", relPath: "per-run/WKS00045/0811.log", mtimeUs: 0 }, { hostFrom: "auto" }, path.posix),
    ).toEqual({
      host: "WKS00045",
      hostSource: "dir",
      hostProblem: null,
    });
  });
});
