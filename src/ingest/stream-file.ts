/**
 * A file too large to read and parse whole in a parser thread (years of a per-user log, a
 * runaway script's output): read and parsed in pieces of about PIECE_BYTES, each ending at a
 * line break, and its rows handed on piece by piece (`emitPart`), so a thread's memory stays
 * bounded whatever the file's size. The rows are those a parse of the whole file gives
 * (test/stream-file.test.ts compares them on cut-up files):
 * - the date order is the whole file's: with `--date-order auto` a first pass over the pieces
 *   gathers every date clue, and the second pass reads every date in the order they decide;
 * - a run is parsed whole: a piece that ends inside a run is parsed up to that run's first
 *   line, and the run is parsed again with the next piece; only a run longer than a piece is
 *   read on in the next one, its record continued (attribute.ts);
 * - undated runs before the file's first dated run sort by it, as in a whole parse: when the
 *   first rows have none, it is looked up ahead.
 * The rows go under the task's new file id; the writer drops the old rows (by the old id)
 * when the file's result comes, after its rows. An ingest that dies between commits of such
 * a file leaves rows of no file, which the next ingest removes (dropOrphanRows, src/db/finish-ingest.ts).
 */
import { RowsBuilder } from "../db/rows.js";
import type { RowsPart } from "../model/batch.js";
import type { FileResult, FileStamp, FileTask } from "../model/files.js";
import type { RunRecord } from "../model/runs.js";
import { MAX_LINE_LENGTH } from "../parse/cap-lines.js";
import { SAMPLE_BYTES } from "../parse/segments.js";
import { DateOrderEvidence } from "../parse/date-order.js";
import { decodeLog, nulNote, type DecodedText, type NulDamage } from "../parse/decode.js";
import { HEADER_KINDS, type DateOrderDecision, type DateOrderOption, type SmsEvent } from "../parse/events.js";
import { countBreaks, lineStart } from "../parse/line-breaks.js";
import { parseText } from "../parse/parse-text.js";
import { attribute } from "./attribute.js";
import { binarySkip, classify, Fingerprint, storedPrefix, unchangedContent } from "./file-change.js";
import { RunTally } from "./run-tally.js";
import { readRange, type OpenFile } from "./read-file.js";

/**
 * Files of this size and more are read in pieces: a whole parse takes about 40 times the
 * file's size in memory (15.5 MB of per-user logs parsed whole peaked at 937-978 MiB of RSS;
 * read in pieces, at 418-437 MiB). A grown file may still be read whole (RESUME_READ_BYTES).
 */
export const STREAM_BYTES = 4 * 1024 * 1024;
/**
 * A file that may only have grown is read whole up to this size: its fingerprint is checked
 * and only its end parsed (process-file.ts parseResumed), which the pieces cannot do. The
 * bytes and their text take a few times the file's size; should it not resume, its bytes are
 * parsed in pieces after all (streamBytes).
 */
export const RESUME_READ_BYTES = 16 * 1024 * 1024;
/**
 * About this many bytes are decoded and parsed at a time: some 25,000 lines. 1 MB, not 4:
 * 310 MB of per-user logs were ingested in 53 s at 625 MiB of peak RSS, against 55 s and
 * 1,200 MiB in 4 MB pieces.
 */
export const PIECE_BYTES = 1024 * 1024;

/** Whether a file of `size` bytes is read in pieces rather than whole (see STREAM_BYTES). */
export function readsInPieces(task: FileTask, size: number): boolean {
  if (size < STREAM_BYTES) return false;
  const known = task.known;
  const mayResume = known !== null && known.resume !== null && known.sameSettings && size > known.size;
  return !mayResume || size >= RESUME_READ_BYTES;
}

const LINE_BREAK = 0x0a;
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);
/** Bytes that hold more than MAX_LINE_LENGTH characters in any encoding (UTF-16: two bytes each). */
const LONG_LINE_BYTES = 2 * MAX_LINE_LENGTH + 4;
/** Header lines held back at the end of a piece beyond this many characters are not a run's headers but a flood of them. */
const MAX_HELD_CHARS = 1024 * 1024;

