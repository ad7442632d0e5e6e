/** Writing to stdout and stderr the way a pipeline expects: data out, diagnostics err. */
import { SmslogError } from "../errors.js";
import { visible } from "../render/visible.js";

/** Write to stdout, waiting when the pipe is full so large outputs keep memory flat. */
export function writeOut(chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once("drain", resolve);
  });
}

/** Resolves once all that was written to `stream` has been handed to the system. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  // An empty write's callback comes after every write before it.
  return stream.writableLength === 0 ? Promise.resolve() : new Promise((resolve) => stream.write("", () => resolve()));
}

/** Resolves once stdout and stderr have handed all that was written to them to the system: then the process may exit. */
export async function outputWritten(): Promise<void> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
}

/** One line on stderr, whatever a path or name in it holds. */
export function warn(message: string): void {
  process.stderr.write(`smslog: ${visible(message)}\n`);
}

export function describeError(error: unknown): string {
  if (error instanceof SmslogError) return error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// `smslog … | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
