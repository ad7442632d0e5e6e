// `npm test`: vitest, then one plain closing line ("N passed, N failed") that any CI log
// reader understands (vitest's own summary is coloured and spread over several lines).
// Arguments after `npm test --` go to vitest; its exit code is kept.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const results = "test-output/vitest.json";
const run = spawnSync(
  process.execPath,
  [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
try {
  const summary = JSON.parse(readFileSync(results, "utf8"));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
} catch (error) {
  console.log(`no test summary: ${error.message}`);
}
process.exit(run.status ?? 1);
