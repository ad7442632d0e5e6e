import { spawn } from "node:child_process";
import { CLI } from "./cli.js";

/**
 * An ingest that file permissions bind. Root reads a mode-000 file all the same, so as root
 * the child runs without root's power to override permissions (setpriv drops it, as in
 * test/reliability.test.ts; the user stays root, so the temporary folders stay usable).
 */
export function ingestWithoutRootOverride(db: string, share: string, extra: string[]): Promise<{ code: number | null; stderr: string }> {
  const ingest = [CLI, "ingest", "--db", db, ...extra, share];
  const [command, args] =
    process.getuid?.() === 0 ? ["setpriv", ["--inh-caps=-all", "--bounding-set=-all", process.execPath, ...ingest]] : [process.execPath, ingest];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
