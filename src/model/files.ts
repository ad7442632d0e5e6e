/**
 * What the main thread, the parser threads and the writer tell each other about files.
 * Kept apart from the parsing code so the main thread never loads the grammar.
 */
import type { DateOrder, EventKind } from "../parse/events.js";
import type { ArchiveTask } from "./archive.js";
import type { IngestSettings } from "./settings.js";

/** A file the walk found that is not to be read (src/ingest/walk.ts), and the row it gets instead. */
export interface FileProblem {
  status: "skipped" | "error";
  message: string;
  /** A symbolic link: where it leads. */
  linkTarget: string | null;
  /** The link's own size and time (lstat), for the row; 0 when even that failed. */
  size: number;
  mtimeUs: number;
}

/** What the ledger knows of a file read before (the current row for its path). */
export interface KnownFile {
  fileId: number;
  /** Size and SHA-1 of the content stored, to tell an append (old content is a prefix) from a rewrite. */
  size: number;
  fingerprint: string | null;
  /** The stored rows were parsed with the settings of this ingest. */
  sameSettings: boolean;
  /** The stored rows hold runs worth keeping as history if the file was rewritten. */
  hasRuns: boolean;
  /** Where a parse of the file may resume if it only grew; null when it must be read whole. */
  resume: ResumePoint | null;
}

/**
 * A file that grows by a run at every logon need not be parsed whole again: the parse starts
 * at its last stored run (which may have been cut short) and replaces the rows from that run
 * on. The ledger offers this only when the rows before that run cannot change with what
 * follows (see src/db/ledger.ts); the worker checks the rest (src/ingest/process-file.ts).
 */
export interface ResumePoint {
  /** The file's last stored run: the parse starts at its first line (header lines included). */
  runNo: number;
  firstLine: number;
  /** Its last line with an event and its events, as stored: to tell whether the append left it as it was. */
  lastLine: number;
  eventsOfRun: number;
  /** started_at of the latest dated run before it (ISO local time), or null when it is run 1. */
  lastStart: string | null;
  /** The latest start of a run before it, to check none now lies after the file's new modification time. */
  latestStart: string | null;
  /** Events of the runs before it (and of the lines before the first run): kept. */
  eventsBefore: number;
  /** How the stored rows were read: the resumed parse must read the file alike. */
  dateOrder: DateOrder;
  encoding: string;
  /**
   * For a parse of the appended bytes alone, when the run stays as stored: the stored
   * content's physical lines (the append's first is the next), the run's started_at (ISO
   * local time, null when undated), and the kind of its last event (a header line may open
   * the run an append goes on with: such a file is read from the run on).
   */
  lines: number;
  start: string | null;
  lastKind: EventKind | null;
}

export interface FileTask {
  /** The id its rows get when it is new, or when it was rewritten (the old rows stay under the old id as history). */
  newFileId: number;
  path: string;
  relPath: string;
  known: KnownFile | null;
  /** The file is a symbolic link to another file of this ingest: stored once, under its real path. */
  linkTarget: string | null;
  settings: IngestSettings;
  /** A .zip or .gz: its members are read, each a file of its own. */
  archive?: ArchiveTask;
  /** The path --host-from reads when it is not `path`: an archive member's, the archive left out. */
  hostPath?: string;
  /** The path as bytes, when it is not valid UTF-8 (`path` then shows it, and cannot open it). */
  rawPath?: Uint8Array | null;
  /** Found but not to be read (a link out of PATH, a file that could not be stat'ed): the row it gets. */
  problem?: FileProblem | null;
  /** A file on disk: its size and modification time as the walk found them (see read-file.ts withOpenFile). */
  walked?: { size: number; mtimeUs: number };
  /**
   * Its bytes, when the main thread read them as it handed the batch on (src/ingest/read-ahead.ts):
   * a view into one buffer that moves with the batch. Absent: the parser thread reads the file.
   */
  readAhead?: Uint8Array;
}

/** How a file read again relates to what is stored. */
export type Change =
  /** never read before */
  | "new"
  /** the stored content is a prefix of the file (it grew), or the settings changed: its rows are replaced */
  | "replace"
  /** the stored content is no longer a prefix (rotated, rewritten, shrunk): old rows stay as history */
  | "rewritten";

/** What every result says of its file, whatever became of it. */
export interface FileStamp {
  fileId: number;
  path: string;
  change: Change;
  /** With `rewritten`: the ledger row whose rows become history. */
  previousFileId: number | null;
  /** Size and mtime as they were before reading: if the file grows meanwhile, the next ingest reads it again. */
  size: number;
  mtimeUs: number;
}

export interface DateFacts {
  /** The order the file's dates were read in, and what decided it. */
  order: DateOrder;
  basis: string;
  /** The file had dates but nothing to tell day from month: month first was assumed. */
  ambiguous: boolean;
}

export type FileResult =
  | (FileStamp & { status: "unchanged"; fingerprint: string })
  | (FileStamp & { status: "duplicate"; message: string; fingerprint: null; linkTarget: string })
  | (FileStamp & { status: "skipped" | "error"; message: string; fingerprint: string | null; linkTarget?: string | null })
  /** An archive that was opened: its members are results (and rows) of their own. */
  | (FileStamp & { status: "archive"; fingerprint: string; message: string | null; members: number })
  | (FileStamp & {
      status: "ok";
      fingerprint: string;
      encoding: string;
      lines: number;
      /** Of those, the lines parsed this time (a grown file's stored runs are kept, not parsed again). */
      linesParsed: number;
      /** Runs found (run 0, the lines before the first run, not counted). */
      runCount: number;
      eventCount: number;
      runsWithoutHost: number;
      /** Runs whose host is not a NetBIOS name (kept, counted by no answer). */
      runsWithInvalidHost: number;
      dates: DateFacts;
      /** Things worth a look that did not stop the file (contradicting dates, dates after the file was written). */
      message: string | null;
      /** The run the parse resumed at (rows of the runs before it were kept); null when the whole file was parsed. */
      resumedAt: number | null;
      /** Resumed, and that run came out as stored: its rows are kept too, and only the runs after it are new. */
      appendOnly: boolean;
    });

/**
 * What a task's result says of its file before the file is read: its stored id (a new one if
 * none), replaced if it was read before; size and time are filled in once known.
 */
export function stampOf(task: FileTask): FileStamp {
  return {
    fileId: task.known?.fileId ?? task.newFileId,
    path: task.path,
    change: task.known ? "replace" : "new",
    previousFileId: null,
    size: 0,
    mtimeUs: 0,
  };
}

/** The outcome of a file that could not be parsed at all (a bug, or its parser thread crashed). */
export function failedResult(task: FileTask, message: string): FileResult {
  return { ...stampOf(task), status: "error", message, fingerprint: null };
}
