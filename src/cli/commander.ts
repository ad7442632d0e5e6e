/**
 * commander, loaded with require(). Its ES entry wraps the CommonJS one, whose source Node
 * then parses to find its exports: 18-20 ms at every start of every command, against 10 ms
 * for require() (as for DuckDB's API, src/db/duckdb.ts).
 */
import { createRequire } from "node:module";
import type * as CommanderApi from "commander";

export const { Command, CommanderError, Option } = createRequire(import.meta.url)("commander") as typeof CommanderApi;
export type Command = CommanderApi.Command;
export type CommanderError = CommanderApi.CommanderError;
export type Option = CommanderApi.Option;
