import { describe, expect, it } from "vitest";
import { cut, fitWidths, MIN_COLUMN } from "../src/render/fit.js";
import { render } from "../src/render/render.js";
import { formatForFile } from "../src/render/formats.js";

describe("a table that fits the terminal", () => {
  it("leaves a table that fits, or one off a terminal, alone", () => {
    expect(fitWidths([8, 4, 40], 80)).toEqual([8, 4, 40]);
    expect(fitWidths([8, 4, 400], undefined)).toEqual([8, 4, 400]);
  });

  it("narrows the widest columns first, to one common width, and uses the whole width", () => {
    // 8 + 4 + 60 + 30 and three gaps of 2 = 108 > 80: the 60 gives up what is too much.
    expect(fitWidths([8, 4, 60, 30], 80)).toEqual([8, 4, 32, 30]);
    // Two wide columns come down together; the spare character goes to the first.
    expect(fitWidths([8, 60, 60], 51)).toEqual([8, 20, 19]);
    // Narrower than MIN_COLUMN never, even when the terminal is too narrow for that.
    expect(fitWidths([30, 30, 30], 10)).toEqual([MIN_COLUMN, MIN_COLUMN, MIN_COLUMN]);
  });

  it("cuts long cells with an ellipsis, never in half a surrogate pair", () => {
    expect(cut("WKS00012", 8)).toBe("WKS00012");
    expect(cut("/share/per-host/WKS00012.log:41", 10)).toBe("/share/pe…");
    expect(cut("ab😀cd", 4)).toBe("ab…");
  });

  it("renders a cut table with every line within the width, and full values in the other formats", async () => {
    const rows = [{ host: "WKS00012", runs: 6, evidence: "/mnt/share/logs/per-host/WKS00012.log:41" }];
    const table = await render(["host", "runs", "evidence"], rows, "table", { width: 30 });
    expect(table.split("\n").every((line) => line.length <= 30)).toBe(true);
    expect(table).toContain("WKS00012");
    expect(table).toMatch(/\/mnt\/share\S*…/);
    expect(await render(["host", "runs", "evidence"], rows, "csv", { width: 30 })).toContain(rows[0].evidence);
    expect(await render(["host"], rows, "list", { eol: "\r\n" })).toBe("WKS00012\r\n");
  });

  it("keeps each row one line when a value holds line breaks or controls, cut or not (shown before fitting)", async () => {
    const rows = [
      { host: "FILESRV01\nDC01", evidence: "/mnt/share/logs/per-host/FILESRV01\r\nDC01.log:41" },
      { host: "WKS00012", evidence: "/mnt/share/\u202Eevil\u2028.log:1" },
    ];
    for (const width of [undefined, 80, 30, 24]) {
      const table = await render(["host", "evidence"], rows, "table", { width });
      const lines = table.trimEnd().split("\n");
      expect(lines, String(width)).toHaveLength(2 + rows.length);
      expect(table, String(width)).not.toMatch(/[\r\u202e\u2028]/u);
      if (width !== undefined)
        expect(
          lines.every((line) => line.length <= width),
          String(width),
        ).toBe(true);
    }
    // The host fits whole at 30 columns, its line feed shown.
    expect(await render(["host", "evidence"], rows, "table", { width: 30 })).toContain("FILESRV01␊DC01");
  });
});

describe("-o FILE's format", () => {
  const all = ["table", "csv", "json", "ndjson", "markdown", "list"] as const;
  it("comes from the extension, any case; .txt is the list where there is one, else the table", () => {
    expect(["a.csv", "a.JSON", "a.ndjson", "a.jsonl", "a.md", "a.txt"].map((file) => formatForFile(file, all))).toEqual([
      "csv",
      "json",
      "ndjson",
      "ndjson",
      "markdown",
      "list",
    ]);
    expect(formatForFile("summary.txt", ["table", "csv", "json", "ndjson", "markdown"])).toBe("table");
  });

  it("refuses an extension that names no format, listing those that do, and sends HTML to smslog report", () => {
    expect(() => formatForFile("hosts.xls", all)).toThrow(/cannot tell the format of hosts\.xls/);
    expect(() => formatForFile("hosts", all)).toThrow(/cannot tell the format/);
    expect(() => formatForFile("hosts.html", all)).toThrow(/writes no HTML/);
  });
});
