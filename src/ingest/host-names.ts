/**
 * Host names come from `COMPUTERNAME=` lines, file names and folder names, which anyone
 * could have written: `EVIL&CALC`, `$(touch x)`, or a file named `FILESRV01<LF>DC01.log`.
 * Two checks, declared once here:
 * - `hostNameProblem`: is it a NetBIOS computer name at all? A run whose host is not keeps
 *   it (upper-cased, as written) with the reason in `runs.host_problem`, and no answer counts it;
 * - `scriptProblem`: may it be printed for a script to run commands with
 *   (`affected --format list`)? Only names made of characters no shell gives a meaning to.
 */

/** NetBIOS computer names: 1 to 15 characters. */
export const NETBIOS_MAX_LENGTH = 15;

/** Characters a NetBIOS computer name cannot contain (Microsoft's naming conventions). */
const NETBIOS_FORBIDDEN = /[\\/:*?"<>|]/u;

/** What a character is called in a message: a line break is named, others are quoted as JSON would. */
function describeCharacter(character: string): string {
  if (character === "\n" || character === "\r" || character === "\u2028" || character === "\u2029" || character === "\u0085") return "a line break";
  if (/\s/u.test(character)) return character === " " ? "a space" : "whitespace";
  if (/\p{Cc}|\p{Cf}/u.test(character)) return `a control character (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`;
  return JSON.stringify(character);
}

/** Why `name` is not a NetBIOS computer name (1-15 characters, none of \ / : * ? " < > |, no whitespace or control characters), or null when it is one. */
export function hostNameProblem(name: string): string | null {
  const length = [...name].length;
  if (length === 0) return "empty";
  const bad = /[\s\p{Cc}\p{Cf}]/u.exec(name) ?? NETBIOS_FORBIDDEN.exec(name);
  if (bad) return `holds ${describeCharacter(bad[0])}`;
  if (length > NETBIOS_MAX_LENGTH) return `${length} characters, more than ${NETBIOS_MAX_LENGTH}`;
  return null;
}

/**
 * Names printed for scripts: ASCII letters, digits, `_`, `-` and `.`, not starting with `-`
 * or `.`. Everything else is left out, because some consumer reads it as syntax: `& | ; < >
 * ( ) ^ %` and `!` (delayed expansion) in cmd.exe, which also splits arguments at `, ; =`;
 * `$ \` ' " ( ) ; & | < > [ ] * ? ~ { } #` and blanks in POSIX shells (`[` globs even in an
 * unquoted `$host`); `$ \` @ { } # '` in PowerShell; a leading `-` is an option to the tool a
 * loop calls, a leading `.` a path (`..`). Non-ASCII letters go too: a console code page can
 * turn them into other characters ("best fit" maps U+02BA to `"`), or into another host's name.
 */
const SCRIPT_SAFE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Why `name` must not be printed for a script, or null when it may. */
export function scriptProblem(name: string): string | null {
  if (SCRIPT_SAFE.test(name)) return null;
  const problem = hostNameProblem(name);
  if (problem !== null) return `not a NetBIOS name: ${problem}`;
  if (name.startsWith("-") || name.startsWith(".")) return `starts with ${JSON.stringify(name[0])}`;
  const bad = [...name].find((character) => !/[A-Za-z0-9_.-]/.test(character))!;
  return /[\x21-\x7e]/.test(bad)
    ? `holds ${JSON.stringify(bad)}, which a shell or cmd.exe may read as syntax`
    : `holds ${JSON.stringify(bad)}, not ASCII`;
}
