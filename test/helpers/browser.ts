import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { SHARED_TMPDIR } from "./temp-root.js";

/**
 * The flags every browser test starts Chromium with: headless, no sandbox (CI runs as root), no GPU,
 * and nothing that reaches for the network (this machine's network is closed, and the page must
 * load nothing anyway).
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A Chrome or Chromium installed on the machine, taken before the npm build when present. */
export const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

const PACKAGE = "@sparticuz/chromium";
const HELP = `Set SMSLOG_CHROMIUM to the path of a Chrome or Chromium, or run \`npm install\` so that the devDependency ${PACKAGE} (a Linux x64 build) is there.`;

export interface ChromiumChoice {
  /** Where it came from, for messages: "SMSLOG_CHROMIUM", "system" or "@sparticuz/chromium 153.0.0". */
  source: string;
  executablePath: string;
  /** Extra environment for the browser process. */
  env?: Record<string, string>;
}

/**
 * The browser for the tests: SMSLOG_CHROMIUM when set (it must exist), else a system Chromium or
 * Chrome, else the build that the devDependency @sparticuz/chromium ships.
 */
export async function chooseChromium(): Promise<ChromiumChoice> {
  const override = process.env.SMSLOG_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`SMSLOG_CHROMIUM is ${override}, which does not exist.`);
    return { source: "SMSLOG_CHROMIUM", executablePath: override };
  }
  const system = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
  if (system) return { source: "system", executablePath: system };
  return npmChromium();
}

/**
 * The Chromium of @sparticuz/chromium. Its `executablePath()` decompresses the browser (plus
 * SwiftShader and Open Sans) into os.tmpdir() and, next time, returns whatever `chromium` it finds
 * there, whichever version put it there. So it is run in a child process whose TMPDIR is a fresh
 * folder, which is renamed into place, named by version and user, only once it is whole: a stale
 * or half-written browser is never picked up, and two test runs at once do not trip over each other.
 */
async function npmChromium(): Promise<ChromiumChoice> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`${PACKAGE} ships a Linux x64 build only; this is ${process.platform} ${process.arch}.`);
  }
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    throw new Error(`No system Chromium (${SYSTEM_CHROMIUMS.join(", ")}) and ${PACKAGE} is not installed.`);
  }
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { version: string };
  // Kept between runs: in the system's temporary folder, not the run's own (temp-root.ts).
  const dir = path.join(process.env[SHARED_TMPDIR] ?? tmpdir(), `smslog-chromium-${version}-${process.getuid?.() ?? 0}`);
  const executablePath = path.join(dir, "chromium");
  if (!existsSync(executablePath)) await inflate(entry, dir);
  return { source: `${PACKAGE} ${version}`, executablePath, env: { FONTCONFIG_FILE: path.join(dir, "fonts.conf") } };
}

async function inflate(entry: string, dir: string): Promise<void> {
  const staging = mkdtempSync(`${dir}.partial-`);
  try {
    const script = `const { default: chromium } = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.stdout.write(await chromium.executablePath());`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, TMPDIR: staging },
      timeout: 120_000,
    });
    if (stdout !== path.join(staging, "chromium")) throw new Error(`${PACKAGE} put its browser at ${stdout}, not in ${staging}.`);
    // The package's fonts.conf names /tmp/fonts; this one keeps the system's fonts and adds Open Sans
    // for a machine that has none.
    const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    writeFileSync(
      path.join(staging, "fonts.conf"),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${xml(path.join(dir, "fonts", "fonts"))}</dir>
  <cachedir>${xml(path.join(dir, "fonts-cache"))}</cachedir>
</fontconfig>
`,
    );
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another run put it in place first: use that one.
      if (!existsSync(path.join(dir, "chromium"))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Launch the chosen browser; any failure to find or start one is an error that says what to do. */
export async function launchChromium(): Promise<{ browser: Browser; choice: ChromiumChoice }> {
  let choice: ChromiumChoice;
  try {
    choice = await chooseChromium();
  } catch (error) {
    throw new Error(`No Chromium for the browser test: ${(error as Error).message}\n${HELP}`, { cause: error });
  }
  try {
    const browser = await chromium.launch({
      executablePath: choice.executablePath,
      args: CHROMIUM_ARGS,
      ...(choice.env ? { env: { ...process.env, ...choice.env } } : {}),
    });
    return { browser, choice };
  } catch (error) {
    throw new Error(`Chromium from ${choice.source} (${choice.executablePath}) did not start: ${(error as Error).message}\n${HELP}`, {
      cause: error,
    });
  }
}
