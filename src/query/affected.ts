/**
 * The built-in question: which hosts keep postponing their client-component upgrade
 * because an executable in Ms\Sms\Bin is running (KB Q168463)?
 *
 * For an executable X a run is blocked for X when it reported "Client component in use"
 * and named X as active; it is clear of X when it reached the check otherwise; it is
 * inconclusive when it never reached the check (an error, cut short). A host is affected
 * when it has at least `minRuns` runs blocked for X in the window. Its status comes from
 * its latest conclusive run, and its streak counts blocked runs back from that run,
 * skipping inconclusive ones. Runs sort by `order_at` (their time, or the inferred place of
 * an undated run in its file), then by file and position (run_id). Copies of a logon
 * stored from another file count once.
 */
import type { Database } from "../db/connect.js";
import { DEFAULT_EXE, DEFAULT_MIN_RUNS } from "./defaults.js";
import { runSql } from "./run-sql.js";
import { answerKeeper, keptAnswer, NO_RENDERINGS, type AnswerKeeper, type AnswerSpec, type Renderings } from "./stored-answer.js";

export type AffectedStatus = "all" | "blocked" | "recovered";

export interface AffectedOptions {
  exe: string;
  minRuns: number;
  /** Inclusive lower bound, ISO `YYYY-MM-DDTHH:MM:SS`. */
  since?: string;
  /** Exclusive upper bound, ISO `YYYY-MM-DDTHH:MM:SS`. */
  until?: string;
  status: AffectedStatus;
}

export interface AffectedHost {
  host: string;
  blocked_runs: number;
  total_runs: number;
  inconclusive_runs: number;
  first_blocked: string | null;
  last_blocked: string | null;
  last_run: string | null;
  status: "blocked" | "recovered";
  streak: number;
  /** `path:line` of the in-use warning of the host's latest blocked run. */
  evidence: string;
}

export const AFFECTED_COLUMNS = [
  "host",
  "blocked_runs",
  "total_runs",
  "inconclusive_runs",
  "first_blocked",
  "last_blocked",
  "last_run",
  "status",
  "streak",
  "evidence",
] as const;

/** strftime format of ISO local times, as every answer prints them. */
export const ISO = "'%Y-%m-%dT%H:%M:%S'";

/**
 * The runs of hosts (numbered from 1, each logon once) in the window ($since, $until) by the
 * time they sort by. A run with no time at all is in no window.
 */
export const HOST_RUNS_IN_WINDOW = `
  r.run_no > 0 AND r.host IS NOT NULL AND r.duplicate_of IS NULL
  AND ($since IS NULL OR r.order_at >= $since::TIMESTAMP)
  AND ($until IS NULL OR r.order_at < $until::TIMESTAMP)`;

/**
 * The runs every answer counts: those, when their host is a NetBIOS name. A host that is
 * not one (`EVIL<LF>DC01`, `$(touch x)`) names no computer to act on; `smslog query
 * invalid-hosts` lists those runs.
 */
export const COUNTED_RUNS = `${HOST_RUNS_IN_WINDOW} AND r.host_problem IS NULL`;

/**
 * A run's place in its host's order (by order_at, a run without one first, then run_id) as
 * one HUGEINT: the time in microseconds above, run_id below. The built-in query compares
 * places instead of numbering every run with a window (row_number, then max over the host):
 * 85-88 against 113-145 ms for `affected` on 40,000 hosts (medians of 8-20 fresh processes).
 */
const RUN_PLACE = `coalesce(epoch_us(r.order_at), -9223372036854775807)::HUGEINT * 18446744073709551616 + r.run_id`;

/**
 * The CTE `scoped`: the counted runs, each with whether it was blocked for $exe (`hit`),
 * whether it reached the check (`conclusive`) and where it falls in its host's order
 * (`place`, see RUN_PLACE; `numbered`: its number there too, `position`, from 1). The report
 * builds on it too, so its numbers are the same as these.
 */
