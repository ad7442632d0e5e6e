// The tests `npm run mutation:ingest` runs against each mutant (stryker.ingest.config.mjs):
// the resume's and the fingerprints' own, stopping at the first failure. With
// SMSLOG_MUTATION_ALL=1, a mutant they leave alive then meets the ingest tests that go through
// the same code (about 90 s a mutant more on two cores: hours for a whole run).
// Exit code 0: the mutant survived.
import { spawnSync } from "node:child_process";

const STAGES = [
  ["test/resume.test.ts", "test/file-change.test.ts"],
  ["test/trust.test.ts", "test/ingest.test.ts", "test/stream-file.test.ts", "test/huge-file.test.ts", "test/reliability.test.ts"],
];
for (const files of process.env.SMSLOG_MUTATION_ALL === "1" ? STAGES : STAGES.slice(0, 1)) {
  const run = spawnSync("npx", ["vitest", "run", "--bail", "1", "--reporter", "dot", ...files], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
