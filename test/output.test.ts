/** Output a user sends to a file with -o: CSV unless told otherwise, and a clear error when it cannot be written. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "./helpers/cli.js";
import { dbIn, ingestShare, SAMPLES_PATTERN } from "./helpers/db.js";
import { tempDir } from "./helpers/share.js";

describe("-o FILE", () => {
  it("writes CSV by default, and names a file it cannot write, with a hint, exit 1", async () => {
    const dir = tempDir();
    const db = dbIn(dir);
    expect((await ingestShare(db, path.join(REPO, "samples/per-host"), ["--host-pattern", SAMPLES_PATTERN])).code).toBe(0);

    const file = path.join(dir, "summary.csv");
    const written = await runCli(["summary", "--db", db, "-o", file]);
    expect(written.code, written.stderr).toBe(0);
    expect(readFileSync(file, "utf8").split("\n")[0]).toMatch(/^[a-z_]+(,[a-z_]+)+$/);

    const nowhere = path.join(dir, "no-such-folder", "summary.csv");
    const failed = await runCli(["summary", "--db", db, "-o", nowhere]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      `smslog: cannot write ${nowhere} (ENOENT)\n  hint: check that its folder exists and can be written to, or name another file with -o\n`,
    );
  });
});
