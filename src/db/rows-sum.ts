/**
 * An order-free digest of a table's rows: the sum over the rows of `hash()` of some of their
 * columns, as text (DuckDB sums the 64-bit hashes as a HUGEINT, which does not overflow). A
 * change to one of those columns in any row changes it; how DuckDB scans the rows does not.
 * NULL for no rows. The ledger's sum (ledger.ts) and a kept answer's key
 * (src/query/stored-answer.ts) are such digests.
 */
export const rowsHashSum = (columns: readonly string[]) => `sum(hash(${columns.map((name) => `"${name}"`).join(", ")}))::VARCHAR`;
