/**
 * The event kinds of the catalog (grammars/forms.ts), in its order: the vocabulary of the
 * `kind` and `message_kind` columns (DuckDB ENUMs, src/db/tables.ts). Kept apart from the
 * catalog so that commands that only read the database need not load the lexer and parser
 * (Chevrotain) to know it. A form whose kind is not listed here does not compile, and
 * test/catalog.test.ts proves the list is the catalog's, in the same order: a new form adds
 * its kind here too. A changed list makes the next ingest rebuild the database (src/db/connect.ts).
 */
export const EVENT_KINDS = [
  "header_computername",
  "header_datetime",
  "header_date",
  "header_time",
  "header_current_date",
  "header_date_prompt",
  "header_current_time",
  "header_time_prompt",
  "client_log",
  "config_read",
  "executable_active",
  "component_in_use",
  "files_kept",
  "verify_install",
  "error",
  "execution_start",
  "execution_end",
  "unrecognized",
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];
