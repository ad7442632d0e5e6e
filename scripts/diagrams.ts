/** Writes the grammar's railroad diagrams (Chevrotain's own renderer) to docs/grammar.html. */
import { createSyntaxDiagramsCode } from "../grammars/chevrotain.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { smsParser } from "../grammars/parser.js";

const target = fileURLToPath(new URL("../../docs/grammar.html", import.meta.url));
mkdirSync(fileURLToPath(new URL("../../docs/", import.meta.url)), { recursive: true });
writeFileSync(target, createSyntaxDiagramsCode(smsParser.getSerializedGastProductions()));
process.stdout.write(`wrote ${target}\n`);
