// Helm 3.13's plugins (pkg/plugin, pkg/getter/plugingetter.go) for tshelm: loading DIR/*/plugin.yaml from every
// plugins directory, the command a plugin runs on this platform (platformCommand, else command, with environment
// variables expanded), the environment it runs with (Helm's settings as HELM_* and their TSHELM_* twins, plus
// HELM_PLUGIN_NAME and HELM_PLUGIN_DIR), and the downloaders plugins offer for URL schemes.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { envSettings } from '../cli/settings.js';
import { PLUGIN_FILE, pluginDirs, pluginsDirectory } from './dirs.js';

export interface PlatformCommand {
  os: string;
  arch: string;
  command: string;
}

export interface Downloader {
  /** The URL schemes the plugin downloads (e.g. "s3"). */
  protocols: string[];
  /** The downloader's command, relative to the plugin's directory. */
  command: string;
}

export interface PluginMetadata {
  name: string;
  version: string;
  /** One line shown in the help. */
  usage: string;
  description: string;
  command: string;
  platformCommand: PlatformCommand[];
  /** Drop the arguments given on the command line (the plugin's command runs as written). */
  ignoreFlags: boolean;
  hooks: Record<string, string>;
  downloaders: Downloader[];
}

export interface Plugin {
  metadata: PluginMetadata;
  /** The plugin's directory (as found in the plugins directory: a link is not resolved). */
  dir: string;
}

/** The global flags a plugin's environment is made from (tshelm's root options, commander's names). */
export type PluginFlags = Record<string, any>;

