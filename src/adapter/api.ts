// The only module that imports the OpenClaw plugin SDK (openclaw/plugin-sdk/*), pinned to 2026.9.6.
export { definePluginEntry } from "openclaw/plugin-sdk/plugin-entry";
export type {
  OpenClawPluginApi,
  OpenClawPluginService,
  OpenClawPluginServiceContext,
  OpenClawPluginCommandDefinition,
  PluginCommandContext,
  PluginLogger,
} from "openclaw/plugin-sdk/plugin-entry";
