/** What to do about a blocked host, from KB Q168463, for the people acting on the lists. */

export const PCMSVC32_FIX = `Fix (KB Q168463): on each blocked host set the PCM service (pcmsvc32.exe) to start
manually and restart the computer; the next SMSRUN32 run downloads the updated client
components. Lasting fix: reinstall the PCM service outside Ms\\Sms\\Bin, or apply
SMS 1.2 Service Pack 3.`;

/** KB Q168463 in general terms, for an executable other than the PCM service. */
function genericFix(exe: string): string {
  return `Fix (KB Q168463): SMSRUN32 cannot replace the client components while ${exe} runs from
Ms\\Sms\\Bin. On each blocked host stop ${exe} from starting (for a service, set it to start
manually) and restart the computer; the next SMSRUN32 run downloads the updated components.
Lasting fix: install ${exe} outside Ms\\Sms\\Bin.`;
}

export function fixFor(exe: string): string {
  const name = exe.toLowerCase();
  return name === "pcmsvc32.exe" ? PCMSVC32_FIX : genericFix(name);
}
