/**
 * How a file read again relates to what is stored, and what makes a file skipped rather
 * than parsed: shared by the whole-file and the piece-by-piece reading of a file.
 */
import { createHash } from "node:crypto";
import { SmslogError } from "../errors.js";
import type { Change, FileTask } from "../model/files.js";

export const sha1 = (bytes: Uint8Array) => createHash("sha1").update(bytes).digest("hex");

/**
 * A file read before either grew (what was stored is still its beginning) or was rewritten.
 * `prefixSha1`: the SHA-1 of the file's first `known.size` bytes, or null when it is shorter.
 */
export function classify(task: FileTask, prefixSha1: () => string | null): Change {
  const known = task.known;
  if (known === null) return "new";
  // Nothing worth keeping (never parsed, or no runs): just read it again.
  if (!known.hasRuns || known.fingerprint === null) return "replace";
  return prefixSha1() === known.fingerprint ? "replace" : "rewritten";
}

/** A file refused as binary: skipped, saying why; null for any other error. */
export function binarySkip(error: unknown, task: FileTask): { status: "skipped"; message: string } | null {
  if (!(error instanceof SmslogError) || error.code !== "BINARY_FILE") return null;
  return { status: "skipped", message: "binary: " + error.message.replace(`${task.path}: `, "") };
}