/** A file's bytes, read where asked: from disk, or from memory (an archive's member). */
interface ByteSource {
  readonly size: number;
  /** `length` bytes from `position`, fewer at the end; never changed by the reader. */
  at(length: number, position: number): Buffer;
}

function fileSource(file: OpenFile): ByteSource {
  return { size: file.size, at: (length, position) => readRange(file.fd, length, position) };
}

const memorySource = (bytes: Buffer): ByteSource => ({
  size: bytes.length,
  at: (length, position) => bytes.subarray(position, position + length),
});

/** How a file starts: with a UTF-16 byte-order mark, which says how its line breaks are written. */
type Start = "utf-16le" | "utf-16be" | "other";

/**
 * Where a piece may end after the LF at `at`. A UTF-16BE line break is `00 0A`: after the LF.
 * A UTF-16LE one is `0A 00`: in a file that starts with the UTF-16LE byte-order mark the NUL
 * goes with its LF; elsewhere a NUL after an LF goes with it only when no other NUL follows,
 * so a block of NULs (a crash's damage) is never split.
 * (A CR alone also ends a line for the parser; Windows logs end theirs with CR LF.)
 */
function afterBreakAt(bytes: Buffer, at: number, start: Start): number {
  if (start === "utf-16be" || bytes[at + 1] !== 0) return at + 1;
  return start === "utf-16le" || bytes[at + 2] !== 0 ? at + 2 : at + 1;
}

/**
 * After the piece's last LF (0 when it has none before its last two bytes). In a file that
 * starts with the UTF-16LE byte-order mark, not where a NUL code unit follows: that is text
 * whose stretch a whole read may decode as ANSI (a UTF-16 log saved again as UTF-16), where
 * the break's own NUL counts with the NULs after it; a piece starting there counted one NUL
 * byte fewer. An earlier break is taken instead.
 */
function afterLastBreak(bytes: Buffer, start: Start): number {
  for (let from = bytes.length - 3; from >= 0;) {
    const at = bytes.lastIndexOf(LINE_BREAK, from);
    if (at < 0) return 0;
    const cut = afterBreakAt(bytes, at, start);
    if (start !== "utf-16le" || bytes[cut] !== 0 || bytes[cut + 1] !== 0) return cut;
    from = at - 1;
  }
  return 0;
}

/** The file as pieces that end at line breaks, decoded one at a time. */
class PieceReader {
  private readonly start: Start;

  private readonly size: number;

  constructor(
    private readonly source: ByteSource,
    private readonly path: string,
    private readonly pieceBytes: number,
  ) {
    this.size = source.size;
    const head = source.at(Math.min(2, this.size), 0);
    this.start = head.equals(UTF16LE_BOM) ? "utf-16le" : head.equals(UTF16BE_BOM) ? "utf-16be" : "other";
  }

  /**
   * Throws BinaryFileError when the file is not text, judged as a whole read judges it: by its
   * first SAMPLE_BYTES (decoded with the lines that reach past them whole). The pieces are not
   * judged: a block of control bytes deep inside a text file is damage, not a sign of a binary.
   */
  checkText(): void {
    const head = this.source.at(Math.min(SAMPLE_BYTES + LONG_LINE_BYTES, this.size), 0);
    const at = head.indexOf(LINE_BREAK, SAMPLE_BYTES);
    decodeLog(at < 0 ? head : head.subarray(0, afterBreakAt(head, at, this.start)), this.path);
  }

  *pieces(): Generator<{ bytes: Buffer; offset: number; last: boolean }> {
    let position = 0;
    while (position < this.size) {
      let bytes = this.source.at(Math.min(this.pieceBytes, this.size - position), position);
      if (bytes.length === 0) return;
      if (position + bytes.length >= this.size) {
        yield { bytes, offset: position, last: true };
        return;
      }
      const cut = afterLastBreak(bytes, this.start);
      if (cut > 0) {
        yield { bytes: bytes.subarray(0, cut), offset: position, last: false };
        position += cut;
        continue;
      }
      // A line longer than a piece. Up to the length past which the parser cuts lines anyway,
      // it is read whole; beyond, the parser keeps only its first MAX_LINE_LENGTH characters
      // (flagged truncated), so its start stands for it and the rest, to its end, is skipped.
      const next = this.afterNextBreak(position + bytes.length);
      bytes = this.source.at(Math.min(next - position, LONG_LINE_BYTES), position);
      yield { bytes, offset: position, last: next >= this.size };
      position = next;
    }
  }

