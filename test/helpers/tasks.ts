import path from "node:path";
import type { FileTask } from "../../src/model/files.js";

/** The task the walk hands on for `file`, read for the first time (no ledger row), with `extra` over it. */
export function fileTask(file: string, extra: Partial<FileTask> = {}): FileTask {
  return {
    newFileId: 1,
    path: file,
    relPath: path.basename(file),
    known: null,
    linkTarget: null,
    settings: { hostFrom: "name", hostPattern: null, dateOrder: "mdy" },
    ...extra,
  };
}
