/**
 * A host's runs with their own log lines, the way CMTrace shows a log: each run's outcome,
 * time and place, then its lines with their numbers, the in-use warning highlighted on a
 * terminal. The evidence an administrator checks before acting on a host.
 */
import type { Plain } from "../query/values.js";

export interface RunLines {
  /** A row of the host timeline (see hostTimeline). */
  run: Record<string, Plain>;
  lines: { line_no: number; text: string; warning: boolean }[];
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

const HIGHLIGHT = "\x1b[1;31m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

function runHeading(run: Record<string, Plain>): string {
  const time =
    run.time === null ? "time unknown" : run.time_source === "inferred" ? `${run.time} (inferred from the run before it)` : String(run.time);
  const exes = run.active_exes ? ` (active: ${run.active_exes})` : "";
  const copy = run.duplicate_of === null ? "" : `  copy of run ${run.duplicate_of}: not counted`;
  return `${time}  ${run.outcome}${exes}  ${run.lines}${copy}`;
}

export function renderRunLines(runs: readonly RunLines[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const width = Math.max(1, ...runs.flatMap((run) => run.lines.map((line) => String(line.line_no).length)));
  const blocks = runs.map(({ run, lines }) => {
    const body = lines.map((line) => {
      const text = `${String(line.line_no).padStart(width + 2)}  ${line.text}`;
      return line.warning ? paint(HIGHLIGHT, text) : text;
    });
    return [paint(DIM, runHeading(run)), ...body].join("\n");
  });
  return blocks.length > 0 ? blocks.join("\n\n") + "\n" : "";
}
