/**
 * Reading an archive in a parser thread: a .zip or .gz on the share is opened, and each
 * member the globs want is read as a file of its own (`ARCHIVE!/MEMBER` in `files.path`),
 * with the same ledger rules as a plain file (a grown member's rows are replaced, a
 * rewritten one keeps its earlier runs as history, an unchanged one only updates the ledger).
 *
 * The archive has a ledger row of its own (status `archive`) with its size, time and SHA-1,
 * so an unchanged archive is never opened again (src/db/ledger.ts compares it like a file).
 * Its rows and its members' come back as one batch, so they are committed together.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { ArchiveError } from "../errors.js";
import { unreadable } from "../parse/read-whole.js";
import type { RowsBuilder } from "../db/rows.js";
import type { RowsPart } from "../model/batch.js";
import { failedResult, stampOf, type FileResult, type FileTask } from "../model/files.js";
import { archiveSizeRefusal, expansionRefusal } from "./archive-limits.js";
import type { ArchiveMember, OpenedArchive } from "./archive-member.js";
import { archiveKind, gzipMemberName, memberHostPath, memberPath, memberWanted } from "./archive-names.js";
import { openGzip } from "./gzip-member.js";
import { sha1, unchangedContent } from "./file-change.js";
import { errnoText, processFile } from "./process-file.js";
import { readWithStamp, type ReadFile } from "./read-file.js";
import { globMatcher } from "./walk.js";
import { openZip } from "./zip-members.js";

/** Every result of one archive task: the archive's own first, then its members'. */
export async function readArchive(task: FileTask, rows: RowsBuilder, emitPart?: (part: RowsPart) => void): Promise<FileResult[]> {
  // A link to an archive also found is stored once, as any linked file is.
  if (task.linkTarget !== null || task.archive === undefined) return [processFile(task, rows)];
  let read: ReadFile;
  try {
    const size = statSync(task.path).size;
    const refusal = archiveSizeRefusal(size);
    if (refusal !== null) return [{ ...failedResult(task, refusal), size }];
    read = readWithStamp(task.path);
  } catch (error) {
    return [failedResult(task, errnoText(error))];
  }
  // An archive's own row holds no runs: it is replaced, never kept as history (its members are).
  const stamp = { ...stampOf(task), size: read.size, mtimeUs: read.mtimeUs };
  const fingerprint = sha1(read.bytes);
  if (unchangedContent(task, fingerprint)) return [{ ...stamp, status: "unchanged", fingerprint }];
  const archiveError = (message: string): FileResult[] => [{ ...stamp, status: "error", message, fingerprint }];
  let members: ArchiveMember[];
  let notes: string[];
  try {
    ({ members, notes } = chooseMembers(task, await open(task.path, read)));
    const refusal = expansionRefusal(members);
    if (refusal !== null) return archiveError(refusal);
  } catch (error) {
    if (error instanceof ArchiveError) return archiveError(error.detail);
    throw error;
  }
  if (members.length > task.archive.ids) {
    // Ids were reserved by the archive's size at discovery: it changed since.
    return archiveError(`changed while it was being read (${members.length} members); the next ingest reads it again`);
  }
  const results: FileResult[] = [];
  for (const [k, member] of members.entries()) results.push(await readMember(task, member, task.newFileId + 1 + k, rows, emitPart));
  const message = notes.length > 0 ? notes.join("; ") : null;
  return [{ ...stamp, status: "archive", fingerprint, message, members: results.length }, ...results];
}

/**
 * Every member of an archive, for `smslog parse`: opened under the limits an ingest holds it
 * to (its size, its entries, their expansion; each member's read holds it to its declared
 * size). Throws ArchiveError naming the limit passed or the damage found.
 */
export async function archiveMembers(file: string): Promise<ArchiveMember[]> {
  let read: ReadFile;
  try {
    const refusal = archiveSizeRefusal(statSync(file).size);
    if (refusal !== null) throw new ArchiveError(file, refusal);
    read = readWithStamp(file);
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw unreadable(file, error);
  }
  const opened = await open(file, read);
  const refusal = expansionRefusal(opened.members);
  if (refusal !== null) throw new ArchiveError(file, refusal);
  return opened.members;
}

function open(file: string, read: ReadFile): Promise<OpenedArchive> | OpenedArchive {
  if (archiveKind(file) === "zip") return openZip(file, read.bytes);
  return openGzip(file, read.bytes, gzipMemberName(path.basename(file)), read.mtimeUs);
}

/** The members --include/--exclude want, each path once; and what the archive's row should say about the rest. */
function chooseMembers(task: FileTask, opened: OpenedArchive): { members: ArchiveMember[]; notes: string[] } {
  const included = globMatcher(task.archive!.include);
  const excluded = globMatcher(task.archive!.exclude);
  const seen = new Set<string>();
  let twice = 0;
  const members = opened.members.filter((member) => {
    const name = member.name.slice(member.name.lastIndexOf("/") + 1);
    if (!memberWanted(name, () => memberPath(task.relPath, member.name), included, excluded)) return false;
    // A zip may hold two entries of one name; one path is one ledger row.
    if (seen.has(member.name)) return (twice++, false);
    seen.add(member.name);
    return true;
  });
  const notes: string[] = [];
  if (twice > 0) notes.push(`${twice} member(s) named like an earlier one were left out (one path, one row)`);
  if (members.length === 0 && opened.members.length > 0) {
    notes.push(`none of its ${opened.members.length} member(s) is wanted by --include/--exclude (the first: ${opened.members[0].name})`);
  }
  return { members, notes };
}

/** One member as a file of its own; a member that cannot be read is an `error` row, and the others are still read. */
async function readMember(
  archive: FileTask,
  member: ArchiveMember,
  newFileId: number,
  rows: RowsBuilder,
  emitPart?: (part: RowsPart) => void,
): Promise<FileResult> {
  const file = memberPath(archive.path, member.name);
  const task: FileTask = {
    newFileId,
    path: file,
    relPath: memberPath(archive.relPath, member.name),
    known: archive.archive!.members[file] ?? null,
    linkTarget: null,
    settings: archive.settings,
    hostPath: memberHostPath(archive.path, member.name),
  };
  try {
    const bytes = await member.read();
    // A large member is parsed in pieces, its rows handed on as they come (stream-file.ts streamBytes).
    return processFile(task, rows, () => ({ bytes, size: bytes.length, mtimeUs: member.mtimeUs }), emitPart);
  } catch (error) {
    // As for a plain file (src/ingest/worker.ts), a member that breaks the reader or the parser fails alone.
    const message = error instanceof ArchiveError ? error.detail : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    return { ...failedResult(task, message), size: member.expanded, mtimeUs: member.mtimeUs };
  }
}
