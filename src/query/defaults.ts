/**
 * The question's defaults, declared once: every command, the report and the summary take
 * them from here.
 */

/** The PCM service: the executable KB Q168463 is about. */
export const DEFAULT_EXE = "pcmsvc32.exe";

/** Blocked runs a host needs to count as affected ("repeatedly"). */
export const DEFAULT_MIN_RUNS = 2;

/**
 * An executable as the runs store it: lower-case (Windows names are case-insensitive) and
 * with `.exe` when no extension is given (`--exe pcmsvc32` means pcmsvc32.exe).
 */
export function normalizeExe(name: string): string {
  const trimmed = name.trim().toLowerCase();
  return trimmed.includes(".") ? trimmed : `${trimmed}.exe`;
}
