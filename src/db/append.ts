/** Columnar loading: DuckDB data chunks handed to its appender, 2048 rows at a time. */
import { DuckDBDataChunk, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

export async function appendColumns(
  connection: DuckDBConnection,
  table: string,
  types: readonly DuckDBType[],
  columns: readonly (readonly DuckDBValue[])[],
): Promise<void> {
  const rows = columns[0]?.length ?? 0;
  if (rows === 0) return;
  const appender = await connection.createAppender(table);
  try {
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const end = Math.min(rows, start + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, end - start);
      chunk.setColumns(columns.map((column) => column.slice(start, end)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
