// The plugin manifest, imported once: its configSchema is the single source of truth for config.
import manifestJson from "../../openclaw.plugin.json" with { type: "json" };

export interface PluginManifest {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly configSchema: Record<string, unknown>;
}

export const manifest: PluginManifest = manifestJson as unknown as PluginManifest;
export const PLUGIN_ID = manifest.id;