  private afterNextBreak(from: number): number {
    // Windows overlap by two bytes: an LF is taken only with the bytes after it in view.
    for (let position = from; position < this.size; position += this.pieceBytes) {
      const bytes = this.source.at(Math.min(this.pieceBytes + 2, this.size - position), position);
      const at = bytes.indexOf(LINE_BREAK);
      if (at >= 0 && (at < this.pieceBytes || position + bytes.length >= this.size)) {
        return Math.min(this.size, position + afterBreakAt(bytes, at, this.start));
      }
    }
    return this.size;
  }

  /**
   * A piece's text, and where its bytes start in the file (for the NUL note's offsets). A file
   * that starts with a byte-order mark has it only there: later pieces are read with it, so
   * they start as the whole file's decoding would go on (a line that switches to ANSI still
   * switches).
   */
  decode(piece: { bytes: Buffer; offset: number }): { decoded: DecodedText; offset: number } {
    const bom = piece.offset === 0 ? null : this.start === "utf-16le" ? UTF16LE_BOM : this.start === "utf-16be" ? UTF16BE_BOM : null;
    const bytes = bom ? Buffer.concat([bom, piece.bytes]) : piece.bytes;
    return { decoded: decodeLog(bytes, this.path, { checkBinary: false }), offset: piece.offset - (bom?.length ?? 0) };
  }
}

/** The SHA-1 of the whole file, and of its first `prefixSize` bytes, read in pieces (see Fingerprint). */
function fingerprints(source: ByteSource, prefixSize: number | null): { whole: string; prefix: string | null } {
  const fingerprint = new Fingerprint(prefixSize);
  for (let position = 0; position < source.size;) {
    const bytes = source.at(Math.min(PIECE_BYTES, source.size - position), position);
    if (bytes.length === 0) break;
    fingerprint.update(bytes);
    position += bytes.length;
  }
  return fingerprint.digest();
}

/** What decoding the pieces found: the encodings in order of appearance, and the NUL bytes dropped. */
class DecodeFacts {
  readonly encodings: string[] = [];
  private nul: NulDamage | null = null;

  add(decoded: DecodedText, offset: number, firstLine: number): void {
    for (const encoding of decoded.encoding.split("+")) if (!this.encodings.includes(encoding)) this.encodings.push(encoding);
    if (decoded.nul === null) return;
    this.nul =
      this.nul === null
        ? { ...decoded.nul, firstOffset: offset + decoded.nul.firstOffset, line: firstLine + decoded.nul.line - 1 }
        : { ...this.nul, bytes: this.nul.bytes + decoded.nul.bytes, runs: this.nul.runs + decoded.nul.runs };
  }

  get note(): string | null {
    return this.nul && nulNote(this.nul);
  }
}

/** Consecutive events of the file, in order: what a parse of the whole file gives, a portion at a time. */
interface Portion {
  events: SmsEvent[];
  /** The portion ends inside its last run, which the next portion goes on with. */
  open: boolean;
  last: boolean;
  /** The number of the file's last line so far. */
  lines: number;
}

/**
 * The file's events, a portion per piece. A piece ending inside a run gives the events before
 * that run, and the run's text is parsed again with the next piece; a piece inside one run
 * only (a run longer than a piece) gives all its events, and the next piece goes on with it.
 */
