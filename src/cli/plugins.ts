// Installed plugins on the command line (Helm 3.13's cmd/helm/load_plugins.go): every plugin becomes a command
// `tshelm NAME [args...]`, listed in the root help under "Plugins:" and offered by completion. Running one hands
// it every argument unparsed (the global flags Helm knows, wherever they stand, are taken out and become its
// settings), with Helm's environment (src/plugin/plugin.ts), this process's stdin/stdout/stderr and its exit code.
// A plugin named as a tshelm command (or alias) is refused: "failed to load plugins: name conflicts: NAME" (Helm
// 4.1's check; 3.13 has none and lets the built-in command shadow it). HELM_NO_PLUGINS=1 turns plugins off.
// Plugins are looked for only when a plugins directory holds a DIR/plugin.yaml (a cheap readdir), so a command
// line without plugins loads no YAML; the fast start (./fast-start.ts) declines whenever plugins are installed.
import type { Command } from 'commander';
import { hasPlugins, pluginsDirectory } from '../plugin/dirs.js';
import type { Plugin, PluginFlags } from '../plugin/plugin.js';

export const PLUGINS_HELP_GROUP = 'Plugins:';

/** The plugin behind each command loadPlugins added (completion finds it here instead of loading plugins again). */
const pluginOf = new WeakMap<Command, Plugin>();

/** The global flags with a value that Helm takes out of a plugin's arguments (manuallyProcessArgs). */
const VALUE_FLAGS: Record<string, string> = {
  '--kube-context': 'kubeContext',
  '--namespace': 'namespace',
  '-n': 'namespace',
  '--kubeconfig': 'kubeconfig',
  '--kube-apiserver': 'kubeApiserver',
  '--kube-token': 'kubeToken',
  '--kube-as-user': 'kubeAsUser',
  '--kube-as-group': 'kubeAsGroup',
  '--kube-ca-file': 'kubeCaFile',
  '--registry-config': 'registryConfig',
  '--repository-cache': 'repositoryCache',
  '--repository-config': 'repositoryConfig',
};
/** The boolean ones: Helm's --debug, and tshelm's --use-helm-config (it chooses where plugins are found). */
const BOOL_FLAGS: Record<string, string> = { '--debug': 'debug', '--use-helm-config': 'useHelmConfig' };

/**
 * A plugin's arguments split as Helm's manuallyProcessArgs does: the global flags it knows (`--flag value`,
 * `--flag=value`, --debug) become settings; everything else, in order, is the plugin's.
 */
export function splitPluginArgs(args: readonly string[]): { flags: PluginFlags; rest: string[] } {
  const flags: PluginFlags = {};
  const rest: string[] = [];
  const set = (key: string, value: string) => {
    if (key === 'kubeAsGroup') flags.kubeAsGroup = [...(flags.kubeAsGroup ?? []), value];
    else flags[key] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (BOOL_FLAGS[a]) flags[BOOL_FLAGS[a]] = true;
    else if (VALUE_FLAGS[a]) {
      i++;
      if (i < args.length) set(VALUE_FLAGS[a], args[i]);
    } else {
      const eq = a.indexOf('=');
      const key = eq > 0 ? VALUE_FLAGS[a.slice(0, eq)] : undefined;
      if (key) set(key, a.slice(eq + 1));
      else rest.push(a);
    }
  }
  return { flags, rest };
}

