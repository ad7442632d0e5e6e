/**
 * How a file that grew is parsed: from its stored end when only the appended bytes need be
 * (parseAppended, the nightly case), else from its last stored run on (parseResumed); either
 * gives exactly the rows a parse of the whole file gives from there, or null (the caller parses
 * the file whole). The ledger vouched for the stored rows (src/db/ledger.ts).
 */
import { decodePlainAnsi, isPlainAnsi, type DecodedText } from "../parse/decode.js";
import { HEADER_KINDS, type ParsedLog, type SmsEvent } from "../parse/events.js";
import { lineStart } from "../parse/line-breaks.js";
import { parseText } from "../parse/parse-text.js";
import type { FileTask, ResumePoint } from "../model/files.js";
import type { RunRecord } from "../model/runs.js";
import { attribute, type EarlierRuns } from "./attribute.js";

/** A file's parse: its events and runs, how it decoded, and the rows to store. */
export interface Parsed {
  parsed: ParsedLog;
  /** The file's line the parsed text starts at: 1 for a whole file, later for a grown one. */
  firstLine: number;
  runs: RunRecord[];
  /** How the file decoded: its encoding, and the damage repaired on the way. */
  encoding: string;
  note: string | null;
  /** Set when only the end of the file was parsed; `eventsKept`: the stored events before `parsed`'s. */
  resumed: { at: ResumePoint; earlier: EarlierRuns; eventsKept: number } | null;
  /** The rows to store: all of `parsed` and `runs`, or with appendOnly those after the run resumed at. */
  rows: { events: SmsEvent[]; runs: RunRecord[] };
  appendOnly: boolean;
}

const LINE_FEED = 0x0a;

/** The stored content ended with a line break: its last line was whole, and what was appended starts a line of its own. */
function endsWithLineBreak(bytes: Uint8Array, size: number, encoding: string): boolean {
  const isBreak = (byte: number) => byte === LINE_FEED || byte === 0x0d;
  if (encoding === "utf-16le") return size >= 2 && size % 2 === 0 && isBreak(bytes[size - 2]) && bytes[size - 1] === 0;
  if (encoding === "utf-16be") return size >= 2 && size % 2 === 0 && bytes[size - 2] === 0 && isBreak(bytes[size - 1]);
  return size >= 1 && isBreak(bytes[size - 1]);
}

/**
 * `text`, the file's own from line `line` and run `run` on, parsed as such; null when its dates
 * decide another order than the stored one, or disagree with it: that is the whole file's business.
 */
function parseContinued(task: FileTask, text: string, at: ResumePoint, line: number, run: number): ParsedLog | null {
  const parsed = parseText(text, { dateOrder: task.settings.dateOrder, continueFrom: { line, run, dateOrder: at.dateOrder } });
  return parsed.dates.order === at.dateOrder && parsed.dates.conflict === null ? parsed : null;
}

/**
 * A stored run before the last starts after `latest` (the file's new modification time and a
 * day's slack): such a run gets a note, and only a parse of the whole file gives it.
 */
const storedRunNowTooLate = (at: ResumePoint, latest: string) => at.latestStart !== null && at.latestStart > latest;

/**
 * The parse of a grown file from its last stored run on, when that gives exactly the rows a
 * parse of the whole file would give from there; else null (the caller parses it whole).
 * The ledger vouched for the rows before that run (src/db/ledger.ts); this checks the rest:
 * the file still reads the same way (encoding, date order, no contradicting dates) and the new
 * text starts a run where the stored one started.
 */
export function parseResumed(
  task: FileTask,
  bytes: Uint8Array,
  { text, encoding, note }: DecodedText,
  mtimeUs: number,
  latest: string,
): Parsed | null {
  const at = task.known?.resume;
  if (!at || encoding !== at.encoding) return null;
  if (storedRunNowTooLate(at, latest)) return null;
  const start = lineStart(text, at.firstLine);
  if (start < 0) return null;
  const parsed = parseContinued(task, text.slice(start), at, at.firstLine, at.runNo);
  if (parsed === null) return null;
  // The text must open with the run it resumes: lines before it would belong to the run before.
  if (parsed.events.length === 0 || parsed.events[0].run !== at.runNo || parsed.events[0].line !== at.firstLine) return null;
  const earlier = { count: at.runNo - 1, lastStart: at.lastStart };
  const runs = attribute(task, parsed.events, mtimeUs, earlier);
  // The run resumed at was whole, and the append began new runs after it (a UTF-16 log, say,
  // that parseAppended does not take): its rows come out as stored (its lines and their
  // tokens are the same bytes, its host and time come from its own headers or the path, its
  // place from the runs before): they stay, and only what follows is new, so no stored row
  // is deleted.
  const ofRun = parsed.events.findIndex((event) => event.run !== at.runNo);
  const eventsOfRun = ofRun < 0 ? parsed.events.length : ofRun;
  const appendOnly =
    endsWithLineBreak(bytes, task.known!.size, encoding) &&
    runs[0].runNo === at.runNo &&
    runs[0].lastLine === at.lastLine &&
    eventsOfRun === at.eventsOfRun;
  const rows = appendOnly ? { events: parsed.events.slice(eventsOfRun), runs: runs.slice(1) } : { events: parsed.events, runs };
  return { parsed, firstLine: at.firstLine, runs, encoding, note, resumed: { at, earlier, eventsKept: at.eventsBefore }, rows, appendOnly };
}

/**
 * The nightly case, cheapest: the parse of only the bytes appended since the last ingest,
 * when those give exactly the rows a parse of the whole file would give after the stored
 * ones; else null (the caller parses from the last stored run on). That holds when the stored
 * run cannot change with what follows it:
 * - the whole file is plain ANSI, so its new end decodes alone as it does within the whole;
 * - the stored content ended with a whole line, and its last event was no header line (a
 *   header opens the run of the opening line after it, which the append may bring);
 * - the appended text opens a run of its own: no line of it goes on with the stored run;
 * - its dates read in the stored order, and no run is dated after the file's new time.
 */
export function parseAppended(task: FileTask, bytes: Buffer, mtimeUs: number, latest: string): Parsed | null {
  const at = task.known?.resume;
  if (!at || at.encoding !== "windows-1252" || (at.lastKind !== null && HEADER_KINDS.has(at.lastKind))) return null;
  const storedSize = task.known!.size;
  if (bytes[storedSize - 1] !== LINE_FEED || !isPlainAnsi(bytes)) return null;
  // The stored run kept whole must be as plausibly dated as the rest.
  if (storedRunNowTooLate(at, latest) || (at.start !== null && at.start > latest)) return null;
  const parsed = parseContinued(task, decodePlainAnsi(bytes.subarray(storedSize)).text, at, at.lines + 1, at.runNo + 1);
  if (parsed === null) return null;
  // Lines before the first run of a continued text get the run before it: here, the stored one.
  if (parsed.events.length > 0 && parsed.events[0].run !== at.runNo + 1) return null;
  const earlier = { count: at.runNo, lastStart: at.start ?? at.lastStart };
  const runs = attribute(task, parsed.events, mtimeUs, earlier);
  return {
    parsed,
    firstLine: at.lines + 1,
    runs,
    encoding: at.encoding,
    note: null,
    resumed: { at, earlier, eventsKept: at.eventsBefore + at.eventsOfRun },
    rows: { events: parsed.events, runs },
    appendOnly: true,
  };
}
