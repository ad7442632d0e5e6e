/**
 * This build's id: the digest `npm run build` writes to dist/build-id.txt (scripts/build-id.mjs),
 * null when run from the sources (there is none beside them). Output one build keeps in a
 * database for later commands to serve as it is, without making it again (an answer kept
 * already rendered), is named with it: another build, whose code may render otherwise, makes
 * its own. Like src/errors.ts it sits below every layer of src/ and imports none of them.
 */
import { readFileSync } from "node:fs";

function readBuildId(): string | null {
  try {
    return readFileSync(new URL("../build-id.txt", import.meta.url), "utf8").trim() || null;
  } catch {
    return null;
  }
}

export const BUILD_ID: string | null = readBuildId();