/** Where the command name stands in a command line (cobra's Find: root flags and their values skipped). */
export function commandIndex(program: Command, argv: readonly string[]): number {
  const takesValue = new Set<string>();
  for (const o of program.options) if (o.required || o.optional) for (const f of [o.long, o.short]) if (f) takesValue.add(f);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return -1;
    if (a.startsWith('-') && a !== '-') {
      if (!a.includes('=') && takesValue.has(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * Adds the installed plugins to the program as commands (none when plugins are off or none is installed).
 * Load failures and name clashes are reported on stderr, as Helm does, and the command line goes on without them.
 */
export async function loadPlugins(program: Command, argv: readonly string[] = []): Promise<Map<string, Plugin>> {
  const loaded = new Map<string, Plugin>();
  const useHelmConfig = argv.includes('--use-helm-config');
  if (!hasPlugins({ useHelmConfig })) return loaded;
  const { findPlugins } = await import('../plugin/plugin.js');
  let found: Plugin[];
  try {
    found = findPlugins(pluginsDirectory({ useHelmConfig }));
  } catch (e) {
    process.stderr.write(`failed to load plugins: ${(e as Error).message}\n`);
    return loaded;
  }
  const taken = new Set<string>(['help']);
  for (const c of program.commands) for (const n of [c.name(), ...c.aliases()]) taken.add(n);
  for (const p of found) {
    const md = p.metadata;
    if (taken.has(md.name)) {
      process.stderr.write(`failed to load plugins: name conflicts: ${md.name}\n`);
      continue;
    }
    taken.add(md.name);
    const usage = md.usage || `the ${JSON.stringify(md.name)} plugin`;
    const cmd = program
      .command(md.name)
      .summary(usage)
      .description(md.description.trim() || usage)
      .helpGroup(PLUGINS_HELP_GROUP)
      .argument('[args...]')
      .helpOption(false)
      .allowUnknownOption(true)
      .allowExcessArguments(true)
      // main() runs plugins before commander parses (runPluginCommand); this is for a command line it did not
      // recognise as one, with the arguments commander left.
      .action(async (_args: string[], _opts: unknown, c: Command) => {
        process.exitCode = await execute(p, c.args);
      });
    pluginOf.set(cmd, p);
    loaded.set(md.name, p);
  }
  return loaded;
}

/** Runs a plugin with its arguments (the global flags Helm knows among them become its settings); the exit code. */
async function execute(p: Plugin, args: string[]): Promise<number> {
  const { runPlugin, PluginExitError } = await import('../plugin/plugin.js');
  const { flags, rest } = splitPluginArgs(args);
  try {
    await runPlugin(p, rest, flags);
    return 0;
  } catch (e) {
    process.stderr.write(`Error: ${(e as Error).message}\n`);
    return e instanceof PluginExitError ? e.exitCode : 1;
  }
}

/**
 * Runs the plugin a command line names, if it names one: every other argument goes to it (global flags before
 * or after the name included, then taken out by splitPluginArgs as Helm does). Undefined: not a plugin.
 */
export async function runPluginCommand(program: Command, plugins: Map<string, Plugin>, argv: readonly string[]): Promise<number | undefined> {
  const i = commandIndex(program, argv);
  const p = i >= 0 ? plugins.get(argv[i]) : undefined;
  if (!p) return undefined;
  return execute(p, [...argv.slice(0, i), ...argv.slice(i + 1)]);
}

/** A plugin's completion.yaml (Helm's pluginCommand): its subcommands, their flags and valid arguments. */
interface CompletionSpec {
  name: string;
  validArgs: string[];
  flags: string[];
  commands?: CompletionSpec[];
}

function completionSpec(doc: unknown): CompletionSpec {
  const o = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const strs = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    name: String(o.name ?? ''),
    validArgs: strs(o.validArgs),
    flags: strs(o.flags),
    commands: Array.isArray(o.commands) ? o.commands.map(completionSpec) : undefined,
  };
}

/**
 * Completion candidates after a plugin's name (Helm's loadCompletionForPlugin), undefined when the words do
 * not name a plugin: the subcommands, valid arguments and flags of its completion.yaml, and for a (sub)command
 * without subcommands whatever DIR/plugin.complete prints when run with the subcommands, then (unless
 * ignoreFlags) the arguments so far and the word being completed (a last ":N" directive line dropped).
 */
export async function completePlugin(program: Command, before: readonly string[], cur: string): Promise<string[] | undefined> {
  const i = commandIndex(program, before);
  if (i < 0 || i === before.length) return undefined;
  const cmd = program.commands.find((c) => c.name() === before[i]);
  const p = cmd && pluginOf.get(cmd);
  if (!p) return undefined;
  const { pluginEnv } = await import('../plugin/plugin.js');
  const { existsSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  let spec: CompletionSpec = { name: p.metadata.name, validArgs: [], flags: [] };
  try {
    const yaml = (await import('js-yaml')).default;
    spec = completionSpec(yaml.load(readFileSync(join(p.dir, 'completion.yaml'), 'utf8')));
  } catch {
    /* no static completion */
  }
  const { flags, rest } = splitPluginArgs([...before.slice(0, i), ...before.slice(i + 1)]);
  const path: string[] = [];
  const args: string[] = [];
  for (const w of rest) {
    const sub = !w.startsWith('-') && args.length === 0 ? spec.commands?.find((c) => c.name === w) : undefined;
    if (sub) {
      spec = sub;
      path.push(w);
    } else args.push(w);
  }
  const out: string[] = [];
  if (cur.startsWith('-')) out.push(...spec.flags.map((f) => (f.length === 1 ? `-${f}` : `--${f}`)));
  else if (args.length === 0) out.push(...(spec.commands ?? []).map((c) => c.name), ...spec.validArgs);
  if (spec.commands === undefined) {
    const main = join(p.dir, 'plugin.complete');
    if (existsSync(main)) {
      const { spawnSync } = await import('node:child_process');
      const argv = p.metadata.ignoreFlags ? path : [...path, ...args, cur];
      const r = spawnSync(main, argv, { encoding: 'utf8', env: pluginEnv(p, flags), stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
      if (r.status === 0) {
        const lines = r.stdout.split('\n').filter((l) => l !== '');
        if (lines.length && /^:\d+$/.test(lines[lines.length - 1])) lines.pop();
        out.push(...lines);
      }
    }
  }
  return [...new Set(out)].filter((x) => x.startsWith(cur)).sort();
}
