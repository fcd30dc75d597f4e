// openclaw-self-heal plugin entry: wiring only (see src/adapter/register.ts).
import { definePluginEntry } from "./adapter/api.js";
import { register } from "./adapter/register.js";
import { manifest } from "./config/manifest.js";

export default definePluginEntry({
  id: manifest.id,
  name: manifest.name,
  description: manifest.description,
  register,
});
