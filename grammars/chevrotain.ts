/**
 * Chevrotain, loaded from its single-file build. The package's entry point pulls in
 * lodash-es as ~600 separate ES modules, which costs 0.7 s at every start of the CLI and
 * of every parser thread; the single-file build of the same version loads in ~50 ms.
 *
 * Run from dist/, the build's CommonJS copy of that file is loaded instead (src/commonjs.ts),
 * with V8's code cache of it, which the build makes after building this grammar, so the
 * cache holds that code too: a parser thread is ready 165 instead of 192 ms after it starts
 * (medians of 10 alternating runs). Run from grammars/ (the in-process tests), the package's file.
 */
import { pathToFileURL } from "node:url";
import type * as ChevrotainApi from "chevrotain";
import { requireVendored } from "../src/commonjs.js";
import { chevrotainSingleFile } from "./chevrotain-file.js";

const packageBuild = async () => (await import(pathToFileURL(chevrotainSingleFile()).href)) as typeof ChevrotainApi;

const chevrotain = (requireVendored("chevrotain")?.exports as typeof ChevrotainApi | undefined) ?? (await packageBuild());

export const { createToken, Lexer, EmbeddedActionsParser, tokenMatcher, createSyntaxDiagramsCode } = chevrotain;
export type { CustomPatternMatcherFunc, IRecognitionException, IToken, TokenType } from "chevrotain";
