// pull --untar writes the chart as Helm's chartutil.ExpandFile does: the loader's files under
// UNTARDIR/<chart name>/, nothing outside it, nothing at all for a refused archive.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rawTgz as tgz } from './helpers.js';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

function files(dir: string, pre = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name), `${pre}${d.name}/`) : [`${pre}${d.name}`])).sort();
}

const run = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, TSHELM_CONFIG_HOME: join(cwd, 'cfg'), TSHELM_CACHE_HOME: join(cwd, 'cache') } });
const cy = 'apiVersion: v2\nname: x\nversion: 0.1.0\n';

describe.skipIf(!built)('pull --untar', () => {
  it('puts every file under UNTARDIR/<chart name>, whatever the archive\'s other top directories are called', () => {
    const d = mkdtempSync(join(tmpdir(), 'tshelm-untar-'));
    writeFileSync(join(d, 'c.tgz'), tgz([
      { name: 'x/Chart.yaml', data: cy },
      { name: './.bashrc', data: 'evil' },
      { name: 'y/z.txt', data: 'zz' },
      { name: '/abs/a.txt', data: 'a' },
      { name: 'x/templates/a.yaml', data: 'kind: A\n' },
      { name: 'x/templates/l.yaml', link: 'a.yaml' },
    ]));
    const r = run(['pull', join(d, 'c.tgz'), '--untar', '-d', join(d, 'out')], d);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(files(join(d, 'out'))).toEqual(['x/.bashrc', 'x/Chart.yaml', 'x/abs/a.txt', 'x/templates/a.yaml', 'x/templates/l.yaml', 'x/z.txt']);
    expect(readFileSync(join(d, 'out', 'x', 'templates', 'l.yaml'), 'utf8')).toBe('');
  });

  it('an archive named differently from its chart unpacks under the chart\'s name', () => {
    const d = mkdtempSync(join(tmpdir(), 'tshelm-untar-'));
    writeFileSync(join(d, 'c.tgz'), tgz([{ name: 'other/Chart.yaml', data: cy }, { name: 'other/values.yaml', data: 'a: 1\n' }]));
    const r = run(['pull', join(d, 'c.tgz'), '--untar', '-d', join(d, 'out')], d);
    expect(r.status, r.stderr).toBe(0);
    expect(files(join(d, 'out'))).toEqual(['x/Chart.yaml', 'x/values.yaml']);
  });

  it('refuses ../ and outward links: one line, exit 1, nothing unpacked', () => {
    const d = mkdtempSync(join(tmpdir(), 'tshelm-untar-'));
    const cases: [string, Buffer, string][] = [
      ['dotdot.tgz', tgz([{ name: 'x/Chart.yaml', data: cy }, { name: 'x/../../evil.yaml', data: 'a: 1' }]), 'Error: chart illegally references parent directory\n'],
      ['link.tgz', tgz([{ name: 'x/Chart.yaml', data: cy }, { name: 'x/templates/a.yaml', link: '/etc/passwd' }]), 'Error: chart illegally contains a link pointing outside the chart: "x/templates/a.yaml" -> "/etc/passwd"\n'],
    ];
    for (const [name, bytes, err] of cases) {
      writeFileSync(join(d, name), bytes);
      const r = run(['pull', join(d, name), '--untar', '-d', join(d, `out-${name}`)], d);
      expect(r.status, name).toBe(1);
      expect(r.stderr, name).toBe(err);
      expect(files(join(d, `out-${name}`)), name).toEqual([]);
      expect(existsSync(join(d, 'evil.yaml'))).toBe(false);
    }
  });
});
