// `tshelm plugin install|list|uninstall|update` (Helm v3.13.3 cmd/helm/plugin*.go): plugins live in
// TSHELM_PLUGINS (HELM_PLUGINS; default DATA_HOME/plugins), one directory per plugin with its plugin.yaml. A local
// directory is installed as a symbolic link (Helm's LocalInstaller), an http(s) .tgz archive is unpacked (Helm's
// HTTPInstaller). The install/update hooks of plugin.yaml run with HELM_PLUGIN_DIR and HELM_PLUGIN_NAME set.
// Running an installed plugin as `tshelm NAME ...`: ../plugins.ts. Not here yet: VCS (git) installs.
import type { Command } from 'commander';
import { examples } from '../examples.js';

interface PluginMeta {
  name: string;
  version: string;
  description: string;
  hooks?: Record<string, string>;
}

async function pluginsDir(c: Command): Promise<string> {
  const { envValue } = await import('../settings.js');
  const { dataHome } = await import('../../repo/paths.js');
  const { join } = await import('node:path');
  const g = c.optsWithGlobals() as Record<string, any>;
  return envValue('PLUGINS') ?? join(dataHome({ useHelmConfig: g.useHelmConfig }), 'plugins');
}

async function readMeta(dir: string): Promise<PluginMeta> {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const yaml = await import('js-yaml');
  let doc: any;
  try {
    doc = yaml.load(readFileSync(join(dir, 'plugin.yaml'), 'utf8'));
  } catch (e: any) {
    if (e?.code === 'ENOENT') throw new Error(`plugin.yaml not found in ${dir}`);
    // js-yaml's message goes on with a snippet of the file: the first line (reason and line:column) only
    throw new Error(`failed to load plugin at "${join(dir, 'plugin.yaml')}": ${String(e?.message ?? e).split('\n')[0]}`);
  }
  const name = String(doc?.name ?? '');
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`plugin "${name}" in ${dir} has an invalid name (letters, digits, _ and - only)`);
  return { name, version: String(doc?.version ?? ''), description: String(doc?.description ?? '').trim(), hooks: doc?.hooks };
}

