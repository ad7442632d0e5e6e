import { describe, expect, it } from "vitest";
import { decodeLog } from "../src/parse/decode.js";
import { BinaryFileError } from "../src/errors.js";
import { parseText } from "../src/parse/parse-text.js";

const SAMPLE = "Reading configuration...\r\nClient executable active: pcmsvc32.exe\r\n";

const utf16le = (text: string) => Buffer.from(text, "utf16le");
const withBytes = (...parts: (number[] | Buffer)[]) => Buffer.concat(parts.map((p) => (Array.isArray(p) ? Buffer.from(p) : p)));

describe("decodeLog", () => {
  it("reads UTF-16LE with a byte-order mark", () => {
    const decoded = decodeLog(withBytes([0xff, 0xfe], utf16le(SAMPLE)));
    expect(decoded).toMatchObject({ encoding: "utf-16le", text: SAMPLE });
  });

  it("recognises UTF-16LE without a byte-order mark from its NUL pattern", () => {
    const decoded = decodeLog(utf16le(SAMPLE));
    expect(decoded).toMatchObject({ encoding: "utf-16le", text: SAMPLE });
  });

  it("drops half a UTF-16 code unit at the end of a file cut short", () => {
    const bytes = utf16le("Reading configuration...\r\nClient");
    const decoded = decodeLog(withBytes([0xff, 0xfe], bytes, [0x41]));
    expect(decoded.text).toBe("Reading configuration...\r\nClient");
  });

  it("reads UTF-8 with a byte-order mark", () => {
    const decoded = decodeLog(withBytes([0xef, 0xbb, 0xbf], Buffer.from("überprüfen\n", "utf8")));
    expect(decoded).toMatchObject({ encoding: "utf-8", text: "überprüfen\n" });
  });

  it("reads anything else as Windows-1252 (ANSI), including bytes Latin-1 lacks", () => {
    const decoded = decodeLog(Buffer.from([0x67, 0x65, 0xf6, 0x66, 0x66, 0x6e, 0x65, 0x74, 0x20, 0x80, 0x93]));
    expect(decoded).toMatchObject({ encoding: "windows-1252", text: "geöffnet €“" });
  });

  it("refuses NUL bytes that are not UTF-16 with a typed error", () => {
    const binary = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff, 0x00, 0x00, 0xb8, 0x00]);
    expect(() => decodeLog(binary, "x.log")).toThrow(BinaryFileError);
    try {
      decodeLog(binary, "x.log");
    } catch (error) {
      expect((error as BinaryFileError).code).toBe("BINARY_FILE");
      expect((error as BinaryFileError).message).toContain("x.log");
    }
  });

  it("decodes an empty file to no text", () => {
    expect(decodeLog(Buffer.alloc(0)).text).toBe("");
  });
});

describe("line endings", () => {
  const lines = ["Reading configuration...", "Client executable active: pcmsvc32.exe", "Warning: Client component in use."];
  it.each([
    ["CRLF", "\r\n"],
    ["LF", "\n"],
    ["lone CR", "\r"],
  ])("splits %s into the same physical lines", (_name, eol) => {
    const parsed = parseText(decodeLog(Buffer.from(lines.join(eol) + eol, "latin1")).text);
    expect(parsed.lines).toBe(3);
    expect(parsed.events.map((e) => [e.line, e.kind])).toEqual([
      [1, "config_read"],
      [2, "executable_active"],
      [3, "component_in_use"],
    ]);
  });

  it("keeps a last line without a line break", () => {
    const parsed = parseText(decodeLog(Buffer.from("Reading configuration...\r\nClient executable act", "latin1")).text);
    expect(parsed.events.at(-1)).toMatchObject({ line: 2, kind: "unrecognized", text: "Client executable act" });
  });

  it("counts a CRLF pair as one line break and blank lines as lines", () => {
    const parsed = parseText("a\r\n\r\n\nb\r");
    expect(parsed.events.map((e) => [e.line, e.text])).toEqual([
      [1, "a"],
      [4, "b"],
    ]);
    expect(parsed.lines).toBe(4);
  });
});
