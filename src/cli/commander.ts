/** commander, loaded with require() (src/commonjs.ts says why). */
import type * as CommanderApi from "commander";
import { requireCommonJs } from "../commonjs.js";

export const { Command, CommanderError, Option } = requireCommonJs("commander") as typeof CommanderApi;
export type Command = CommanderApi.Command;
export type CommanderError = CommanderApi.CommanderError;
export type Option = CommanderApi.Option;
