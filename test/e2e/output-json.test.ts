// `-o json` of the release commands that have -o in Helm v3.13.3 (install, upgrade, status, history, list,
// get values, get metadata), against the test API server: one JSON document, Helm's field order.
// The commands without a cluster (repo list, search repo, search hub) are in test/unit/cli/output-json.test.ts.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useCluster } from '../cluster/cluster.js';
import { runCli, homeEnv } from './cli.js';
import { writeChart } from './chart-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));
if (!built) console.warn('skipping output-json e2e: dist/ is not built (run `npx tsc -p .`)');
const home = mkdtempSync(join(tmpdir(), 'tshelm-ojson-'));

const chart = (): string =>
  writeChart('oj', {
    'Chart.yaml': 'apiVersion: v2\nname: oj\nversion: 1.2.3\nappVersion: "4.5"\n',
    'values.yaml': 'color: blue\nnested:\n  a: 1\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  color: {{ .Values.color | quote }}\n',
    'templates/NOTES.txt': 'notes <for> {{ .Release.Name }} & co\n',
  });

describe.skipIf(!built)('-o json of the release commands', () => {
  const cluster = useCluster();
  const tshelm = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    runCli(['--kubeconfig', cluster.kubeconfigPath, ...args], { env: homeEnv(home) });
  /** Runs the command and parses its stdout as exactly one JSON document followed by a newline. */
  const json = async (args: string[]): Promise<any> => {
    const r = await tshelm(args);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
    expect(r.stdout.endsWith('\n'), args.join(' ')).toBe(true);
    expect(r.stdout.trimEnd().includes('\n'), `${args.join(' ')}: one line`).toBe(false);
    return JSON.parse(r.stdout);
  };

  it('install, upgrade, status, history, list, get values, get metadata', async () => {
    const ns = await cluster.namespace('ojson');
    const c = chart();
    const n = ['-n', ns];

    const inst = await json(['install', 'rel', c, ...n, '--set', 'color=red', '-o', 'json']);
    expect(Object.keys(inst)).toEqual(['name', 'info', 'chart', 'config', 'manifest', 'version', 'namespace']);
    expect(inst).toMatchObject({ name: 'rel', namespace: ns, version: 1, config: { color: 'red' }, info: { status: 'deployed', notes: 'notes <for> rel & co\n' } });
    expect(inst.chart.metadata).toMatchObject({ name: 'oj', version: '1.2.3', appVersion: '4.5' });

    const up = await json(['upgrade', 'rel', c, ...n, '--reuse-values', '--set', 'nested.b=2', '-o', 'json']);
    expect(up).toMatchObject({ name: 'rel', version: 2, config: { color: 'red', nested: { b: 2 } }, info: { status: 'deployed' } });

    const raw = await tshelm(['status', 'rel', ...n, '-o', 'json']);
    expect(raw.stdout).toContain('"notes":"notes \\u003cfor\\u003e rel \\u0026 co\\n"'); // encoding/json's HTML escaping
    const st = await json(['status', 'rel', ...n, '-o', 'json']);
    expect(st).toMatchObject({ name: 'rel', version: 2, info: { status: 'deployed' } });
    expect(await json(['status', 'rel', ...n, '--revision', '1', '-o', 'json'])).toMatchObject({ version: 1, info: { status: 'superseded' } });

    const hist = await json(['history', 'rel', ...n, '-o', 'json']);
    expect(hist.map((h: any) => [h.revision, h.status, h.chart, h.app_version])).toEqual([
      [1, 'superseded', 'oj-1.2.3', '4.5'],
      [2, 'deployed', 'oj-1.2.3', '4.5'],
    ]);
    expect(Object.keys(hist[0])).toEqual(['revision', 'updated', 'status', 'chart', 'app_version', 'description']);

    const ls = await json(['list', ...n, '-o', 'json']);
    expect(ls).toEqual([{ name: 'rel', namespace: ns, revision: '2', updated: expect.any(String), status: 'deployed', chart: 'oj-1.2.3', app_version: '4.5' }]);
    expect(await json(['list', ...n, '-o', 'json', '--filter', 'nothing'])).toEqual([]);

    expect(await json(['get', 'values', 'rel', ...n, '-o', 'json'])).toEqual({ color: 'red', nested: { b: 2 } });
    expect(await json(['get', 'values', 'rel', ...n, '--revision', '1', '-o', 'json'])).toEqual({ color: 'red' });
    expect(await json(['get', 'values', 'rel', ...n, '-a', '-o', 'json'])).toEqual({ color: 'red', nested: { a: 1, b: 2 } });

    const md = await json(['get', 'metadata', 'rel', ...n, '-o', 'json']);
    expect(md).toEqual({ name: 'rel', chart: 'oj', version: '1.2.3', appVersion: '4.5', namespace: ns, revision: 2, status: 'deployed', deployedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/) });
    expect(Object.keys(md)).toEqual(['name', 'chart', 'version', 'appVersion', 'namespace', 'revision', 'status', 'deployedAt']);

    // the same commands' -o yaml is YAML of the same data
    const y = await tshelm(['get', 'metadata', 'rel', ...n, '-o', 'yaml']);
    expect(yaml.load(y.stdout)).toEqual(md);
    const ly = await tshelm(['history', 'rel', ...n, '-o', 'yaml']);
    expect((yaml.load(ly.stdout) as any[]).map((h) => h.revision)).toEqual([1, 2]);
  }, 60000);

  it('a release installed with no values: get values -o json is an object or null, never empty output', async () => {
    const ns = await cluster.namespace('ojson2');
    await json(['install', 'plain', chart(), '-n', ns, '-o', 'json']);
    const v = await json(['get', 'values', 'plain', '-n', ns, '-o', 'json']);
    expect(v === null || (typeof v === 'object' && Object.keys(v).length === 0)).toBe(true);
  }, 60000);
});