/** A key of a YAML mapping as Go's encoding/json finds a struct field: exactly, else ignoring case. */
function field(doc: Record<string, unknown>, name: string): unknown {
  if (name in doc) return doc[name];
  const k = Object.keys(doc).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : doc[k];
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Whitespace as one space, unprintable characters dropped (Helm's sanitizeString for the usage line). */
function sanitize(s: string): string {
  return s.replace(/\s/gu, ' ').replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, '');
}

/** The plugin in a directory (Helm's LoadDir): its plugin.yaml, its name checked. */
export function loadDir(dir: string): Plugin {
  const file = join(dir, PLUGIN_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new Error(`failed to read plugin at ${JSON.stringify(file)}: open ${file}: ${e?.code === 'ENOENT' ? 'no such file or directory' : e?.message}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = obj(yaml.load(text));
  } catch (e: any) {
    throw new Error(`failed to load plugin at ${JSON.stringify(file)}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
  const metadata: PluginMetadata = {
    name: str(field(doc, 'name')),
    version: str(field(doc, 'version')),
    usage: sanitize(str(field(doc, 'usage'))),
    description: str(field(doc, 'description')),
    command: str(field(doc, 'command')),
    platformCommand: list(field(doc, 'platformCommand')).map((p) => {
      const o = obj(p);
      return { os: str(field(o, 'os')), arch: str(field(o, 'arch')), command: str(field(o, 'command')) };
    }),
    ignoreFlags: field(doc, 'ignoreFlags') === true,
    hooks: Object.fromEntries(Object.entries(obj(field(doc, 'hooks'))).map(([k, v]) => [k, str(v)])),
    downloaders: list(field(doc, 'downloaders')).map((d) => {
      const o = obj(d);
      return { protocols: list(field(o, 'protocols')).map(str), command: str(field(o, 'command')) };
    }),
  };
  if (!/^[A-Za-z0-9_-]+$/.test(metadata.name)) throw new Error(`invalid plugin name at ${JSON.stringify(file)}`);
  return { metadata, dir };
}

/** Every plugin in one directory (Helm's LoadAll: DIR/*\/plugin.yaml, in name order; two with one name fail). */
function loadAll(base: string): Plugin[] {
  let names: string[];
  try {
    names = readdirSync(base).sort();
  } catch {
    return [];
  }
  const out: Plugin[] = [];
  for (const n of names) {
    const dir = join(base, n);
    if (!existsSync(join(dir, PLUGIN_FILE))) continue; // not a plugin
    out.push(loadDir(dir));
  }
  const seen = new Map<string, string>();
  for (const p of out) {
    const old = seen.get(p.metadata.name);
    if (old !== undefined) throw new Error(`two plugins claim the name ${JSON.stringify(p.metadata.name)} at ${JSON.stringify(old)} and ${JSON.stringify(p.dir)}`);
    seen.set(p.metadata.name, p.dir);
  }
  return out;
}

/** Every plugin of a plugins directory setting (Helm's FindPlugins). Throws when one cannot be loaded. */
export function findPlugins(setting: string = pluginsDirectory()): Plugin[] {
  const found: Plugin[] = [];
  for (const d of pluginDirs(setting)) found.push(...loadAll(d));
  return found;
}

/** Go's runtime.GOOS for this platform. */
export function goos(platform: string = process.platform): string {
  return platform === 'win32' ? 'windows' : platform === 'sunos' ? 'solaris' : platform;
}

/** Go's runtime.GOARCH for this machine. */
export function goarch(arch: string = process.arch): string {
  const m: Record<string, string> = { x64: 'amd64', ia32: '386', x32: '386', ppc64: 'ppc64le', mipsel: 'mipsle' };
  return m[arch] ?? arch;
}

/** os.ExpandEnv: $NAME and ${NAME} replaced by their values (unset: empty); a lone "$" stays. */
export function expandEnv(s: string, env: Record<string, string | undefined>): string {
  const special = (c: string | undefined) => c !== undefined && /^[*#$@!?\-0-9]$/.test(c);
  const shellName = (t: string): [string, number] => {
    if (t[0] === '{') {
      if (t.length > 2 && special(t[1]) && t[2] === '}') return [t[1], 3];
      for (let i = 1; i < t.length; i++) if (t[i] === '}') return i === 1 ? ['', 2] : [t.slice(1, i), i + 1];
      return ['', 1]; // bad syntax
    }
    if (special(t[0])) return [t[0], 1];
    let i = 0;
    while (i < t.length && /[A-Za-z0-9_]/.test(t[i])) i++;
    return [t.slice(0, i), i];
  };
  let out = '';
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$' || i + 1 >= s.length) continue;
    out += s.slice(j, i);
    const [name, w] = shellName(s.slice(i + 1));
    if (name === '' && w > 0) {
      /* invalid syntax: eaten */
    } else if (name === '') out += '$';
    else out += env[name] ?? '';
    i += w;
    j = i + 1;
  }
  return out + s.slice(j);
}

/** The command of the first platformCommand for this OS and architecture, else the last for this OS. */
function platformCommand(cmds: PlatformCommand[]): string[] | undefined {
  let command: string[] | undefined;
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const c of cmds) {
    if (eq(c.os, goos())) {
      command = c.command.split(' ');
      if (eq(c.arch, goarch())) return command;
    }
  }
  return command;
}

/**
 * The program and arguments a plugin runs (Helm's PrepareCommand): platformCommand for this platform, else
 * command, split at single spaces, each part with the environment expanded; the extra arguments follow unless
 * ignoreFlags. Throws "no plugin command is applicable".
 */
export function prepareCommand(p: Plugin, extraArgs: string[], env: Record<string, string | undefined>): { main: string; args: string[] } {
  const md = p.metadata;
  let parts = md.platformCommand.length > 0 ? platformCommand(md.platformCommand) : undefined;
  if (parts === undefined) parts = md.command.split(' ');
  if (parts.length === 0 || parts[0] === '') throw new Error('no plugin command is applicable');
  const args = parts.slice(1).map((x) => expandEnv(x, env));
  if (!md.ignoreFlags) args.push(...extraArgs);
  return { main: expandEnv(parts[0], env), args };
}

/** The settings Helm hands a plugin (cli.EnvSettings.EnvVars), by their names without the HELM_ prefix. */
const PLUGIN_SETTINGS = [
  'BIN',
  'CACHE_HOME',
  'CONFIG_HOME',
  'DATA_HOME',
  'DEBUG',
  'PLUGINS',
  'REGISTRY_CONFIG',
  'REPOSITORY_CACHE',
  'REPOSITORY_CONFIG',
  'NAMESPACE',
  'MAX_HISTORY',
  'BURST_LIMIT',
  'KUBECONTEXT',
  'KUBETOKEN',
  'KUBEASUSER',
  'KUBEASGROUPS',
  'KUBEAPISERVER',
  'KUBECAFILE',
  'KUBEINSECURE_SKIP_TLS_VERIFY',
  'KUBETLS_SERVER_NAME',
];

/**
 * The environment a plugin runs in (Helm's SetupPluginEnv + callPluginExecutable): this process's environment,
 * every setting as HELM_X and TSHELM_X (the twin too, so a `$HELM_BIN ...` run inside the plugin sees the same
 * settings, TSHELM_X being read first), KUBECONFIG when --kubeconfig was given, HELM_PLUGIN_NAME, HELM_PLUGIN_DIR.
 */
export function pluginEnv(p: Plugin, flags: PluginFlags = {}, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  const settings = new Map(envSettings(flags, base).map((s) => [s.key, s.value]));
  const set = (key: string, value: string) => {
    env[`HELM_${key}`] = value;
    env[`TSHELM_${key}`] = value;
  };
  for (const key of PLUGIN_SETTINGS) set(key, settings.get(key) ?? '');
  if (flags.kubeconfig) env.KUBECONFIG = String(flags.kubeconfig);
  if (settings.get('USE_HELM_CONFIG') === 'true') env.TSHELM_USE_HELM_CONFIG = 'true';
  set('PLUGIN_NAME', p.metadata.name);
  set('PLUGIN_DIR', p.dir);
  return env;
}

/** Go's words for a program that could not be started (exec.Command + Run). */
function execError(main: string, e: NodeJS.ErrnoException): Error {
  const why = e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOEXEC' ? 'exec format error' : e.message;
  if (!main.includes('/') && e.code === 'ENOENT') return new Error(`exec: ${JSON.stringify(main)}: executable file not found in $PATH`);
  return new Error(`fork/exec ${main}: ${why}`);
}

export class PluginExitError extends Error {
  constructor(
    name: string,
    readonly exitCode: number,
  ) {
    super(`plugin ${JSON.stringify(name)} exited with error`);
  }
}

/**
 * Runs a plugin as `tshelm NAME ARGS...` does: its command with the arguments, stdin, stdout and stderr this
 * process's own. Resolves when it exited 0; throws PluginExitError with its exit code (255 when a signal ended
 * it, as Go's os.Exit(-1)), or the error starting it.
 */
export async function runPlugin(p: Plugin, args: string[], flags: PluginFlags = {}): Promise<void> {
  const env = pluginEnv(p, flags);
  let main: string;
  let argv: string[];
  try {
    ({ main, args: argv } = prepareCommand(p, args, env));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    throw new PluginExitError(p.metadata.name, 1);
  }
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(main, argv, { stdio: 'inherit', env });
    // The plugin answers the terminal's interrupt itself; this process waits for its exit status.
    const ignore = () => {};
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, ignore);
    const done = () => {
      for (const s of signals) process.off(s, ignore);
    };
    child.on('error', (e) => {
      done();
      reject(execError(main, e as NodeJS.ErrnoException));
    });
    child.on('close', (c, signal) => {
      done();
      resolve(c ?? (signal ? 255 : 1));
    });
  });
  if (code !== 0) throw new PluginExitError(p.metadata.name, code);
}

