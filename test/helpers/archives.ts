/**
 * Real .zip and .gz files for tests: zips are written by yazl (yauzl's sibling), gzip by
 * Node's zlib. The damage and the lies an archive on a share can carry (an encrypted member,
 * a declared size that is not the truth) are made by editing the bytes where the zip format
 * keeps them, as the tool that made such a file would have written them.
 */
import { gzipSync } from "node:zlib";
import yazl from "yazl";

const UT_1999 = new Date("1999-04-30T12:00:00Z");

/** A zip of these members (name -> text written CRLF as Windows-1252 via latin1, or bytes), deflated. */
export function zipOf(members: Record<string, string | Buffer>, mtimes: Record<string, Date> = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(members)) {
    zip.addBuffer(typeof content === "string" ? Buffer.from(content, "latin1") : content, name, { mtime: mtimes[name] ?? UT_1999 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** A gzip file of this text; `mtime` goes into the gzip header (zlib leaves it 0: unknown). */
export function gzipOf(content: string | Buffer, mtime?: Date): Buffer {
  const gz = gzipSync(typeof content === "string" ? Buffer.from(content, "latin1") : content);
  if (mtime) gz.writeUInt32LE(Math.floor(mtime.getTime() / 1000), 4);
  return gz;
}

interface CentralEntry {
  /** Offset of its central directory record, and of its local header. */
  central: number;
  local: number;
}

/** The central directory records of a zip without a comment, by member name. */
function centralDirectory(zip: Buffer): Map<string, CentralEntry> {
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== 0x06054b50) throw new Error("no end of central directory record where a zip without comment has it");
  const entries = new Map<string, CentralEntry>();
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString("latin1", offset + 46, offset + 46 + nameLength);
    entries.set(name, { central: offset, local: zip.readUInt32LE(offset + 42) });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

function entry(zip: Buffer, name: string): CentralEntry {
  const found = centralDirectory(zip).get(name);
  if (!found) throw new Error(`no member ${name}`);
  return found;
}

/** The member flagged as encrypted (bit 0 of its general purpose flags), as a password-protected member is. */
export function markEncrypted(zip: Buffer, name: string): Buffer {
  const copy = Buffer.from(zip);
  const { central, local } = entry(copy, name);
  copy.writeUInt16LE(copy.readUInt16LE(central + 8) | 1, central + 8);
  copy.writeUInt16LE(copy.readUInt16LE(local + 6) | 1, local + 6);
  return copy;
}

/** The member's uncompressed size as the central directory declares it, rewritten to `size`. */
export function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const copy = Buffer.from(zip);
  copy.writeUInt32LE(size, entry(copy, name).central + 24);
  return copy;
}
