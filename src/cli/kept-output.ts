/**
 * The output of `smslog affected` kept with the default answer (src/query/stored-answer.ts):
 * its CSV and its JSON, the formats scripts and the README read, rendered by the ingest (or
 * forget) that changed the tables and written out as they are by `affected` asked the
 * default question, with no parsing or rendering. Not the list: it leaves out the names a
 * shell could misread, and says which on stderr. Not the table: it fits the terminal.
 *
 * A kept output's name carries this build's id (src/build-id.ts): another build, whose
 * rendering may differ, makes and serves its own; run from the sources, none is kept.
 */
import { BUILD_ID } from "../build-id.js";
import type { AffectedHost } from "../query/affected.js";
import type { Renderings } from "../query/stored-answer.js";
import type { Format } from "../render/formats.js";
import type { Plain } from "../query/values.js";

const KEPT_FORMATS: readonly Format[] = ["csv", "json"];

/** The name `format`'s output is kept under with the default answer; null when it is not kept. */
export const keptOutputName = (format: Format): string | null =>
  BUILD_ID !== null && KEPT_FORMATS.includes(format) ? `affected.${format}@${BUILD_ID}` : null;

/** `hosts` as `smslog affected` prints them in `format` (a test holds the two equal, byte for byte). */
async function affectedOutput(hosts: readonly AffectedHost[], format: Format): Promise<string> {
  const [{ render }, { AFFECTED_COLUMNS }] = await Promise.all([import("../render/render.js"), import("../query/affected.js")]);
  return render([...AFFECTED_COLUMNS], hosts as unknown as Record<string, Plain>[], format);
}

/** The outputs to keep with the default answer (none run from the sources), rendered from its hosts. */
export function keptOutputs(): Renderings<AffectedHost[]> {
  const kept = KEPT_FORMATS.flatMap((format) => {
    const name = keptOutputName(format);
    return name === null ? [] : [{ name, format }];
  });
  return {
    names: kept.map(({ name }) => name),
    render: async (hosts) => Object.fromEntries(await Promise.all(kept.map(async ({ name, format }) => [name, await affectedOutput(hosts, format)]))),
  };
}
