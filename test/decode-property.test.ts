/**
 * Property: a log written in pieces (ANSI lines, UTF-16LE lines with or without a BOM, blocks
 * of NUL bytes a crash left) decodes to exactly the text of its lines, names its encodings
 * in order, and reports the NULs it dropped (issue 11).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BinaryFileError } from "../src/errors.js";
import { decodeLog } from "../src/parse/decode.js";
import { NUL_BLOCK } from "../src/parse/segments.js";

type Segment = { kind: "ansi"; text: string } | { kind: "utf16"; text: string; bom: boolean } | { kind: "nul"; length: number };

/** Printable Windows-1252 (its five unassigned bytes left out), as the characters they decode to. */
const ANSI_CHARS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ",
  ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => String.fromCharCode(0xa0 + i)),
];
/**
 * Any BMP character a log line can hold: no controls, surrogates, BOM, private use or specials
 * (those are what random bytes read as UTF-16 are full of, and count as control bytes).
 */
const bmpChar = fc
  .integer({ min: 0x20, max: 0xffef })
  .filter((code) => !(code >= 0x7f && code <= 0x9f) && !(code >= 0xd800 && code <= 0xf8ff) && code !== 0xfeff)
  .map((code) => String.fromCharCode(code));
/** What `cmd /U` writes starts with a Latin character (`Mon 04/12/1999`, ` 8:15a`, `COMPUTERNAME=`). */
const latin1Char = fc
  .integer({ min: 0x20, max: 0xff })
  .filter((code) => code < 0x7f || code > 0x9f)
  .map((code) => String.fromCharCode(code));
const eol = fc.constantFrom("\r\n", "\n");

const ansiLine = fc
  .tuple(fc.array(fc.constantFrom(...ANSI_CHARS), { maxLength: 60 }), eol)
  .map(([chars, end]) => chars.join("") + end)
  // `ÿþ` and `ï»¿` are what a byte-order mark looks like in ANSI: read as one, as after `copy /b`;
  // `þÿ` opening a file is the UTF-16BE one.
  .filter((line) => !line.includes("ÿþ") && !line.includes("ï»¿") && !line.startsWith("þÿ"));
const utf16Line = fc
  .tuple(latin1Char, fc.option(latin1Char, { nil: "" }), fc.array(bmpChar, { maxLength: 40 }), eol)
  .map(([first, second, rest, end]) => first + (second === "" ? "" : second + rest.join("")) + end);

const segment: fc.Arbitrary<Segment> = fc.oneof(
  { arbitrary: ansiLine.map((text) => ({ kind: "ansi" as const, text })), weight: 4 },
  { arbitrary: fc.tuple(utf16Line, fc.boolean()).map(([text, bom]) => ({ kind: "utf16" as const, text, bom })), weight: 4 },
  // Crash leftovers: at least a NUL_BLOCK, up to a few pages.
  { arbitrary: fc.integer({ min: NUL_BLOCK, max: 9000 }).map((length) => ({ kind: "nul" as const, length })), weight: 1 },
);

const CP1252_HIGH = [
  0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
  0x9c, 0x9e, 0x9f,
];
const ansiBytes = (text: string) =>
  Buffer.from([...text].map((c) => (c.charCodeAt(0) < 0x100 ? c.charCodeAt(0) : CP1252_HIGH["€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".indexOf(c)])));

function bytesOf(segments: Segment[]): Buffer {
  return Buffer.concat(
    segments.map((s) =>
      s.kind === "ansi"
        ? ansiBytes(s.text)
        : s.kind === "utf16"
          ? Buffer.concat([Buffer.from(s.bom ? [0xff, 0xfe] : []), Buffer.from(s.text, "utf16le")])
          : Buffer.alloc(s.length),
    ),
  );
}

describe("decoding a log written in pieces", () => {
  it("gives back the text of every line, names the encodings in order, and counts the NULs dropped", () => {
    expect(ansiBytes("€ä").equals(Buffer.from([0x80, 0xe4]))).toBe(true);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 30 }), (segments) => {
        const decoded = decodeLog(bytesOf(segments));
        const lines = segments.filter((s) => s.kind !== "nul").map((s) => (s as { text: string }).text);
        expect(decoded.text).toBe(lines.join(""));

        const encodings = [...new Set(segments.filter((s) => s.kind !== "nul").map((s) => (s.kind === "ansi" ? "windows-1252" : "utf-16le")))];
        expect(decoded.encoding).toBe(encodings.length > 0 ? encodings.join("+") : "windows-1252");

        const nul = segments.reduce((sum, s) => sum + (s.kind === "nul" ? s.length : 0), 0);
        if (nul === 0) expect(decoded.note).toBeNull();
        else expect(decoded.note).toMatch(new RegExp(`^${nul} NUL byte\\(s\\) dropped .*at offset \\d+ \\(line \\d+\\)$`));
      }),
      { numRuns: 2000 },
    );
  });

  it("reports the line of the first NUL block: the line an editor shows it on", () => {
    fc.assert(
      fc.property(fc.array(ansiLine, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: NUL_BLOCK, max: 5000 }), (lines, at, length) => {
        const cut = at % (lines.length + 1);
        const bytes = Buffer.concat([ansiBytes(lines.slice(0, cut).join("")), Buffer.alloc(length), ansiBytes(lines.slice(cut).join(""))]);
        expect(decodeLog(bytes).note).toBe(
          `${length} NUL byte(s) dropped at offset ${ansiBytes(lines.slice(0, cut).join("")).length} (line ${cut + 1})`,
        );
      }),
      { numRuns: 500 },
    );
  });

  it("refuses random bytes (about 10% control bytes) as binary, and never a file without a NUL byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4000 }), (bytes) => {
        let binary = false;
        try {
          decodeLog(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(BinaryFileError);
          binary = true;
        }
        if (!bytes.includes(0)) expect(binary).toBe(false);
        else if (bytes.length >= 1000) expect(binary).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