/** Every installed plugin, sorted by name. */
async function installed(dir: string): Promise<Array<PluginMeta & { dir: string }>> {
  const { readdirSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Array<PluginMeta & { dir: string }> = [];
  for (const n of names.sort()) {
    const p = join(dir, n);
    try {
      if (!statSync(p).isDirectory()) continue;
      out.push({ ...(await readMeta(p)), dir: p });
    } catch {
      /* not a plugin */
    }
  }
  return out;
}

async function runHook(meta: PluginMeta, dir: string, event: 'install' | 'update', c: Command): Promise<void> {
  const cmd = meta.hooks?.[event];
  if (!cmd) return;
  const { spawnSync } = await import('node:child_process');
  const g = c.optsWithGlobals() as Record<string, any>;
  const env: Record<string, string | undefined> = { ...process.env, HELM_PLUGIN_DIR: dir, HELM_PLUGIN_NAME: meta.name, HELM_PLUGINS: await pluginsDir(c), HELM_BIN: process.argv[1] ?? 'tshelm', HELM_DEBUG: g.debug ? 'true' : 'false' };
  const expanded = cmd.replace(/\$(\w+)|\$\{(\w+)\}/g, (_m, a, b) => env[a ?? b] ?? '');
  const r = spawnSync('sh', ['-c', expanded], { cwd: dir, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`plugin ${event} hook for "${meta.name}" exited with ${r.status ?? r.signal}`);
}

export function register(program: Command): void {
  const plugin = program
    .command('plugin')
    .description('install, list, or uninstall Helm plugins')
    .addHelpText('after', examples('tshelm plugin install ./helm-diff', 'tshelm plugin list', 'tshelm plugin uninstall diff'));

  plugin
    .command('install')
    .alias('add')
    .description('install one or more Helm plugins')
    .usage('[options] <path|url>')
    .argument('[source]')
    .option('--version <version>', 'specify a version constraint. If this is not specified, the latest version is installed')
    .addHelpText('after', examples('tshelm plugin install ./helm-diff', 'tshelm plugin install https://example.com/helm-plugins/diff-3.8.1.tgz'))
    .action(async (source: string | undefined, _opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (!source) throw new CliError('"tshelm plugin install" requires 1 argument\n\nUsage:  tshelm plugin install [options] <path|url>... [flags]');
      const { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } = await import('node:fs');
      const { join, resolve } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const dir = await pluginsDir(c);
      try {
        mkdirSync(dir, { recursive: true });
        let meta: PluginMeta;
        let target: string;
        if (/^https?:\/\//.test(source)) {
          if (!/\.(tgz|tar\.gz)(\?.*)?$/.test(source)) throw new Error(`only .tgz or .tar.gz plugin archives can be installed from a URL: ${source}`);
          const { httpGet } = await import('../../repo/download.js');
          const tar = await import('tar');
          const tmp = mkdtempSync(join(tmpdir(), 'tshelm-plugin-'));
          try {
            const data = await httpGet(source);
            const archive = join(tmp, 'plugin.tgz');
            (await import('node:fs')).writeFileSync(archive, data);
            const out = join(tmp, 'x');
            mkdirSync(out);
            try {
              await tar.x({ file: archive, cwd: out, strict: true });
            } catch (e) {
              // node-tar's "TAR_BAD_ARCHIVE: Unrecognized archive format" names neither the archive nor what is wrong
              throw new Error(`failed to extract the plugin archive ${source}: ${String((e as Error).message).replace(/^TAR_\w+: /, '')}`);
            }
            // the archive holds the plugin at its top or in one directory
            const entries = readdirSync(out);
            const root = existsSync(join(out, 'plugin.yaml')) ? out : entries.length === 1 && statSync(join(out, entries[0])).isDirectory() ? join(out, entries[0]) : out;
            meta = await readMeta(root);
            target = join(dir, meta.name);
            if (existsSync(target)) throw new Error('plugin already exists');
            renameSync(root, target);
          } finally {
            rmSync(tmp, { recursive: true, force: true });
          }
        } else {
          const src = resolve(source);
          if (!existsSync(src)) throw new Error(`${source}: no such file or directory`);
          if (!statSync(src).isDirectory()) throw new Error(`${source} is not a directory (a plugin is a directory with a plugin.yaml)`);
          meta = await readMeta(src);
          target = join(dir, meta.name);
          if (existsSync(target)) throw new Error('plugin already exists');
          symlinkSync(src, target, 'dir');
        }
        await runHook(meta, target, 'install', c);
        process.stdout.write(`Installed plugin: ${meta.name}\n`);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    });

  plugin
    .command('list')
    .alias('ls')
    .description('list installed Helm plugins')
    .addHelpText('after', examples('tshelm plugin list', 'tshelm plugin ls'))
    .action(async (_opts: Record<string, any>, c: Command) => {
      const { formatTable } = await import('../output.js');
      const rows = (await installed(await pluginsDir(c))).map((p) => [p.name, p.version, p.description]);
      process.stdout.write(formatTable([['NAME', 'VERSION', 'DESCRIPTION'], ...rows]));
    });

  plugin
    .command('uninstall')
    .alias('rm')
    .alias('remove')
    .description('uninstall one or more Helm plugins')
    .usage('<plugin>...')
    .argument('[names...]')
    .addHelpText('after', examples('tshelm plugin uninstall diff', 'tshelm plugin rm diff secrets'))
    .action(async (names: string[], _opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (names.length === 0) throw new CliError('please provide plugin name to uninstall');
      const { rmSync, lstatSync, unlinkSync } = await import('node:fs');
      const plugins = await installed(await pluginsDir(c));
      const errors: string[] = [];
      for (const n of names) {
        const p = plugins.find((x) => x.name === n);
        if (!p) {
          errors.push(`plugin: ${n} not found`);
          continue;
        }
        if (lstatSync(p.dir).isSymbolicLink()) unlinkSync(p.dir);
        else rmSync(p.dir, { recursive: true, force: true });
        process.stdout.write(`Uninstalled plugin: ${n}\n`);
      }
      if (errors.length) throw new CliError(errors.join('\n'));
    });

  plugin
    .command('update')
    .alias('up')
    .description('update one or more Helm plugins')
    .usage('<plugin>...')
    .argument('[names...]')
    .addHelpText('after', examples('tshelm plugin update diff'))
    .action(async (names: string[], _opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (names.length === 0) throw new CliError('please provide plugin name to update');
      const { lstatSync } = await import('node:fs');
      const plugins = await installed(await pluginsDir(c));
      const errors: string[] = [];
      for (const n of names) {
        const p = plugins.find((x) => x.name === n);
        if (!p) {
          errors.push(`plugin: ${n} not found`);
          continue;
        }
        // a linked local directory is always current (Helm's LocalInstaller); an unpacked archive cannot be refetched
        if (!lstatSync(p.dir).isSymbolicLink()) {
          errors.push(`plugin: ${n} was installed from an archive; uninstall and install it again to update it`);
          continue;
        }
        try {
          await runHook(p, p.dir, 'update', c);
        } catch (e) {
          errors.push((e as Error).message);
          continue;
        }
        process.stdout.write(`Updated plugin: ${n}\n`);
      }
      if (errors.length) throw new CliError(errors.join('\n'));
    });
}