function* portions(reader: PieceReader, dateOrder: DateOrderOption, facts?: DecodeFacts, evidence?: DateOrderEvidence): Generator<Portion> {
  let carry = "";
  /** The first line of the text parsed next, and the run that opens there (its lines before a header belong to the run before). */
  let line = 1;
  let run = 1;
  for (const piece of reader.pieces()) {
    const { decoded, offset } = reader.decode(piece);
    facts?.add(decoded, offset, line + countBreaks(carry));
    const text = carry + decoded.text;
    const parsed = parseText(text, { dateOrder, continueFrom: { line, run, dateOrder: "mdy" }, evidence });
    const events = parsed.events;
    if (piece.last) {
      yield { events, open: false, last: true, lines: parsed.lines };
      return;
    }
    const lastRun = events.length > 0 ? events[events.length - 1].run : run - 1;
    const lastRunStart = events.findIndex((event) => event.run === lastRun);
    if (lastRunStart > 0) {
      // The last run may go on in the next piece: it is parsed again with it, from its first line.
      const firstLine = events[lastRunStart].line;
      carry = text.slice(lineStart(text, firstLine - line + 1));
      yield { events: events.slice(0, lastRunStart), open: false, last: false, lines: firstLine - 1 };
      line = firstLine;
      run = lastRun;
      continue;
    }
    // One run only, which goes on. Header lines at its end open a run only if the run's first
    // line follows them (grammars/parser.ts): they wait for the next piece, unless they are
    // absurdly many.
    let held = events.length;
    while (held > 0 && HEADER_KINDS.has(events[held - 1].kind)) held--;
    const heldFrom = held < events.length ? lineStart(text, events[held].line - line + 1) : text.length;
    if (text.length - heldFrom > MAX_HELD_CHARS) held = events.length;
    carry = held < events.length ? text.slice(heldFrom) : "";
    const lines = held < events.length ? events[held].line - 1 : parsed.lines;
    yield { events: held < events.length ? events.slice(0, held) : events, open: true, last: false, lines };
    line = lines + 1;
    run = lastRun + 1;
  }
}

/** `--date-order auto`: the order every date line of the file decides together (a pass of its own). */
function decideOrder(reader: PieceReader): DateOrderDecision {
  const evidence = new DateOrderEvidence();
  let line = 1;
  for (const piece of reader.pieces()) {
    line = parseText(reader.decode(piece).decoded.text, { dateOrder: "auto", continueFrom: { line, run: 1, dateOrder: "mdy" }, evidence }).lines + 1;
  }
  return evidence.decide("auto");
}

/** started_at of the file's first dated run, or null when none is dated. */
function firstStart(reader: PieceReader, task: FileTask, order: DateOrderOption, mtimeUs: number): string | null {
  let open: RunRecord | undefined;
  for (const portion of portions(reader, order)) {
    // (A run's time comes from its first lines, so a run read in part has its time already.)
    const runs = attribute(task, portion.events, mtimeUs, { count: 1, lastStart: null, open, more: true });
    const dated = runs.find((r) => r.runNo > 0 && r.startedAt !== null);
    if (dated) return dated.startedAt;
    open = portion.open ? runs.at(-1) : undefined;
  }
  return null;
}

/**
 * Read, parse and attribute a large file in pieces (see above). Rows of every portion but the
 * last go out through `emitPart`; the last portion's go to `rows`, sent with the result.
 */
export function streamFile(
  task: FileTask,
  file: OpenFile,
  stamp: FileStamp,
  rows: RowsBuilder,
  emitPart: (part: RowsPart) => void,
  pieceBytes = PIECE_BYTES,
): FileResult {
  const source = fileSource(file);
  const fingerprint = fingerprints(source, storedPrefix(task, source.size));
  return streamSource(task, source, fingerprint, file.mtimeUs, stamp, rows, emitPart, pieceBytes);
}

/**
 * The same for a large file already in memory: an archive's member, or a file read whole to
 * resume that did not. Its bytes are there, but a whole parse would take about 40 times as
 * much again. `fingerprint`: the caller's, of these bytes (file-change.ts fingerprintBytes),
 * not computed again. Without `emitPart` every portion's rows go to `rows`.
 */
export function streamBytes(
  task: FileTask,
  read: { bytes: Buffer; mtimeUs: number },
  fingerprint: { whole: string; prefix: string | null },
  stamp: FileStamp,
  rows: RowsBuilder,
  emitPart?: (part: RowsPart) => void,
  pieceBytes = PIECE_BYTES,
): FileResult {
  return streamSource(task, memorySource(read.bytes), fingerprint, read.mtimeUs, stamp, rows, emitPart, pieceBytes);
}

