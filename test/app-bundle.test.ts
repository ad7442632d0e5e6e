/**
 * smslog runs from dist/app/ (scripts/bundle-app.mjs): the CLI and the files its threads start
 * from, bundled. A thread's file is looked for beside the module that starts it, so each one the
 * sources name must be an entry of the bundle, under that name.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP_ENTRIES } from "../scripts/app-entries.js";
import { CLI, REPO, runCli } from "./helpers/cli.js";

/** Each `new URL("./NAME.js", import.meta.url)` in src/: the files threads start from. */
function threadFilesNamed(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(path.join(REPO, "src"), { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".ts"))) {
    const text = readFileSync(path.join(REPO, "src", file), "utf8");
    for (const match of text.matchAll(/new URL\("\.\/([\w-]+)\.js", import\.meta\.url\)/g)) names.add(match[1]);
  }
  return [...names].sort();
}

describe("the bundle smslog runs from", () => {
  it("has every file a thread starts from, under the name the sources give it", () => {
    const named = threadFilesNamed();
    expect(named).toEqual(["discover-worker", "worker"]);
    for (const name of named) {
      expect(Object.keys(APP_ENTRIES)).toContain(name);
      expect(existsSync(path.join(REPO, "dist", "app", `${name}.js`)), name).toBe(true);
    }
  });

  it("is the package's bin, and answers as the CLI", async () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { bin: Record<string, string>; version: string };
    expect(path.join(REPO, manifest.bin.smslog)).toBe(CLI);
    expect(CLI).toBe(path.join(REPO, "dist", "app", "main.js"));
    const version = await runCli(["--version"]);
    expect(version.stdout.trim()).toBe(manifest.version);
  });
});
