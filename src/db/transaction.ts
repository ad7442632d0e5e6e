/** Work done in one transaction of a write session: all of it committed, or none. */
import type { Database } from "./connect.js";

/**
 * Runs `work` inside BEGIN … COMMIT on `db`'s connection, and rolls back when it throws (the
 * error is passed on; a rollback that fails too says nothing more). The batch writer keeps its
 * own transactions open across batches (writer.ts).
 */
export async function inTransaction<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await db.connection.run("BEGIN TRANSACTION");
  try {
    const result = await work();
    await db.connection.run("COMMIT");
    return result;
  } catch (error) {
    await db.connection.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
