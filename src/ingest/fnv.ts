/**
 * FNV-1a, 32 bits: short, the same in every process and version (run signatures are stored,
 * and the walk's threads must agree on who owns a name), and cheap on a hot path.
 */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The hash so far, continued over one UTF-16 code unit. */
export const fnvUnit = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);

/** The hash so far, continued over the UTF-16 code units of `text`. */
export function fnvText(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = fnvUnit(hash, text.charCodeAt(i));
  return hash;
}
