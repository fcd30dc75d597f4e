// Every subcommand of `self-heal`, in help order.
import type { Command } from "commander";
import type { CommandContext } from "../main.js";
import { registerClassify } from "./classify.js";

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const commands: RegisterCommand[] = [registerClassify];