function streamSource(
  task: FileTask,
  source: ByteSource,
  { whole: fingerprint, prefix }: { whole: string; prefix: string | null },
  mtimeUs: number,
  stamp: FileStamp,
  rows: RowsBuilder,
  emitPart: ((part: RowsPart) => void) | undefined,
  pieceBytes: number,
): FileResult {
  const size = source.size;
  if (unchangedContent(task, fingerprint)) return { ...stamp, size, mtimeUs, status: "unchanged", fingerprint };
  const change = classify(task, fingerprint, prefix);
  // New rows under a new id: the old ones (if any) are dropped or kept as history by the writer, by the old id.
  const head: FileStamp = { ...stamp, fileId: task.newFileId, previousFileId: task.known?.fileId ?? null, change, size, mtimeUs };
  const reader = new PieceReader(source, task.path, pieceBytes);
  try {
    reader.checkText();
    return { ...head, fingerprint, ...parsePieces(reader, task, head, rows, emitPart) };
  } catch (error) {
    const skipped = binarySkip(error, task);
    if (skipped) return { ...head, ...skipped, fingerprint };
    throw error;
  }
}

type ParsedFacts = Omit<Extract<FileResult, { status: "ok" }>, keyof FileStamp | "fingerprint">;

function parsePieces(
  reader: PieceReader,
  task: FileTask,
  head: FileStamp,
  rows: RowsBuilder,
  emitPart: ((part: RowsPart) => void) | undefined,
): ParsedFacts {
  const option = task.settings.dateOrder;
  const auto = option === "auto" ? decideOrder(reader) : null;
  // An order given: the clues are gathered on the way, for a note where the dates disagree with it.
  const evidence = auto ? undefined : new DateOrderEvidence();
  const order = auto?.order ?? option;
  const facts = new DecodeFacts();
  const tally = new RunTally(head.mtimeUs);
  let lookedAhead: { start: string | null } | null = null;
  let open: RunRecord | undefined;
  let emitted = 0;
  let lastStart: string | null = null;
  let events = 0;
  let lines = 0;
  for (const portion of portions(reader, order, facts, evidence)) {
    lines = portion.lines;
    // (Blank lines only: the run read so far goes on.)
    if (portion.events.length === 0 && !portion.last) continue;
    const earlier = { count: emitted, lastStart, open, more: !portion.last };
    let runs = attribute(task, portion.events, head.mtimeUs, earlier);
    // The portion's last run goes on in the next one: its record is held until it is whole.
    const held = () => (portion.open ? runs.pop() : undefined);
    let nextOpen = held();
    if (lastStart === null && runs.some((r) => r.runNo > 0 && r.orderAt === null)) {
      // Undated runs before the file's first dated run sort by it, wherever it is.
      lookedAhead ??= { start: firstStart(reader, task, order, head.mtimeUs) };
      if (lookedAhead.start !== null) {
        runs = attribute(task, portion.events, head.mtimeUs, { ...earlier, lastStart: lookedAhead.start });
        nextOpen = held();
      }
    }
    open = nextOpen;
    tally.add(runs);
    for (const r of runs) {
      if (r.runNo === 0) continue;
      emitted++;
      if (r.startedAt !== null) lastStart = r.startedAt;
    }
    events += portion.events.length;
    if (portion.last || emitPart === undefined) {
      rows.add(head.fileId, portion.events, runs);
    } else {
      const part = new RowsBuilder();
      part.add(head.fileId, portion.events, runs);
      emitPart({ ...part.finish(), fileId: head.fileId, linesRead: portion.lines });
    }
  }
  const dates = auto ?? evidence!.decide(option);
  return {
    status: "ok",
    encoding: facts.encodings.join("+") || "windows-1252",
    lines,
    linesParsed: lines,
    runCount: tally.runs,
    eventCount: events,
    runsWithoutHost: tally.withoutHost,
    runsWithInvalidHost: tally.withInvalidHost,
    dates: { order: dates.order, basis: dates.basis, ambiguous: dates.basis === "default" && tally.headerDated > 0 },
    message: tally.notes(facts.note, dates.conflict),
    resumedAt: null,
    appendOnly: false,
  };
}
