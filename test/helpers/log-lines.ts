/**
 * Lines a log may hold, for property tests that build logs at random: every line form the
 * grammar knows (each catalog example), runs, headers that decide or leave open the date
 * order, blank and over-long lines, a line cut short (no break), and damage.
 */
import { ALL_FORMS } from "../../grammars/forms.js";
import { blockedRun, cleanRun, headers } from "./share.js";

export const LONG_LINE = "x".repeat(300);

export const LOG_LINES: readonly string[] = [
  // As Windows writes lines.
  ...ALL_FORMS.flatMap((form) => form.examples.map((example) => example.line + "\r\n")),
  headers("04/12/1999", " 8:15a"),
  headers("13/04/1999", " 9:15a"),
  "COMPUTERNAME=WKS00042\r\n",
  blockedRun(),
  cleanRun(),
  "Reading configuration...\r\n",
  "\r\n",
  LONG_LINE + "\r\n",
  "Client executable act",
  // Damage: NULs before a break, and a lone CR.
  "\u0000\u0000\u0000\r\n",
  "Reading configuration...\r",
];
