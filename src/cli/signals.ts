/**
 * SIGINT and SIGTERM. By default smslog removes its DuckDB spill folder and then dies of the
 * signal as if it had none (a shell sees it killed, not failed). A command with a better
 * way to stop (ingest: after the current commit) takes the next signal instead.
 */
import { removeSpillFolder } from "../db/spill.js";

export type StopHandler = (signal: NodeJS.Signals) => void;

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
let handler: StopHandler | null = null;

function onSignal(signal: NodeJS.Signals): void {
  const current = handler;
  if (current !== null) {
    handler = null;
    current(signal);
    return;
  }
  removeSpillFolder();
  for (const name of SIGNALS) process.removeListener(name, onSignal);
  process.kill(process.pid, signal);
}

/** Install the default handling (once, at start). */
export function handleStopSignals(): void {
  for (const name of SIGNALS) process.on(name, onSignal);
}

/** Let `stop` take the next SIGINT or SIGTERM; the one after that gets the default. */
export function onNextStopSignal(stop: StopHandler | null): void {
  handler = stop;
}

/** The exit code of a process stopped by `signal`, as shells report one killed by it (130 for SIGINT). */
export const exitCodeForSignal = (signal: NodeJS.Signals) => 128 + (signal === "SIGINT" ? 2 : 15);