const scopedRuns = (numbered: boolean, hosts = "") => `
scoped AS (
  SELECT r.host, r.run_id, r.file_id, r.started_at, r.order_at, r.time_source, r.warning_line,
         r.outcome = 'blocked' AND list_contains(r.active_exes, $exe) AS hit,
         r.outcome <> 'inconclusive' AS conclusive,
         ${RUN_PLACE} AS place${
           numbered
             ? `,
         row_number() OVER (PARTITION BY r.host ORDER BY place) AS position`
             : ""
         }
  FROM runs r
  WHERE ${COUNTED_RUNS}${hosts}
)`;

export const SCOPED_RUNS = scopedRuns(true);

export const AFFECTED_SQL = `
WITH ${scopedRuns(
  false,
  `
    -- Only hosts with a run blocked for $exe somewhere can have one in the window: the
    -- aggregates below take a quarter of the runs instead of all (0.1 s of 0.3 s on 40,000 hosts).
    AND r.host IN (SELECT host FROM runs WHERE outcome = 'blocked' AND list_contains(active_exes, $exe))`,
)},
last_clear AS (
  -- The host's latest conclusive run that was clear of $exe: its streak starts after it.
  SELECT host, max(place) AS place FROM scoped WHERE conclusive AND NOT hit GROUP BY host
),
per_host AS (
  SELECT s.host,
         count(*) FILTER (WHERE hit) AS blocked_runs,
         count(*) AS total_runs,
         count(*) FILTER (WHERE NOT conclusive) AS inconclusive_runs,
         min(started_at) FILTER (WHERE hit) AS first_blocked,
         max(started_at) FILTER (WHERE hit) AS last_blocked,
         arg_max_null(started_at, s.place) AS last_run,
         arg_max(hit, s.place) FILTER (WHERE conclusive) AS latest_blocked,
         count(*) FILTER (WHERE hit AND (c.place IS NULL OR s.place > c.place)) AS blocked_since_clear,
         arg_max(run_id, s.place) FILTER (WHERE hit) AS evidence_run
  FROM scoped s LEFT JOIN last_clear c USING (host)
  GROUP BY s.host
),
affected AS (
  SELECT p.*, CASE WHEN latest_blocked THEN 'blocked' ELSE 'recovered' END AS status
  FROM per_host p
  WHERE blocked_runs >= $min_runs
)
SELECT a.host,
       a.blocked_runs::INTEGER AS blocked_runs,
       a.total_runs::INTEGER AS total_runs,
       a.inconclusive_runs::INTEGER AS inconclusive_runs,
       strftime(a.first_blocked, ${ISO}) AS first_blocked,
       strftime(a.last_blocked, ${ISO}) AS last_blocked,
       strftime(a.last_run, ${ISO}) AS last_run,
       a.status,
       (CASE WHEN a.latest_blocked THEN a.blocked_since_clear ELSE 0 END)::INTEGER AS streak,
       f.path || ':' || r.warning_line AS evidence
FROM affected a
JOIN runs r ON r.run_id = a.evidence_run
JOIN files f ON f.file_id = r.file_id
WHERE $status = 'all' OR $status = a.status
ORDER BY a.latest_blocked DESC, streak DESC, a.blocked_runs DESC, a.host
`;

/**
 * The rows of AFFECTED_SQL as one JSON text made by DuckDB, in their order, each row an array
 * of its values in AFFECTED_COLUMNS' order (json_array: texts, numbers and nulls as they are).
 * One string crosses into JavaScript instead of ten values a host (converting those took 0.1 s
 * of `affected` on 40,000 hosts, a fifth of the command). Arrays instead of objects leave out
 * the ten column names on every row: on 40,000 hosts 1.47 MB of JSON instead of 2.82, made in
 * 191-197 against 193-247 ms (fresh processes).
 */
const AFFECTED_JSON_SQL = `
SELECT to_json(coalesce(list(json_array(${AFFECTED_COLUMNS.map((name) => `a.${name}`).join(", ")})
         -- AFFECTED_SQL's order (a host with a blocked run has a conclusive one: latest_blocked is never NULL here).
         ORDER BY a.status = 'blocked' DESC, a.streak DESC, a.blocked_runs DESC, a.host), []))::VARCHAR AS hosts
FROM (${AFFECTED_SQL}) a`;

