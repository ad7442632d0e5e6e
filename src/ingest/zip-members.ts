/**
 * The members of a zip archive, through yauzl: it reads the central directory (so the
 * entry count and every size are known before anything is inflated), inflates with Node's
 * own zlib, refuses entries whose data is longer or shorter than declared, and tells
 * encrypted entries apart. It does not check CRC-32s: readZipMember does.
 */
import { crc32 } from "node:zlib";
import type * as Yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import { requireOnFirstUse } from "../commonjs.js";
import { ArchiveError } from "../errors.js";
import { memberCountRefusal } from "./archive-limits.js";
import type { ArchiveMember, OpenedArchive } from "./archive-member.js";

/** yauzl, required (src/commonjs.ts) when the first zip is opened: most shares hold none. */
const loadYauzl = requireOnFirstUse<typeof Yauzl>("yauzl");

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Open a zip held in memory and list its entries; throws ArchiveError when it is no readable zip or holds too many. */
export async function openZip(path: string, bytes: Buffer): Promise<OpenedArchive> {
  let zip: ZipFile;
  try {
    zip = await loadYauzl().fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw new ArchiveError(path, `not a readable zip archive (${message(error)}): damaged or cut short?`);
  }
  const refusal = memberCountRefusal(zip.entryCount);
  if (refusal !== null) throw new ArchiveError(path, refusal);
  const entries = await listEntries(path, zip);
  const members = entries
    .filter((entry) => !entry.fileName.endsWith("/"))
    .map((entry): ArchiveMember => ({
      name: entry.fileName,
      compressed: entry.compressedSize,
      expanded: entry.uncompressedSize,
      // Without a UTC time of its own, a zip's time is the local time of the machine that made it.
      mtimeUs: entry.getLastModDate().getTime() * 1000,
      read: () => readZipMember(path, zip, entry),
    }));
  return { members };
}

function listEntries(path: string, zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve(entries));
    // Kept for the zip's whole life: an error event with no listener would end the thread.
    zip.on("error", (error) => reject(new ArchiveError(path, `damaged zip archive (${message(error)})`)));
    zip.readEntry();
  });
}

/** One member's bytes; throws ArchiveError for a member that cannot be read (the others still can). */
async function readZipMember(path: string, zip: ZipFile, entry: Entry): Promise<Buffer> {
  if (entry.isEncrypted())
    throw new ArchiveError(path, "encrypted (password-protected): smslog reads no encrypted member; unpack it with its password");
  if (!entry.canDecodeFileData()) {
    throw new ArchiveError(path, `compressed with method ${entry.compressionMethod}: smslog reads stored and deflated members only`);
  }
  let bytes: Buffer;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    bytes = Buffer.concat(chunks);
  } catch (error) {
    throw new ArchiveError(path, `damaged member (${message(error)})`);
  }
  if (crc32(bytes) !== entry.crc32) throw new ArchiveError(path, "damaged member: its content does not match its CRC-32");
  return bytes;
}
