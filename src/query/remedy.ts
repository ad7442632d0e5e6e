/** What to do about a blocked host, from KB Q168463, for the people acting on the lists. */
import { DEFAULT_EXE } from "./defaults.js";

export const PCMSVC32_FIX = `Fix (KB Q168463): on each blocked host set the PCM service (pcmsvc32.exe) to start
manually and restart the computer; the next SMSRUN32 run downloads the updated client
components. Lasting fix: reinstall the PCM service outside Ms\\Sms\\Bin, or apply
SMS 1.2 Service Pack 3.`;

/**
 * The documented fix for hosts blocked by `exe`, or null: KB Q168463 documents one for the
 * PCM service only, and smslog does not make one up for other programs.
 */
export function fixFor(exe: string): string | null {
  return exe.toLowerCase() === DEFAULT_EXE ? PCMSVC32_FIX : null;
}
