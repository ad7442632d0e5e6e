/** A file's fingerprints (src/ingest/file-change.ts), read whole and read in pieces. */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fingerprint, fingerprintBytes } from "../src/ingest/file-change.js";
import type { FileTask } from "../src/model/files.js";
import { fileTask } from "./helpers/tasks.js";

const sha1 = (bytes: Uint8Array) => createHash("sha1").update(bytes).digest("hex");

/** A task whose file was stored at `size` bytes (null: never read). */
const storedAt = (size: number | null): FileTask =>
  fileTask("/share/WKS1.log", {
    known: size === null ? null : { fileId: 1, size, fingerprint: "0", sameSettings: true, hasRuns: true, resume: null },
  });

describe("a file's fingerprints", () => {
  it("are the SHA-1 of its bytes and of its stored prefix, read whole or in pieces alike", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.nat({ max: 320 })),
        fc.array(fc.nat({ max: 320 }), { maxLength: 4 }),
        (bytes, stored, cuts) => {
          const task = storedAt(stored);
          const expected = { whole: sha1(bytes), prefix: stored !== null && stored <= bytes.length ? sha1(bytes.subarray(0, stored)) : null };
          expect(fingerprintBytes(task, bytes)).toEqual(expected);
          const pieces = new Fingerprint(expected.prefix === null ? null : stored);
          let at = 0;
          for (const cut of [...cuts].sort((a, b) => a - b).filter((cut) => cut <= bytes.length)) {
            pieces.update(bytes.subarray(at, Math.max(at, cut)));
            at = Math.max(at, cut);
          }
          pieces.update(bytes.subarray(at));
          expect(pieces.digest()).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("of an empty prefix and of a file that did not grow", () => {
    const bytes = Buffer.from("Reading configuration...\r\n");
    expect(fingerprintBytes(storedAt(0), bytes).prefix).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(fingerprintBytes(storedAt(bytes.length), bytes)).toEqual({ whole: sha1(bytes), prefix: sha1(bytes) });
    expect(fingerprintBytes(storedAt(bytes.length + 1), bytes).prefix).toBeNull();
    expect(fingerprintBytes(storedAt(null), bytes)).toEqual({ whole: sha1(bytes), prefix: null });
  });
});
