/**
 * Where Chevrotain's single-file build is: an ES module beside the package's entry point (which
 * pulls in lodash-es as ~600 separate modules instead, grammars/chevrotain.ts). The build
 * copies this file (scripts/vendored-packages.ts), and the grammar loads it when run from the
 * sources. A module of its own, not part of grammars/chevrotain.ts, because that one loads
 * Chevrotain as it is imported, which the build's list of packages must not.
 */
import { createRequire } from "node:module";
import path from "node:path";

/** Resolved when asked: the grammar run from dist/ loads the build's copy and never needs it. */
export const chevrotainSingleFile = (): string =>
  path.join(path.dirname(createRequire(import.meta.url).resolve("chevrotain")), "..", "chevrotain.mjs");
