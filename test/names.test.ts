/**
 * Names that reach scripts (issue 11): a COMPUTERNAME= header or a file name can put anything
 * into a host. Through the real CLI: such runs are kept and flagged, counted by no answer,
 * never printed by `affected --format list`, and every output format keeps one row a line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostNameProblem, scriptProblem } from "../src/ingest/host-names.js";
import { runCli } from "./helpers/cli.js";
import { sql, ingestedShare as ingested } from "./helpers/db.js";
import { blockedRun, tempDir, utf16le, onDay as at } from "./helpers/share.js";

/** Two blocked runs: enough for `affected` (--min-runs 2). */
const stuck = () => at(12) + blockedRun() + at(13) + blockedRun();
const header = (host: string) => `COMPUTERNAME=${host}\r\n`;
const nonEmptyLines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("hosts that are not NetBIOS names", () => {
  it("keeps their runs with the raw name and why, counts them in no answer, and says so", async () => {
    const { db, stderr } = await ingested({
      "GOOD1.log": stuck(),
      "FILESRV01\nDC01.log": stuck(),
      "$(touch x).log": stuck(),
      "WAYTOOLONGHOSTNAME.log": stuck(),
      "per-user/jsmith.log": header('EVIL"X') + at(12) + blockedRun() + header('EVIL"X') + at(13) + blockedRun(),
    });
    const runs = await sql(db, "SELECT host, host_source, host_problem, count(*) AS runs FROM runs WHERE run_no > 0 GROUP BY ALL ORDER BY host");
    expect(runs).toEqual([
      { host: "$(TOUCH X)", host_source: "name", host_problem: "holds a space", runs: 2 },
      { host: 'EVIL"X', host_source: "header", host_problem: 'holds "\\""', runs: 2 },
      { host: "FILESRV01\nDC01", host_source: "name", host_problem: "holds a line break", runs: 2 },
      { host: "GOOD1", host_source: "name", host_problem: null, runs: 2 },
      { host: "WAYTOOLONGHOSTNAME", host_source: "name", host_problem: "18 characters, more than 15", runs: 2 },
    ]);
    // Every warning is one line (the name with a line break is escaped), and the summary counts them.
    expect(
      stderr
        .trimEnd()
        .split("\n")
        .every((line) => line.startsWith("smslog: ")),
    ).toBe(true);
    expect(stderr).toContain('(first: run 1, "FILESRV01\\nDC01" holds a line break)');
    expect(stderr).toContain("8 run(s) with an invalid host name, counted by no answer (smslog query invalid-hosts)");
    expect(stderr).toMatch(/runs, 1 hosts in the database/);

    const affected = await runCli(["affected", "--db", db, "--format", "json"]);
    expect((JSON.parse(affected.stdout) as { host: string }[]).map((row) => row.host)).toEqual(["GOOD1"]);
    expect(affected.stderr).toContain("smslog: 8 run(s) with an invalid host name left out; smslog query invalid-hosts");

    const invalid = await runCli(["query", "--db", db, "--format", "json", "invalid-hosts"]);
    expect((JSON.parse(invalid.stdout) as Record<string, unknown>[]).map((row) => [row.host, row.problem, row.runs])).toEqual([
      ["$(TOUCH X)", "holds a space", 2],
      ['EVIL"X', 'holds "\\""', 2],
      ["FILESRV01\nDC01", "holds a line break", 2],
      ["WAYTOOLONGHOSTNAME", "18 characters, more than 15", 2],
    ]);
    const [summary] = JSON.parse((await runCli(["summary", "--db", db, "--format", "json"])).stdout) as Record<string, unknown>[];
    expect(summary).toMatchObject({ hosts: 1, runs_invalid_host: 8, affected: 1 });
  });

  it("are left out of the blocked_runs view, the named queries over hosts, grep and the report, as from affected", async () => {
    const { db } = await ingested({
      "GOOD1.log": stuck(),
      "$(touch x).log": stuck(),
      "per-user/jsmith.log": header('EVIL"X') + at(12) + blockedRun() + header('EVIL"X') + at(13) + blockedRun(),
    });
    expect(await sql(db, "SELECT DISTINCT host FROM blocked_runs")).toEqual([{ host: "GOOD1" }]);
    const named = async (name: string) => {
      const answer = await runCli(["query", "--db", db, "--format", "json", name]);
      expect(answer.code, answer.stderr).toBe(0);
      return JSON.parse(answer.stdout) as Record<string, unknown>[];
    };
    expect((await named("hosts-per-exe")).map((row) => [row.exe, row.hosts, row.blocked_runs])).toEqual([["pcmsvc32.exe", 1, 2]]);
    expect((await named("blocked-per-day")).map((row) => [row.day, row.hosts, row.blocked_runs])).toEqual([
      ["1999-04-12", 1, 1],
      ["1999-04-13", 1, 1],
    ]);
    expect((await named("hosts")).map((row) => row.host)).toEqual(["GOOD1"]);
    expect(await named("never-verified")).toEqual([]);
    const grep = await runCli(["grep", "--db", db, "--format", "json", "component in use"]);
    expect(grep.code, grep.stderr).toBe(0);
    expect((JSON.parse(grep.stdout) as { host: string }[]).map((row) => row.host)).toEqual(["GOOD1", "GOOD1"]);
    expect(grep.stderr).toContain("smslog: 4 matching line(s) of runs with an invalid host name left out; smslog query invalid-hosts");
    const html = path.join(tempDir(), "report.html");
    const report = await runCli(["report", "--db", db, "-o", html]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toContain("4 run(s) with an invalid host name left out");
    const page = readFileSync(html, "utf8");
    expect(page).toContain('data-host="GOOD1"');
    for (const name of ["TOUCH X", "EVIL"]) expect(page, name).not.toContain(name);
  });

  it("prints for --format list only names no shell reads as syntax, naming each one left out on stderr", async () => {
    const { db } = await ingested({
      "GOOD1.log": stuck(),
      "WKS-0042.log": stuck(),
      "EVIL&CALC.log": stuck(),
      "A;B.log": stuck(),
      "-ODD.log": stuck(),
      "MÜNCHEN01.log": stuck(),
      "per-user/jsmith.log": header("PWN^%PATH%") + at(12) + blockedRun() + header("PWN^%PATH%") + at(13) + blockedRun(),
      "FILESRV01\nDC01.log": stuck(),
    });
    const list = await runCli(["affected", "--db", db, "--format", "list"]);
    expect(list.code).toBe(0);
    expect(nonEmptyLines(list.stdout).sort()).toEqual(["GOOD1", "WKS-0042"]);
    const leftOut = list.stderr.split("\n").filter((line) => line.includes("left out of the list"));
    expect(leftOut.sort()).toEqual([
      'smslog: left out of the list: "-ODD" starts with "-" (--format csv shows it)',
      'smslog: left out of the list: "A;B" holds ";", which a shell or cmd.exe may read as syntax (--format csv shows it)',
      'smslog: left out of the list: "EVIL&CALC" holds "&", which a shell or cmd.exe may read as syntax (--format csv shows it)',
      'smslog: left out of the list: "MÜNCHEN01" holds "Ü", not ASCII (--format csv shows it)',
      'smslog: left out of the list: "PWN^%PATH%" holds "^", which a shell or cmd.exe may read as syntax (--format csv shows it)',
    ]);
    // The line-break name is not even a NetBIOS name: out of every answer, counted.
    expect(list.stderr).toContain("2 run(s) with an invalid host name left out");
    // Other formats show every affected host (the list's rule is for scripts).
    const csv = await runCli(["affected", "--db", db, "--format", "csv"]);
    expect(nonEmptyLines(csv.stdout)).toHaveLength(1 + 7);
  });
});

describe("one row a line in every format, whatever a value holds", () => {
  const VALUES = [
    "plain",
    "two\nlines",
    "carriage\rreturn",
    "tab\there",
    "esc\x1b[31mred",
    "pipe | bar",
    'quote " and, comma',
    "nel\u0085 and\u2028sep",
  ];
  const select = `SELECT * FROM (VALUES ${VALUES.map((value, i) => `(${i}, ${sqlString(value)})`).join(", ")}) t(n, value) ORDER BY n`;

  it("escapes control characters visibly in table and markdown, and quotes line breaks in CSV (RFC 4180)", async () => {
    const { db } = await ingested({ "GOOD1.log": stuck() });
    const run = async (format: string) => {
      const result = await runCli(["query", "--db", db, "--format", format, select]);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    const table = nonEmptyLines(await run("table"));
    expect(table).toHaveLength(2 + VALUES.length);
    expect(table[3]).toMatch(/^1 +two␊lines$/);
    expect(table[6]).toMatch(/^4 +esc␛\[31mred$/);
    expect(table[9]).toMatch(/^7 +nel\\u\{85\} and\\u\{2028\}sep$/);
    // eslint-disable-next-line no-control-regex -- no control character may be left: that is the point
    expect(table.join("\n")).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/);

    const markdown = nonEmptyLines(await run("markdown"));
    expect(markdown).toHaveLength(2 + VALUES.length);
    expect(markdown[3]).toBe("|1|two␊lines|");
    expect(markdown[7]).toBe("|5|pipe \\| bar|");

    expect(parseCsv(await run("csv"))).toEqual([["n", "value"], ...VALUES.map((value, i) => [String(i), value])]);
  });
});

describe("property: the name rules", () => {
  const SPECIAL = [..."&|;<>()$`^%!'\",=@#~{}[]*?\\/: \t\n\r\x1b\u0085\u2028-._"];
  const nameChar = fc.oneof(fc.constantFrom(...SPECIAL), fc.constantFrom(..."AZaz09ÜßЖ"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
  const names = fc.array(nameChar, { maxLength: 20 }).map((chars) => chars.join(""));

  it('accepts as NetBIOS exactly 1-15 characters without \\ / : * ? " < > |, whitespace or control characters', () => {
    fc.assert(
      fc.property(names, (name) => {
        const valid = [...name].length >= 1 && [...name].length <= 15 && !/[\\/:*?"<>|\s\p{Cc}\p{Cf}]/u.test(name);
        expect(hostNameProblem(name) === null).toBe(valid);
      }),
      { numRuns: 5000 },
    );
  });

  it("prints for a script only NetBIOS names of ASCII letters, digits, _ - and ., never starting with - or .", () => {
    fc.assert(
      fc.property(names, (name) => {
        const printable = scriptProblem(name) === null;
        expect(printable).toBe(hostNameProblem(name) === null && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name));
        if (!printable) expect(scriptProblem(name)).toMatch(/\S/);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("fuzz: random host names through ingest and affected --format list", () => {
  it("lists exactly the safe names, one a line, and accounts for every other one on stderr", async () => {
    // Names as file names (any character Linux allows) and as COMPUTERNAME= values (no blank or `=`).
    const char = fc.oneof(
      { arbitrary: fc.constantFrom(..."ABCXYZ0189-_"), weight: 12 },
      { arbitrary: fc.constantFrom(..."&|;<>()$`^%!'\",@#~{}[]*?\\: \t\n\r\x1b\u2028"), weight: 1 },
      { arbitrary: fc.constantFrom(..."ÜЖé"), weight: 1 },
    );
    const generated = fc.sample(
      fc.array(char, { minLength: 1, maxLength: 18 }).map((chars) => chars.join("")),
      { numRuns: 60, seed: 11 },
    );
    const seen = new Set<string>();
    const hosts = generated.filter((name) => {
      const key = name.toUpperCase();
      // The file name up to its first dot names the host; names of digits alone name none.
      if (/[/.]/.test(name) || /^[\d_.\- ]+$/.test(name) || seen.has(key) || Buffer.byteLength(name) > 200) return false;
      seen.add(key);
      return true;
    });
    const files: Record<string, string | Buffer> = {};
    hosts.forEach((name, i) => {
      if (i % 2 === 0 || /[\s=]/.test(name)) files[`by-name/${name}.log`] = stuck();
      else files[`by-user/u${i}.log`] = utf16le(header(name) + at(12) + blockedRun() + header(name) + at(13) + blockedRun());
    });
    const { db } = await ingested(files);
    const list = await runCli(["affected", "--db", db, "--format", "list"]);
    expect(list.code).toBe(0);
    const upper = hosts.map((name) => name.toUpperCase());
    const safe = upper.filter((host) => scriptProblem(host) === null);
    const unsafe = upper.filter((host) => hostNameProblem(host) === null && scriptProblem(host) !== null);
    const invalid = upper.filter((host) => hostNameProblem(host) !== null);
    expect(safe.length).toBeGreaterThan(0);
    expect(unsafe.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    expect(nonEmptyLines(list.stdout).sort()).toEqual([...safe].sort());
    for (const line of nonEmptyLines(list.stdout)) expect(line).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
    for (const host of unsafe) expect(list.stderr).toContain(`left out of the list: ${JSON.stringify(host)}`);
    expect(list.stderr).toContain(`${2 * invalid.length} run(s) with an invalid host name left out`);
    expect(
      list.stderr
        .trimEnd()
        .split("\n")
        .every((line) => line.startsWith("smslog: ")),
    ).toBe(true);
  });
});

function sqlString(value: string): string {
  // Characters a SQL literal cannot hold plainly are built with chr().
  return [...value].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e || c === "'" ? `chr(${c.codePointAt(0)})` : `'${c}'`)).join(" || ");
}

/** RFC 4180: fields separated by commas, quoted when they hold a comma, quote or line break. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && (c === "," || c === "\n")) {
      row.push(field);
      field = "";
      if (c === "\n") {
        rows.push(row);
        row = [];
      }
    } else {
      field += c;
    }
  }
  return rows;
}
