/**
 * An ingest's steps, marked on the process's timeline as they end (the User Timing API:
 * `performance.mark`, a few microseconds each, once per step, never per file). With
 * SMSLOG_TIMING=1 the ingest command prints them (src/cli/timing.ts), and the benchmark
 * shows where a re-ingest's time goes from them (bench/run.ts), so that a target missed can
 * be explained from the benchmark's own runs rather than from a build with timestamps added.
 *
 * In the order they come; a step that does not happen (nothing to parse, no closing work) is
 * not marked. An ingest of PATHs read with different options ingests them as groups, one after
 * the other, and marks each group's steps in turn.
 */
export const STEP = {
  /** The database is open (DuckDB's module loaded). */
  opened: "opened",
  /** The walk's list of files has reached the ingest. */
  listed: "listed",
  /** The ledger said how many files need reading: parser threads start now (when none has). */
  compared: "compared",
  /** Where the grown files resume is known: batches can go. */
  resumable: "resumable",
  /** The first parsed batch came back from a parser thread. */
  firstParsed: "first-parsed",
  /** Every batch came back and was written (at once when no file needed reading). */
  written: "written",
  /** The last transaction committed (none when nothing was written). */
  committed: "committed",
  /** Logons stored twice across files marked. */
  repeatsMarked: "repeats-marked",
  /** The default answer made (src/query/stored-answer.ts). */
  answerMade: "answer-made",
  /** The closing checkpoint done, with the answer's texts rendered beside it. */
  checkpointed: "checkpointed",
  /** The hosts counted, and whether the ledger holds the share as listed checked. */
  counted: "counted",
  /** The default answer, the sources and the ingest's record stored. */
  recorded: "recorded",
  /** The database closed. */
  closed: "closed",
} as const;

export type Step = (typeof STEP)[keyof typeof STEP];

/** Mark `step` as ended now. */
export const markStep = (step: Step): void => void performance.mark(step);
