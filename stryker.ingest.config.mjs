// `npm run mutation:ingest`: mutation testing (StrykerJS) of how a file read again is judged
// and resumed (src/ingest/file-change.ts, src/ingest/parse-grown.ts). Their tests run the built
// CLI as a child process, which a mutant switched on inside vitest never reaches; so Stryker
// builds dist/ from the mutated sources once (buildCommand) and runs the tests as a command,
// passing the active mutant in the environment (__STRYKER_ACTIVE_MUTANT__), which the CLI and
// its parser threads inherit. Every mutant runs the whole command: slow, no part of CI.
import base from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // The reporters, and the timeout meant for a shared two-core machine, are the other run's.
  reporters: base.reporters,
  timeoutMS: base.timeoutMS,
  testRunner: "command",
  commandRunner: { command: "node scripts/mutation-ingest-tests.mjs" },
  buildCommand: "npm run build --silent",
  mutate: ["src/ingest/file-change.ts", "src/ingest/parse-grown.ts"],
  coverageAnalysis: "off",
  // One at a time: the command runners share one sandbox, and with two a mutant the tests kill
  // when run alone (file-change.ts, the prefix's split) was reported as surviving.
  concurrency: 1,
  htmlReporter: { fileName: "test-output/mutation-ingest/index.html" },
  jsonReporter: { fileName: "test-output/mutation-ingest/mutation.json" },
  // dist/ is built in the sandbox; bench/ is there because tests import its share generator.
  ignorePatterns: ["test-output", "docs", "coverage", "dist"],
};
