/** commander, loaded with require(), from the build's copy when there is one (src/commonjs.ts says why). */
import type * as CommanderApi from "commander";
import { requirePackage } from "../commonjs.js";

export const { Command, CommanderError, Option } = requirePackage("commander") as typeof CommanderApi;
export type Command = CommanderApi.Command;
export type CommanderError = CommanderApi.CommanderError;
export type Option = CommanderApi.Option;
