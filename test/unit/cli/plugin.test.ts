// `tshelm plugin install|list|uninstall|update` over TSHELM_PLUGINS (src/cli/commands/plugin.ts), through the built bin.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'commands', 'plugin.js'));

describe.skipIf(!built)('cli: plugin', () => {
  it('install a local directory (linked, install hook run), list, update, uninstall', () => {
    const home = mkdtempSync(join(tmpdir(), 'tshelm-plugin-'));
    const src = join(home, 'src', 'helm-diff');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'plugin.yaml'), 'name: diff\nversion: 3.8.1\ndescription: Preview upgrade changes as a diff\nhooks:\n  install: echo "hook $HELM_PLUGIN_NAME" > "$HELM_PLUGIN_DIR/hook.out"\n  delete: echo "$HELM_PLUGIN_NAME" > "${HELM_PLUGIN_DIR%/*}/deleted"\n');
    const plugins = join(home, 'plugins');
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [bin, 'plugin', ...args], { encoding: 'utf8', env: { ...process.env, TSHELM_PLUGINS: plugins, HELM_PLUGINS: undefined } });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    expect(run('list')).toEqual({ code: 0, out: 'NAME\tVERSION\tDESCRIPTION\n', err: '' });
    expect(run('install', src)).toEqual({ code: 0, out: 'Installed plugin: diff\n', err: '' });
    expect(lstatSync(join(plugins, 'diff')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(src, 'hook.out'))).toBe(true);
    expect(run('install', src)).toEqual({ code: 1, out: '', err: 'Error: plugin already exists\n' });
    expect(run('list').out).toMatch(/^NAME\s+VERSION\s+DESCRIPTION\s*\ndiff\s+3\.8\.1\s+Preview upgrade changes as a diff\n$/);
    expect(run('update', 'diff')).toEqual({ code: 0, out: 'Updated plugin: diff\n', err: '' });
    expect(run('uninstall', 'diff', 'nope')).toEqual({ code: 1, out: 'Uninstalled plugin: diff\n', err: 'Error: Plugin: nope not found\n' });
    expect(existsSync(src)).toBe(true); // the link went, not the source
    expect(readFileSync(join(plugins, 'deleted'), 'utf8')).toBe('diff\n'); // Helm runs the delete hook after removing it
    expect(run('list').out).toBe('NAME\tVERSION\tDESCRIPTION\n');
    expect(run('install', join(home, 'missing')).err).toMatch(/^Error: .*no such file or directory\n$/);
  });
});
