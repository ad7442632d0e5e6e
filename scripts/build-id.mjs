/**
 * Part of `npm run build`: dist/build-id.txt, a digest of the JavaScript the build made of
 * src/ and grammars/ (each file's path and text, in path order). src/build-id.ts reads it, so
 * that what one build wrote into a database for another to serve as it is (an answer kept
 * already rendered, src/query/stored-answer.ts) is served by that same build only. The same
 * sources give the same digest.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const dist = path.join(import.meta.dirname, "..", "dist");
const files = ["src", "grammars"]
  .flatMap((top) => readdirSync(path.join(dist, top), { recursive: true }).map((name) => path.join(top, String(name))))
  .filter((file) => file.endsWith(".js"))
  .map((file) => file.split(path.sep).join("/"))
  .sort();
const digest = createHash("sha1");
for (const file of files)
  digest
    .update(file)
    .update("\0")
    .update(readFileSync(path.join(dist, file)))
    .update("\0");
writeFileSync(path.join(dist, "build-id.txt"), digest.digest("hex") + "\n");
