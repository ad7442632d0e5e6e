/**
 * Sources remembered: the options an ingest used for each PATH are stored, so a later
 * ingest of the same PATH without options reads it the same way, and `smslog ingest` with
 * no PATH reads every remembered source with its own options (one nightly command for a
 * share that mixes collection conventions).
 */
import path from "node:path";
import { DEFAULT_INCLUDE } from "./defaults.js";
import { settingsKey, type IngestSettings } from "../model/settings.js";
import type { Source } from "../model/source.js";

/** The options the user typed on this command line (undefined: not given). */
export interface ExplicitOptions {
  hostFrom?: IngestSettings["hostFrom"];
  hostPattern?: string;
  dateOrder?: IngestSettings["dateOrder"];
  include?: string[];
  exclude?: string[];
  followLinks?: boolean;
}

export const DEFAULT_SETTINGS: IngestSettings = { hostFrom: "auto", hostPattern: null, dateOrder: "auto" };

/** A PATH's options: what was typed, else what was remembered for it, else the defaults. */
export function resolveSource(given: string, explicit: ExplicitOptions, remembered: Source | undefined): Source {
  return {
    path: path.resolve(given),
    settings: {
      hostFrom: explicit.hostFrom ?? remembered?.settings.hostFrom ?? DEFAULT_SETTINGS.hostFrom,
      hostPattern: explicit.hostPattern ?? remembered?.settings.hostPattern ?? DEFAULT_SETTINGS.hostPattern,
      dateOrder: explicit.dateOrder ?? remembered?.settings.dateOrder ?? DEFAULT_SETTINGS.dateOrder,
    },
    include: explicit.include ?? remembered?.include ?? [...DEFAULT_INCLUDE],
    exclude: explicit.exclude ?? remembered?.exclude ?? [],
    followLinks: explicit.followLinks ?? remembered?.followLinks ?? false,
  };
}

/** Sources read the same way go into one ingest (one walk, one pass over the ledger). */
export function groupSources(sources: readonly Source[]): Source[][] {
  const groups = new Map<string, Source[]>();
  for (const source of sources) {
    const key = `${settingsKey(source.settings)}\n${source.include.join("\0")}\n${source.exclude.join("\0")}\n${source.followLinks}`;
    const group = groups.get(key);
    if (group) group.push(source);
    else groups.set(key, [source]);
  }
  return [...groups.values()];
}

/**
 * The remembered options that differ from the defaults, as the command line would say them
 * (for a notice); those typed again (`typed`) are left out: they were not taken from memory.
 */
export function describeOptions(source: Source, typed: ExplicitOptions = {}): string {
  const parts: string[] = [];
  if (typed.hostFrom === undefined && source.settings.hostFrom !== DEFAULT_SETTINGS.hostFrom) parts.push(`--host-from ${source.settings.hostFrom}`);
  if (typed.hostPattern === undefined && source.settings.hostPattern !== null) parts.push(`--host-pattern '${source.settings.hostPattern}'`);
  if (typed.dateOrder === undefined && source.settings.dateOrder !== DEFAULT_SETTINGS.dateOrder)
    parts.push(`--date-order ${source.settings.dateOrder}`);
  if (typed.include === undefined && source.include.join() !== DEFAULT_INCLUDE.join())
    parts.push(...source.include.map((glob) => `--include '${glob}'`));
  if (typed.exclude === undefined) parts.push(...source.exclude.map((glob) => `--exclude '${glob}'`));
  if (typed.followLinks === undefined && source.followLinks) parts.push("--follow-links");
  return parts.join(" ");
}
