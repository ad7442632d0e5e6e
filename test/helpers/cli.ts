import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** The repository's samples/ (samples/README.md), and a file in it by its path below. */
export const SAMPLES = path.join(REPO, "samples");
export const inSamples = (file: string) => path.join(SAMPLES, file);
export const CLI = fileURLToPath(new URL("../../dist/app/main.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string | Buffer;
  /** As root, run without root's power to override file permissions (as a user would meet them). */
  withoutRootOverride?: boolean;
}

/** Run the built CLI as a user would, in UTC so times from mtimes are predictable. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command, argv] =
      options.withoutRootOverride && process.getuid?.() === 0
        ? ["setpriv", ["--inh-caps=-all", "--bounding-set=-all", process.execPath, CLI, ...args]]
        : [process.execPath, [CLI, ...args]];
    const child = spawn(command, argv, {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, TZ: "UTC", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Start the built CLI and leave it running: for tests that signal it. `stderr` grows as it
 * writes; `exited` gives its code, or the signal that ended it.
 */
export function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: REPO,
    env: { ...process.env, TZ: "UTC", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, ...output })),
  );
  return { child, output, exited };
}

export const ndjson = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A module of the build, by its path below dist/, as a string literal for a script's import(). */
export const builtModule = (file: string) => JSON.stringify(path.join(REPO, "dist", file));

/**
 * Runs an ES module's code in a fresh Node process, started as the CLI is (no flags from
 * NODE_OPTIONS, only `flags`; `env` changes the environment, a variable set to undefined is
 * left out), and returns its exit status and what it printed.
 */
export function runModuleProcess(
  script: string,
  { flags = [], env = {} }: { flags?: string[]; env?: NodeJS.ProcessEnv } = {},
): { status: number | null; stdout: string; stderr: string } {
  const environment: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "", ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete environment[name];
  const { status, stdout, stderr } = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", script], {
    encoding: "utf8",
    env: environment,
  });
  return { status, stdout, stderr };
}

/** runModuleProcess's script, which must succeed: what it printed, as JSON. */
export function runModuleScript<T>(script: string, flags: string[] = []): T {
  const { status, stdout, stderr } = runModuleProcess(script, { flags });
  if (status !== 0) throw new Error(`the script exited with ${status}: ${stderr}`);
  return JSON.parse(stdout) as T;
}
