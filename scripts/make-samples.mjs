#!/usr/bin/env node
// Regenerates the made-up log share under samples/ (see samples/README.md).
//
//   node scripts/make-samples.mjs          write every sample file (exact bytes)
//   node scripts/make-samples.mjs --check  write nothing; exit 1 if a file differs
//
// Deterministic: no clock, no randomness, no environment input. Files are written
// with plain writeFileSync; mtimes are never set explicitly (the one header-less
// file, per-run/WKS00052/19990505-0833.log, takes its run time from its mtime).
// samples/README.md is hand-written and not touched by this script.
// Plain Node ESM, no dependencies.

import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SAMPLES = join(ROOT, "samples");

// ---------------------------------------------------------------- header lines

const DOW = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n) => String(n).padStart(2, "0");

/** `date /t` output, month first: `Mon 04/12/1999`. `ymd` is 'YYYY-MM-DD'. */
function dateT(ymd) {
  const [y, m, d] = ymd.split("-").map(Number);
  const dow = DOW[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${dow} ${p2(m)}/${p2(d)}/${y}`;
}

/** `time /t` on NT 4.0: ` 8:15a`, `12:40p`, ` 1:47p`. `hm` is 'HH:MM' (24 h). */
function timeNT4(hm) {
  const [h, mi] = hm.split(":").map(Number);
  const h12 = h % 12 || 12;
  return `${String(h12).padStart(2, " ")}:${p2(mi)}${h < 12 ? "a" : "p"}`;
}

/** `time /t` on later Windows: `08:15 AM`, `12:02 PM`, `05:36 PM`. */
function timeAMPM(hm) {
  const [h, mi] = hm.split(":").map(Number);
  const h12 = h % 12 || 12;
  return `${p2(h12)}:${p2(mi)} ${h < 12 ? "AM" : "PM"}`;
}

/** `echo %DATE% %TIME%`: `Mon 04/12/1999  8:15:22.31` (%TIME% pads the hour with a space). */
function dateTime(ymd, hmsc) {
  const [h, mi, s, cs] = hmsc.split(/[:.]/).map(Number);
  return `${dateT(ymd)} ${String(h).padStart(2, " ")}:${p2(mi)}:${p2(s)}.${p2(cs)}`;
}

// ---------------------------------------------------------------- run bodies

const READING = "Reading configuration...";
const VERIFYING = "Verifying Microsoft Systems Management Server client installation.";
const UP_TO_DATE = "Client components are up to date.";

/** Verbose SMSRUN32 /V output of a blocked run, exactly as in KB Q168463. */
const blocked = (exe) => [
  READING,
  `Client executable active: ${exe}`,
  "Warning: Client component in use.",
  "Client component files will not be overwritten or removed.",
  VERIFYING,
];
const clean = () => [READING, VERIFYING];
const cleanUpToDate = () => [READING, VERIFYING, UP_TO_DATE];

// ---------------------------------------------------------------- encoding

const EOL = { crlf: "\r\n", lf: "\n", cr: "\r" };

/**
 * lines: array of strings; each gets the line break, except that with
 * `cutLast` the last string is written with no line break (file cut short).
 */
function encode(lines, { eol = "crlf", enc = "cp1252", bom = false, cutLast = false } = {}) {
  const br = EOL[eol];
  let text = lines.map((l, i) => (cutLast && i === lines.length - 1 ? l : l + br)).join("");
  if (enc === "cp1252") {
    // Only ASCII and Latin-1 letters (0xA0-0xFF) are used: there cp1252 == latin1.
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (c > 0xff || (c >= 0x80 && c < 0xa0)) throw new Error(`not encodable here: U+${c.toString(16)}`);
    }
    return Buffer.from(text, "latin1");
  }
  if (enc === "utf16le") {
    const body = Buffer.from(text, "utf16le");
    return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
  }
  throw new Error(`unknown encoding ${enc}`);
}

const files = new Map(); // relative path -> Buffer
function add(rel, lines, opts) {
  if (files.has(rel)) throw new Error(`duplicate ${rel}`);
  files.set(rel, Buffer.isBuffer(lines) ? lines : encode(lines, opts));
}

/**
 * A logon-script style per-host file: each run preceded by `date /t` and
 * `time /t` output. runs: [{ date, time, body, blank? }]
 */
function perHostLines(runs, timeFmt, { indent = "" } = {}) {
  const out = [];
  for (const r of runs) {
    out.push(dateT(r.date), timeFmt(r.time));
    for (const l of r.body) out.push(indent + l);
    if (r.blank) out.push("");
  }
  return out;
}

// ================================================================= per-host/

// WKS00012: stuck on pcmsvc32.exe, 6 blocked runs of 6. NT 4.0 `time /t`
// (incl. ` 1:47p` = 13:47 and, in the last run, `12:40p` = 12:40). One run has the glued message.
add(
  "per-host/WKS00012.log",
  perHostLines(
    [
      { date: "1999-04-12", time: "08:15", body: blocked("pcmsvc32.exe") },
      { date: "1999-04-13", time: "08:02", body: blocked("pcmsvc32.exe") },
      {
        date: "1999-04-14",
        time: "13:47",
        body: ["Reading configuration...Could not Validate Windows path:", "C:\\WINNT", ...blocked("pcmsvc32.exe").slice(1)],
      },
      { date: "1999-04-15", time: "08:20", body: blocked("pcmsvc32.exe") },
      { date: "1999-04-19", time: "07:58", body: blocked("pcmsvc32.exe") },
      { date: "1999-04-20", time: "12:40", body: blocked("pcmsvc32.exe") },
    ],
    timeNT4,
  ),
);

// WKS00017: recovered (first run at ` 1:05p` = 13:05). 4 blocked runs, then 2 clean runs after the PCM service
// was set to manual. Output lines indented by three spaces as in the KB article;
// three-dot `Verifying ...installation...` variant in some runs.
{
  const VER3 = "Verifying Microsoft Systems Management Server client installation...";
  const b = blocked("pcmsvc32.exe");
  add(
    "per-host/WKS00017.log",
    perHostLines(
      [
        { date: "1999-04-12", time: "13:05", body: b, blank: true },
        { date: "1999-04-14", time: "09:11", body: [...b.slice(0, 4), VER3], blank: true },
        { date: "1999-04-16", time: "08:57", body: b, blank: true },
        { date: "1999-04-20", time: "09:03", body: b, blank: true },
        { date: "1999-04-21", time: "16:30", body: [READING, VER3, UP_TO_DATE], blank: true },
        { date: "1999-04-22", time: "08:59", body: cleanUpToDate(), blank: true },
      ],
      timeNT4,
      { indent: "   " },
    ),
  );
}

// WKS00023: blocked by wuser32.exe (3 runs), never by pcmsvc32.exe. `08:31 AM`
// style times; six-dot `Reading configuration......` in one run.
add(
  "per-host/WKS00023.log",
  perHostLines(
    [
      { date: "1999-04-26", time: "08:31", body: blocked("wuser32.exe") },
      { date: "1999-04-27", time: "08:29", body: ["Reading configuration......", ...blocked("wuser32.exe").slice(1)] },
      { date: "1999-04-28", time: "13:15", body: blocked("wuser32.exe") },
    ],
    timeAMPM,
  ),
);

// WKS00028: a single blocked run (the latest) after two clean runs carrying
// error lines. Not affected at --min-runs 2.
add(
  "per-host/WKS00028.log",
  perHostLines(
    [
      { date: "1999-05-03", time: "08:44", body: [READING, "Error: 259", VERIFYING] },
      { date: "1999-05-04", time: "08:40", body: [READING, "Attempting to execute file (\\\\smsserver\\sms_shr\\x86.bin\\cli_dos.exe)", VERIFYING] },
      { date: "1999-05-05", time: "08:38", body: blocked("pcmsvc32.exe") },
    ],
    timeNT4,
  ),
);

// WKS00034: clean host, LF line breaks, last line cut short with no line break
// (file still being written when collected).
add(
  "per-host/WKS00034.log",
  [
    ...perHostLines(
      [
        { date: "1999-04-12", time: "07:45", body: clean() },
        { date: "1999-04-13", time: "07:51", body: cleanUpToDate() },
        { date: "1999-04-14", time: "07:49", body: clean() },
      ],
      timeNT4,
    ),
    dateT("1999-04-15"),
    timeNT4("07:47"),
    READING,
    "Client executable act",
  ],
  { eol: "lf", cutLast: true },
);

// WKS00041: stuck, names the exe upper-case (PCMSVC32.EXE); lone CR line breaks;
// `08:12 AM` style times; the last run is at `12:02 PM` (= 12:02).
add(
  "per-host/WKS00041.log",
  perHostLines(
    [
      { date: "1999-05-03", time: "08:12", body: cleanUpToDate() },
      { date: "1999-05-04", time: "08:05", body: blocked("PCMSVC32.EXE") },
      { date: "1999-05-05", time: "08:10", body: blocked("PCMSVC32.EXE") },
      { date: "1999-05-06", time: "08:00", body: blocked("PCMSVC32.EXE") },
      { date: "1999-05-07", time: "12:02", body: blocked("PCMSVC32.EXE") },
    ],
    timeAMPM,
  ),
  { eol: "cr" },
);

// WKS00099: not a log at all, a binary with a .log name (starts like a DOS/PE
// executable). NULs at even and odd offsets, in runs: not a UTF-16 pattern.
{
  const bytes = [];
  const mz = [
    0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  ];
  bytes.push(...mz);
  let x = 0x2545f491; // xorshift32, fixed seed
  while (bytes.length < 320) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const r = x & 0xff;
    if (r < 40)
      bytes.push(0, 0, 0); // a run of three NULs
    else if (r < 80) bytes.push(0);
    else bytes.push((x >>> 8) & 0xff);
  }
  add("per-host/WKS00099.log", Buffer.from(bytes.slice(0, 320)));
}

// ================================================================= per-run/

// WKS00045: stuck; blocked, clean, then 3 blocked runs (streak 3 of 4 blocked).
// `08:14 AM` style times. One file is UTF-16LE without BOM.
{
  const run = (date, time, body, opts) =>
    add(`per-run/WKS00045/${date.replaceAll("-", "")}-${time.replace(":", "")}.log`, [dateT(date), timeAMPM(time), ...body], opts);
  run("1999-04-26", "08:14", blocked("pcmsvc32.exe"));
  run("1999-04-27", "08:09", cleanUpToDate());
  run("1999-04-28", "08:21", blocked("pcmsvc32.exe"), { enc: "utf16le", bom: false });
  run("1999-04-29", "17:36", blocked("pcmsvc32.exe"));
  run("1999-04-30", "08:11", blocked("pcmsvc32.exe"));
}

// WKS00052: clean host. The third file has no header at all: its run time is
// the file's mtime (the name is NOT used for the time).
add("per-run/WKS00052/19990503-0830.log", [dateT("1999-05-03"), timeNT4("08:30"), READING, "Problem opening or creating SMS.INI", VERIFYING]);
add("per-run/WKS00052/19990504-0827.log", [dateT("1999-05-04"), timeNT4("08:27"), ...clean()]);
add("per-run/WKS00052/19990505-0833.log", cleanUpToDate());

// ================================================================= per-user/

/** runs: [{ host, date, time: 'H:MM:SS.cc', body }] */
function perUserLines(runs) {
  const out = [];
  for (const r of runs) out.push(`COMPUTERNAME=${r.host}`, dateTime(r.date, r.time), ...r.body);
  return out;
}

// jsmith: UTF-16LE with BOM (cmd /U), CRLF. WKS00061 runs interleave in time
// with those in abauer.log.
add(
  "per-user/jsmith.log",
  perUserLines([
    { host: "WKS00061", date: "1999-05-06", time: "8:15:22.31", body: blocked("pcmsvc32.exe") },
    { host: "WKS00061", date: "1999-05-10", time: "8:09:51.04", body: blocked("pcmsvc32.exe") },
    { host: "WKS00063", date: "1999-05-12", time: "14:05:09.77", body: cleanUpToDate() },
  ]),
  { enc: "utf16le", bom: true },
);

// abauer: Windows-1252, CRLF; `ERROR: 529` followed by a German line
// (ö = 0xF6, ü = 0xFC).
add(
  "per-user/abauer.log",
  perUserLines([
    { host: "WKS00061", date: "1999-05-07", time: "9:40:05.18", body: cleanUpToDate() },
    {
      host: "WKS00070",
      date: "1999-05-10",
      time: "7:58:03.12",
      body: [
        READING,
        "ERROR: 529",
        "Zugriff verweigert: Die Datei SMS.INI konnte nicht ge\u00f6ffnet werden. Bitte \u00fcberpr\u00fcfen Sie die Berechtigungen.",
      ],
    },
    { host: "WKS00061", date: "1999-05-11", time: "13:22:47.66", body: blocked("pcmsvc32.exe") },
    { host: "WKS00070", date: "1999-05-17", time: "8:03:27.55", body: cleanUpToDate() },
  ]),
);

// ================================================================= client-logs/

// Timestamped logs from Ms\Sms\Logs of two 16-bit clients (SMSRUN16). Message
// texts are the exact lines quoted in the domain notes (Q167759, Q166765,
// Q237690), with timestamps moved to 1999; one line uses `=>`.
{
  const S16 = "C:\\MS\\SMS\\BIN\\SMSRUN16.EXE";
  const PCM = "Package Command Manager";
  const L = (ts, comp, msg, arrow = "==>") => `[${ts}] ${comp} ${arrow} ${msg}`;
  add("client-logs/WKS00081.log", [
    L("05/03/99 13:54:28", S16, "Starting execution, command line =  <empty>"),
    L("05/03/99 13:54:28", S16, "Launching C:\\MS\\SMS\\BIN\\pcmwin16.exe /debug >pcmd.log"),
    L("05/03/99 13:54:38", PCM, "Connected to logon server: \\\\S768AA0\\SMS_SHR\\pcmins.box"),
    L("05/03/99 13:54:39", PCM, "Packages before filter: 1", "=>"),
    L("05/03/99 13:54:41", S16, "End of main message loop."),
    L("05/04/99 08:32:10", S16, "Starting execution, command line =  <empty>"),
    L("05/04/99 08:32:10", S16, "Launching C:\\MS\\SMS\\BIN\\pcmwin16.exe /debug >pcmd.log"),
    L("05/04/99 08:32:17", PCM, "Connected to logon server: \\\\S768AA0\\SMS_SHR\\pcmins.box"),
    L("05/04/99 08:32:19", S16, "End of main message loop."),
  ]);
  add("client-logs/WKS00082.log", [
    L("04/30/99 09:12:03", S16, "Starting execution, command line =  <empty>"),
    L("04/30/99 09:12:03", S16, "Launching C:\\MS\\SMS\\BIN\\pcmwin16.exe /debug >pcmd.log"),
    L("04/30/99 09:12:11", PCM, "Connected to logon server: \\\\S768AA0\\SMS_SHR\\pcmins.box"),
    L("04/30/99 09:12:14", S16, "End of main message loop."),
  ]);
}

// ================================================================= write / check

const check = process.argv.includes("--check");
let bad = 0;
for (const [rel, buf] of files) {
  const abs = join(SAMPLES, ...rel.split("/"));
  if (check) {
    if (!existsSync(abs) || !readFileSync(abs).equals(buf)) {
      console.error(`differs: samples/${rel}`);
      bad++;
    }
  } else {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, buf);
  }
}
if (check) {
  if (bad) process.exit(1);
  console.log(`samples/: ${files.size} files match`);
} else {
  console.log(`samples/: wrote ${files.size} files`);
}
