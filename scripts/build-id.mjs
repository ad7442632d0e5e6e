/**
 * Part of `npm run build`: dist/build-id.txt, a digest of the JavaScript the build made of
 * src/ and grammars/ (each file's path and text, in path order). src/build-id.ts reads it, so
 * that what one build wrote into a database for another to serve as it is (an answer kept
 * already rendered, src/query/stored-answer.ts) is served by that same build only. The same
 * sources give the same digest.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

const { treeDigest } = await import("../dist/scripts/tree-digest.js");
const dist = path.join(import.meta.dirname, "..", "dist");
const { digest } = treeDigest(dist, (file) => /^(src|grammars)\/.*\.js$/.test(file), "sha1");
writeFileSync(path.join(dist, "build-id.txt"), digest + "\n");