/** A row of AFFECTED_JSON_SQL as the host it describes: its values by column name. */
function hostOf(values: readonly (string | number | null)[]): AffectedHost {
  const host: Record<string, string | number | null> = {};
  for (let i = 0; i < AFFECTED_COLUMNS.length; i++) host[AFFECTED_COLUMNS[i]] = values[i];
  return host as unknown as AffectedHost;
}

/** The query of `options` as a kept answer's spec (src/query/stored-answer.ts). */
const answerSpec = (options: AffectedOptions): AnswerSpec => ({
  name: "affected",
  sql: AFFECTED_JSON_SQL,
  values: {
    exe: options.exe,
    min_runs: options.minRuns,
    since: options.since ?? null,
    until: options.until ?? null,
    status: options.status,
  },
});

/**
 * The answer the ingest keeps: the default executable's hosts, every status, with no window.
 * Any question it holds every host of (the same executable, no window, at least as many runs)
 * is that answer filtered.
 */
const KEPT_QUESTION: AffectedOptions = { exe: DEFAULT_EXE, minRuns: DEFAULT_MIN_RUNS, status: "all" };

const answeredByKept = (options: AffectedOptions) =>
  options.exe === KEPT_QUESTION.exe && options.since === undefined && options.until === undefined && options.minRuns >= KEPT_QUESTION.minRuns;

/** AFFECTED_JSON_SQL's text as the hosts it describes, in its order. */
const hostsOf = (text: string): AffectedHost[] => (JSON.parse(text) as (string | number | null)[][]).map(hostOf);

/**
 * Keeps the answer to KEPT_QUESTION for the tables as they are now (once an ingest or forget
 * changed them), with texts rendered from its hosts (src/query/stored-answer.ts); false when
 * those kept are current.
 */
export const keepDefaultAnswer = (db: Database, renderings: Renderings<AffectedHost[]> = NO_RENDERINGS): Promise<boolean> =>
  defaultAnswerKeeper(renderings).keep(db);

/** keepDefaultAnswer in steps (answerKeeper): the ingest renders the texts beside its closing checkpoint. */
export const defaultAnswerKeeper = (renderings: Renderings<AffectedHost[]> = NO_RENDERINGS): AnswerKeeper =>
  answerKeeper(answerSpec(KEPT_QUESTION), { names: renderings.names, render: (answer) => renderings.render(hostsOf(answer)) });

/** The text of the answer to KEPT_QUESTION kept for the tables as they are now, or null. */
export const keptDefaultAnswer = async (db: Database): Promise<string | null> => (await keptAnswer(db, answerSpec(KEPT_QUESTION)))?.text ?? null;

/** The hosts of `options`: from the kept answer's text when there is one (it holds them), else from the tables. */
async function hostsFor(db: Database, options: AffectedOptions, keptText: string | null): Promise<AffectedHost[]> {
  if (keptText === null) return hostsOf((await runSql(db, AFFECTED_JSON_SQL, answerSpec(options).values)).rows[0].hosts as string);
  // The kept rows are AFFECTED_SQL's for KEPT_QUESTION, in its order; a narrower question takes some of them.
  return hostsOf(keptText).filter((host) => host.blocked_runs >= options.minRuns && (options.status === "all" || host.status === options.status));
}

export async function affectedHosts(db: Database, options: AffectedOptions): Promise<AffectedHost[]> {
  return hostsFor(db, options, answeredByKept(options) ? await keptDefaultAnswer(db) : null);
}

/** The answer to a question: its hosts, or a text kept with the answer, already rendered (affectedAnswer). */
export type AffectedAnswer = { hosts: AffectedHost[] } | { rendered: string };

/**
 * The answer to `options`: the text kept under the name `rendering` with the answer when the
 * question is the kept one itself and it is current; else its hosts, as affectedHosts gives them.
 */
export async function affectedAnswer(db: Database, options: AffectedOptions, rendering: string | null): Promise<AffectedAnswer> {
  if (!answeredByKept(options)) return { hosts: await hostsFor(db, options, null) };
  const whole = options.minRuns === KEPT_QUESTION.minRuns && options.status === KEPT_QUESTION.status;
  const kept = await keptAnswer(db, answerSpec(KEPT_QUESTION), whole ? rendering : null);
  return kept?.rendered ? { rendered: kept.text } : { hosts: await hostsFor(db, options, kept?.text ?? null) };
}
