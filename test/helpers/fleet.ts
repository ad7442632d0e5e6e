/**
 * A share where every host is affected, for the report at scale: `hosts` per-host files of
 * 3 to 5 logons each (`date /t` + `time /t` headers, the KB's blocked output), every fifth
 * host recovered (its last run clean), and every seventh with a run whose headers are
 * missing (its time is inferred from the run before it).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { blockedRun, cleanRun, headers } from "./share.js";

export interface Fleet {
  hosts: string[];
  stuck: string[];
  recovered: string[];
  /** Runs written, all of them counted (no copies). */
  runs: number;
}

export const fleetHost = (i: number) => `WKS${String(i).padStart(5, "0")}`;

export function writeFleet(dir: string, count: number): Fleet {
  const fleet: Fleet = { hosts: [], stuck: [], recovered: [], runs: 0 };
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const host = fleetHost(i);
    const runs = 3 + (i % 3);
    fleet.runs += runs;
    const recovers = i % 5 === 0;
    let text = "";
    for (let run = 0; run < runs; run++) {
      const undated = i % 7 === 0 && run === 1;
      const day = String(run + 1 + (i % 20)).padStart(2, "0");
      if (!undated) text += headers(`04/${day}/1999`, ` ${8 + (i % 4)}:${String(i % 60).padStart(2, "0")}a`);
      text += recovers && run === runs - 1 ? cleanRun() : blockedRun();
    }
    writeFileSync(path.join(dir, `${host}.log`), text);
    fleet.hosts.push(host);
    (recovers ? fleet.recovered : fleet.stuck).push(host);
  }
  return fleet;
}
