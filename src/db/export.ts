/**
 * The tables as Parquet, for fleets whose history outgrows one machine. The folder is
 * written whole or not at all: everything goes to a temporary sibling first, which is
 * renamed into place once complete, so a failed export leaves the old folder as it was and
 * an export over an old one leaves no stale partitions.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { BadOptionError, errnoCode, SmslogError } from "../errors.js";
import type { Database } from "./connect.js";
import { translateFailure } from "./failures.js";

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

export interface ExportOptions {
  /** Replace a folder that is not empty (whole: nothing of it is kept). */
  overwrite?: boolean;
}

/** What an export writes: --overwrite replaces a folder holding these and nothing else. */
const EXPORTED = new Set(["files.parquet", "runs.parquet", "events", "sources.parquet", "ingests.parquet"]);

/** What `folder` holds ([] when it is not there); a file in its place is refused. */
async function entriesOf(folder: string): Promise<string[]> {
  try {
    if (!(await stat(folder)).isDirectory()) throw new BadOptionError(`${folder} is a file, not a folder`, "--parquet names the folder to write");
    return await readdir(folder);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return [];
    if (error instanceof SmslogError) throw error;
    throw new SmslogError("WRITE_FAILED", `cannot export to ${folder}: ${errnoCode(error)}`);
  }
}

function checkTarget(target: string, entries: string[], overwrite: boolean): void {
  if (entries.length === 0) return;
  if (!overwrite) {
    throw new BadOptionError(
      `${target} is not empty`,
      "export writes a whole folder: name a new or empty one, or pass --overwrite to replace this one (all of it)",
    );
  }
  // --overwrite deletes the folder: only one an export wrote, never a folder named by mistake.
  const foreign = entries.filter((name) => !EXPORTED.has(name));
  if (foreign.length > 0) {
    throw new BadOptionError(
      `${target} holds files smslog export did not write (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", ..." : ""})`,
      "--overwrite replaces only an earlier export; name a new or empty folder",
    );
  }
}

async function writeTables(db: Database, folder: string): Promise<void> {
  const c = db.connection;
  const target = (name: string) => quote(path.join(folder, name));
  await c.run(`COPY files TO ${target("files.parquet")} (FORMAT parquet)`);
  await c.run(`COPY runs TO ${target("runs.parquet")} (FORMAT parquet)`);
  // Partitioned by the day of the run (events of runs with unknown time go to date=__HIVE_DEFAULT_PARTITION__).
  await c.run(
    `COPY (SELECT e.*, strftime(r.started_at, '%Y-%m-%d') AS date FROM events e LEFT JOIN runs r USING (run_id))
     TO ${target("events")} (FORMAT parquet, PARTITION_BY (date))`,
  );
  await c.run(`COPY sources TO ${target("sources.parquet")} (FORMAT parquet)`);
  const ingests = await c.runAndReadAll("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ingests' AND schema_name = 'main'");
  if (Number(ingests.getRows()[0][0]) > 0) await c.run(`COPY ingests TO ${target("ingests.parquet")} (FORMAT parquet)`);
}

export async function exportParquet(
  db: Database,
  folder: string,
  options: ExportOptions = {},
): Promise<{ files: number; runs: number; events: number }> {
  const target = path.resolve(folder);
  checkTarget(target, await entriesOf(target), options.overwrite === true);
  const parent = path.dirname(target);
  let staging: string;
  try {
    await mkdir(parent, { recursive: true });
    // Beside the target, so the final rename stays on one file system; made with mkdir (not
    // mkdtemp, whose 0700 the renamed folder would keep) under a name no one else picks.
    staging = path.join(parent, `.${path.basename(target)}.smslog-export-${process.pid}-${randomBytes(4).toString("hex")}`);
    await mkdir(staging);
  } catch (error) {
    throw new SmslogError(
      "WRITE_FAILED",
      `cannot export to ${target}: cannot create a folder in ${parent} (${errnoCode(error)})`,
      "choose a folder you can write to",
    );
  }
  try {
    await writeTables(db, staging);
    await swapInto(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const known = translateFailure(error, db.path);
    if (known?.code === "DB_DAMAGED") throw known;
    // (The files went to the temporary folder: the user knows the target.)
    const detail = known
      ? "the disk is full"
      : errnoCode(error) !== String(error)
        ? errnoCode(error)
        : error instanceof Error
          ? error.message
          : String(error);
    throw new SmslogError(
      "WRITE_FAILED",
      `cannot export to ${target}: ${detail}`,
      `${target} was left as it was${known ? "; free space on its disk and export again" : ""}`,
    );
  }
  const counts = await db.connection.runAndReadAll("SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM runs), (SELECT count(*) FROM events)");
  const [files, runs, events] = counts.getRows()[0].map(Number);
  return { files, runs, events };
}

/**
 * Put the finished folder where the old one was. Two renames: POSIX cannot rename a folder
 * over one that holds files. Should the second fail, the old folder is put back.
 */
async function swapInto(staging: string, target: string): Promise<void> {
  const old = `${staging}.old`;
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (error) {
    if (errnoCode(error) !== "ENOENT") throw error;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (moved) await rename(old, target);
    throw error;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}
