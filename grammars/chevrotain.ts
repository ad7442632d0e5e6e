/**
 * Chevrotain, loaded from its single-file build. The package's entry point pulls in
 * lodash-es as ~600 separate ES modules, which costs 0.7 s at every start of the CLI and
 * of every parser thread; the single-file build of the same version loads in ~50 ms.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as ChevrotainApi from "chevrotain";

const entry = createRequire(import.meta.url).resolve("chevrotain");
const bundle = path.join(path.dirname(entry), "..", "chevrotain.mjs");
const chevrotain = (await import(pathToFileURL(bundle).href)) as typeof ChevrotainApi;

export const { createToken, Lexer, EmbeddedActionsParser, tokenMatcher, createSyntaxDiagramsCode } = chevrotain;
export type { CustomPatternMatcherFunc, IRecognitionException, IToken, TokenType } from "chevrotain";
