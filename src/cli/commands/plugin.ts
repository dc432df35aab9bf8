// `tshelm plugin install|list|uninstall|update` (Helm v3.13.3 cmd/helm/plugin*.go): plugins live in
// TSHELM_PLUGINS (HELM_PLUGINS; default DATA_HOME/plugins), one directory per plugin with its plugin.yaml. A local
// directory is installed as a symbolic link (Helm's LocalInstaller), an http(s) .tgz archive is unpacked (Helm's
// HTTPInstaller). Plugins are loaded, and their install/update/delete hooks run (`sh -c`, in the environment a
// plugin runs in), by ../../plugin/plugin.ts; running one as `tshelm NAME ...`: ../plugins.ts. Not here yet: VCS
// (git) installs.
import type { Command } from 'commander';
import { examples } from '../examples.js';
import type { Plugin } from '../../plugin/plugin.js';

/** Where plugins are installed: the plugins directory setting as one path, as Helm's installers use it. */
async function pluginsDir(c: Command): Promise<string> {
  const { pluginsDirectory } = await import('../../plugin/dirs.js');
  return pluginsDirectory(c.optsWithGlobals());
}

/** Every installed plugin (Helm's FindPlugins over the setting's directories): a plugin that cannot be loaded fails. */
async function installed(c: Command): Promise<Plugin[]> {
  const { findPlugins } = await import('../../plugin/plugin.js');
  return findPlugins(await pluginsDir(c));
}

/** Helm's runHook: `sh -c HOOK` with the plugin's environment (the shell expands it), stdout and stderr passed through. */
async function runHook(p: Plugin, event: 'install' | 'update' | 'delete', c: Command): Promise<void> {
  const hook = p.metadata.hooks[event];
  if (!hook) return;
  const { spawnSync } = await import('node:child_process');
  const { pluginEnv } = await import('../../plugin/plugin.js');
  const r = spawnSync('sh', ['-c', hook], { env: pluginEnv(p, c.optsWithGlobals()), stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`plugin ${event} hook for ${JSON.stringify(p.metadata.name)} exited with error`);
}

/**
 * Helm's uninstall/update loop: each named plugin acted on (its line printed), the names not installed and the
 * failures collected as Helm words them and thrown together at the end.
 */
async function forEachNamed(c: Command, names: string[], verb: 'uninstall' | 'update', act: (p: Plugin) => Promise<void>): Promise<void> {
  const { CliError } = await import('../errors.js');
  if (names.length === 0) throw new CliError(`please provide plugin name to ${verb}`);
  const plugins = await installed(c);
  const errors: string[] = [];
  for (const n of names) {
    const p = plugins.find((x) => x.metadata.name === n);
    if (!p) {
      errors.push(`Plugin: ${n} not found`);
      continue;
    }
    try {
      await act(p);
    } catch (e) {
      errors.push(`Failed to ${verb} plugin ${n}, got error (${(e as Error).message})`);
      continue;
    }
    process.stdout.write(`${verb === 'update' ? 'Updated' : 'Uninstalled'} plugin: ${n}\n`);
  }
  if (errors.length) throw new CliError(errors.join('\n'));
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
      const { loadDir } = await import('../../plugin/plugin.js');
      const dir = await pluginsDir(c);
      try {
        mkdirSync(dir, { recursive: true });
        // The plugin is loaded from its source before anything is written (Helm links or unpacks first, then says
        // "plugin is installed but unusable" and leaves it there), and installed under its name where Helm uses the
        // source's base name: the same plugin from a second folder is then refused ("plugin already exists")
        // instead of making two plugins of one name, which would fail every later load.
        let meta: Plugin['metadata'];
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
            meta = loadDir(root).metadata;
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
          meta = loadDir(src).metadata;
          target = join(dir, meta.name);
          if (existsSync(target)) throw new Error('plugin already exists');
          symlinkSync(src, target, 'dir');
        }
        await runHook({ metadata: meta, dir: target }, 'install', c);
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
      const rows = (await installed(c)).map(({ metadata: m }) => [m.name, m.version, m.description.trim()]);
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
      const { rmSync, lstatSync, unlinkSync } = await import('node:fs');
      await forEachNamed(c, names, 'uninstall', async (p) => {
        if (lstatSync(p.dir).isSymbolicLink()) unlinkSync(p.dir); // a linked source stays
        else rmSync(p.dir, { recursive: true, force: true });
        await runHook(p, 'delete', c);
      });
    });

  plugin
    .command('update')
    .alias('up')
    .description('update one or more Helm plugins')
    .usage('<plugin>...')
    .argument('[names...]')
    .addHelpText('after', examples('tshelm plugin update diff'))
    .action(async (names: string[], _opts: Record<string, any>, c: Command) => {
      const { lstatSync } = await import('node:fs');
      await forEachNamed(c, names, 'update', async (p) => {
        // Helm 3.13 updates only git-installed plugins (any other: "cannot get information about plugin source");
        // tshelm has no git installs. A linked local directory is always current, so its update hook runs; an
        // unpacked archive cannot be fetched again.
        if (!lstatSync(p.dir).isSymbolicLink()) throw new Error('installed from an archive; uninstall and install it again to update it');
        await runHook(p, 'update', c);
      });
    });
}
