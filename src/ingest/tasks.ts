/**
 * What the main thread and the parser threads tell each other about files. Kept apart from
 * the parsing code so the main thread never loads the grammar.
 */
import type { DateOrder } from "../parse/events.js";
import type { HostFrom } from "./attribute.js";

/** How files are read and attributed; stored with each file so a change of settings re-parses it. */
export interface IngestSettings {
  hostFrom: HostFrom;
  hostPattern: string | null;
  dateOrder: DateOrder;
}

export interface FileTask {
  fileId: number;
  path: string;
  relPath: string;
  /** The ledger's fingerprint, when the file was read before: equal content is not parsed again. */
  knownFingerprint: string | null;
  /** The database holds rows of this file from an earlier ingest, which its new rows replace. */
  replaces: boolean;
  settings: IngestSettings;
}

interface Stamp {
  fileId: number;
  path: string;
  replaces: boolean;
  /** Size and mtime as they were before reading: if the file grows meanwhile, the next ingest reads it again. */
  size: number;
  mtimeUs: number;
}

export type FileResult =
  | (Stamp & { status: "unchanged"; fingerprint: string })
  | (Stamp & { status: "skipped" | "error"; message: string; fingerprint: string | null })
  | (Stamp & {
      status: "ok";
      fingerprint: string;
      encoding: string;
      lines: number;
      /** Runs found (run 0, the lines before the first run, not counted). */
      runCount: number;
      eventCount: number;
    });

/** The outcome of a file that could not be parsed at all (a bug, or its parser thread crashed). */
export function failedResult(task: FileTask, message: string): FileResult {
  return { fileId: task.fileId, path: task.path, replaces: task.replaces, size: 0, mtimeUs: 0, status: "error", message, fingerprint: null };
}