/** The plugin and downloader for a URL scheme (Helm's collectPlugins: the first that lists the protocol). */
function findDownloader(scheme: string, plugins: Plugin[] = findPlugins()): { plugin: Plugin; downloader: Downloader } | undefined {
  for (const plugin of plugins) for (const downloader of plugin.metadata.downloaders) if (downloader.protocols.includes(scheme)) return { plugin, downloader };
  return undefined;
}

/**
 * Fetches a URL with a downloader plugin (Helm's pluginGetter.Get): DIR/COMMAND ARGS... CERT KEY CA URL, its
 * stdout the content, its stderr passed through; a failure is `plugin "COMMAND" exited with error`.
 */
async function download(
  plugin: Plugin,
  downloader: Downloader,
  url: string,
  o: { certFile?: string; keyFile?: string; caFile?: string } = {},
  flags: PluginFlags = {},
): Promise<Buffer> {
  const parts = downloader.command.split(' ');
  const main = join(plugin.dir, parts[0]);
  const argv = [...parts.slice(1), o.certFile ?? '', o.keyFile ?? '', o.caFile ?? '', url];
  const env = pluginEnv(plugin, flags);
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn(main, argv, { stdio: ['ignore', 'pipe', 'inherit'], env });
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (e) => reject(execError(main, e as NodeJS.ErrnoException)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(`plugin ${JSON.stringify(downloader.command)} exited with error`));
    });
  });
}

/**
 * A URL fetched by the downloader plugin for its scheme (TLS files passed as Helm passes them), undefined when no
 * plugin offers the scheme. Plugins that cannot be loaded are passed over, as Helm's getter.All does.
 */
const downloaderPlugins = new Map<string, Plugin[]>();

export async function fetchWithPlugin(url: string, o: { certFile?: string; keyFile?: string; caFile?: string } = {}): Promise<Buffer | undefined> {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1];
  if (!scheme) return undefined;
  const setting = pluginsDirectory();
  let plugins = downloaderPlugins.get(setting);
  if (!plugins) {
    try {
      plugins = findPlugins(setting);
    } catch {
      return undefined;
    }
    downloaderPlugins.set(setting, plugins); // loaded once per process, not once per fetched URL
  }
  const found = findDownloader(scheme.toLowerCase(), plugins);
  return found && download(found.plugin, found.downloader, url, o);
}
