/**
 * What an answer leaves out or cannot find, so the command can say so instead of
 * answering silently: an executable no run named, runs with no time outside any window,
 * runs whose host is not a NetBIOS name.
 */
import type { Database } from "../db/connect.js";
import { HOST_RUNS_IN_WINDOW } from "./affected.js";
import { runSql } from "./run-sql.js";
import type { TimeWindow } from "./window.js";

/** The executables runs named as active, most hosts first. */
export async function exesSeen(db: Database): Promise<string[]> {
  const result = await runSql(
    db,
    `SELECT exe FROM (SELECT unnest(active_exes) AS exe, host FROM runs WHERE run_no > 0)
     GROUP BY exe ORDER BY count(DISTINCT host) DESC, exe`,
  );
  return result.rows.map((row) => String(row.exe));
}

export interface AnswerGaps {
  /** Some run named the executable as active. */
  exeNamed: boolean;
  /** Runs no window can place (no time of their own and none inferred from their file); 0 without a window. */
  runsWithoutTime: number;
}

/**
 * What an answer for `exe` in `window` cannot see, in one query that stops at the first run
 * naming the executable (listing every executable seen would scan them all: exesSeen, only
 * when it is missing).
 */
export async function answerGaps(db: Database, exe: string, window: TimeWindow): Promise<AnswerGaps> {
  const windowed = window.since !== undefined || window.until !== undefined;
  const result = await runSql(
    db,
    `SELECT EXISTS (SELECT 1 FROM runs WHERE run_no > 0 AND list_contains(active_exes, $exe)) AS named,
            ${windowed ? "(SELECT count(*)::INTEGER FROM runs WHERE run_no > 0 AND host IS NOT NULL AND duplicate_of IS NULL AND order_at IS NULL)" : "0"} AS undated`,
    { exe },
  );
  return { exeNamed: result.rows[0].named === true, runsWithoutTime: Number(result.rows[0].undated) };
}

/** Runs in the window left out because their host is not a NetBIOS name. */
export async function runsWithInvalidHost(db: Database, window: TimeWindow): Promise<number> {
  const result = await runSql(db, `SELECT count(*)::INTEGER AS n FROM runs r WHERE ${HOST_RUNS_IN_WINDOW} AND r.host_problem IS NOT NULL`, {
    since: window.since ?? null,
    until: window.until ?? null,
  });
  return Number(result.rows[0].n);
}
