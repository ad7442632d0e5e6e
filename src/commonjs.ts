/**
 * require(), for the CommonJS packages smslog uses: DuckDB's Node API, commander, picomatch,
 * iconv-lite and yauzl. Imported as an ES module instead, a CommonJS package has its source
 * parsed by Node to find its exports, at every start of every command and thread: commander
 * took 18-20 ms against 10 ms with require(), iconv-lite 14-19 against 6, yauzl 9-15 against
 * 6, picomatch 12.5 against 5.6. Like src/errors.ts it sits below every layer of src/ and
 * imports none of them.
 */
import { createRequire } from "node:module";

export const requireCommonJs = createRequire(import.meta.url);

/** A package required the first time it is used: for those most runs never need. */
export function requireOnFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireCommonJs(id) as T);
}
