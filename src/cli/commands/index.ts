// Every subcommand of `self-heal`, in help order.
import type { Command } from "commander";
import type { CommandContext } from "../main.js";
import { registerClassify } from "./classify.js";
import { registerRehearse } from "./rehearse.js";
import { registerStatus } from "./status.js";
import { registerReplay } from "./replay.js";
import { registerReport } from "./report.js";
import { registerWatch } from "./watch.js";
import { registerOperator } from "./operator.js";
import { registerMigrate } from "./migrate.js";

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const commands: RegisterCommand[] = [registerClassify, registerRehearse, registerStatus, registerReplay, registerReport, registerWatch, registerOperator, registerMigrate];
