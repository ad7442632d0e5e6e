/**
 * Part of `npm run build`: smslog as it runs, in dist/app/: the CLI (main.js, the package's
 * bin) and the files its threads start from (worker.js, discover-worker.js), bundled by
 * esbuild from what tsc compiled into dist/src/ and dist/grammars/. Each command module and
 * what only it needs stay in chunks of their own, loaded as before only when used, so a
 * command still loads no more than it did.
 *
 * Why: Node resolves, reads, compiles and links every ES module one at a time, and the CLI has
 * ~90 small modules, loaded at each start of it and of each thread. The same build bundled or
 * not, alternating runs on the 40,000-host appended share: a daily re-ingest 144 ms sooner
 * (its threads start sooner too), an unchanged re-ingest 31 ms, `affected` 20 ms
 * (docs/performance.md, "smslog bundled"). The packages stay outside (dist/vendor/ holds those
 * loaded at every start, see bundle-vendor.mjs).
 * The entries are scripts/app-entries.ts's.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";

const dist = path.join(import.meta.dirname, "..", "dist");
const { APP_ENTRIES } = await import("../dist/scripts/app-entries.js");

const outdir = path.join(dist, "app");
// Chunks are named by their content: those of an earlier build would be left beside these.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(Object.entries(APP_ENTRIES).map(([name, file]) => [name, path.join(dist, file)])),
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  // tsc's source maps are read in, so these lead back to the TypeScript (node --enable-source-maps).
  sourcemap: "linked",
  logLevel: "warning",
});
