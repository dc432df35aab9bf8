// Where plugins live, cheaply (no YAML, no commander): Helm's settings.PluginsDirectory is $HELM_PLUGINS (here
// TSHELM_PLUGINS first) or DATA_HOME/plugins, a list of directories joined by the path list separator; each
// holds one directory per plugin, with its plugin.yaml. HELM_NO_PLUGINS=1 (or TSHELM_NO_PLUGINS=1) turns plugins
// off. The fast start (src/cli/fast-start.ts) asks hasPlugins() before answering from its plugin-less snapshot.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { dataHome } from '../repo/paths.js';

export const PLUGIN_FILE = 'plugin.yaml';

/** The plugins directory setting (HELM_PLUGINS): one or more directories joined by the path list separator. */
export function pluginsDirectory(flags: { useHelmConfig?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): string {
  return env.TSHELM_PLUGINS ?? env.HELM_PLUGINS ?? join(dataHome({ useHelmConfig: flags.useHelmConfig }), 'plugins');
}

/** The directories of a plugins directory setting (filepath.SplitList, empty entries dropped). */
export function pluginDirs(setting: string): string[] {
  return setting.split(delimiter).filter((d) => d !== '');
}

/** Whether plugins are turned off (HELM_NO_PLUGINS=1, TSHELM_NO_PLUGINS=1). */
function pluginsDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.TSHELM_NO_PLUGINS ?? env.HELM_NO_PLUGINS) === '1';
}

/** Whether any DIR/NAME/plugin.yaml exists (plugins on): then the command line depends on installed plugins. */
export function hasPlugins(flags: { useHelmConfig?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): boolean {
  if (pluginsDisabled(env)) return false;
  for (const dir of pluginDirs(pluginsDirectory(flags, env))) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) if (existsSync(join(dir, n, PLUGIN_FILE))) return true;
  }
  return false;
}
