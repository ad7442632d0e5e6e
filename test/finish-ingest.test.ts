/**
 * An ingest's closing work (src/db/finish-ingest.ts) on real DuckDB: the caller's work at the
 * checkpoint reads the tables once repeated logons are marked, and its failure is the ingest's.
 */
import { describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/connect.js";
import { finishIngest } from "../src/db/finish-ingest.js";
import { ingestedShare } from "./helpers/db.js";
import { blockedRun, headers } from "./helpers/share.js";

/** WKS00009's logon of the 1st in its own log and in a user's, with the user's second logon. */
const SHARE = {
  "by-host/WKS00009.log": headers("04/01/1999", " 8:15a") + blockedRun(),
  "by-user/jdoe.log":
    "COMPUTERNAME=WKS00009\r\n" +
    headers("04/01/1999", " 8:15a") +
    blockedRun() +
    "COMPUTERNAME=WKS00009\r\n" +
    headers("04/02/1999", " 8:15a") +
    blockedRun(),
};

/** A write session on a database of SHARE whose repeated logon is unmarked again. */
async function unmarked(): Promise<Database> {
  const { db } = await ingestedShare(SHARE);
  const session = await openDatabase(db, "write");
  await session.connection.run("UPDATE runs SET duplicate_of = NULL");
  return session;
}

const marked = async (db: Database) =>
  Number((await db.connection.runAndReadAll("SELECT count(*) FROM runs WHERE duplicate_of IS NOT NULL")).getRows()[0][0]);

describe("an ingest's closing work", () => {
  it("lets its caller read the marked tables, then runs the caller's work beside the checkpoint", async () => {
    const session = await unmarked();
    try {
      expect(await marked(session)).toBe(0);
      const seen: string[] = [];
      const { hosts } = await finishIngest(session, true, async (db) => {
        seen.push(`marked ${await marked(db)}`);
        return async () => seen.push("beside");
      });
      expect(seen).toEqual(["marked 1", "beside"]);
      expect(hosts).toBe(1);
      // The checkpoint folded the write-ahead log into the file.
      const [[wal]] = (await session.connection.runAndReadAll("SELECT wal_size FROM pragma_database_size()")).getRows();
      expect(wal).toBe("0 bytes");
    } finally {
      session.close();
    }
  });

  it("fails with the caller's work, the checkpoint taken all the same", async () => {
    const session = await unmarked();
    try {
      const failing = finishIngest(session, true, async () => async () => {
        throw new Error("rendering failed");
      });
      await expect(failing).rejects.toThrow("rendering failed");
      // The checkpoint was taken all the same, and the connection is free again.
      const [[wal]] = (await session.connection.runAndReadAll("SELECT wal_size FROM pragma_database_size()")).getRows();
      expect(wal).toBe("0 bytes");
      expect(await marked(session)).toBe(1);
    } finally {
      session.close();
    }
  });

  it("leaves the caller out when there is no closing work", async () => {
    const session = await unmarked();
    try {
      let called = false;
      const { hosts } = await finishIngest(session, false, async () => {
        called = true;
        return null;
      });
      expect(called).toBe(false);
      expect(hosts).toBe(1);
      expect(await marked(session)).toBe(0);
    } finally {
      session.close();
    }
  });
});
