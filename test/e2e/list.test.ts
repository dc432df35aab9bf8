// `tshelm list` against the test API server, flag by flag as Helm v3.13.3: state filters (-a, --deployed, --failed,
// --pending, --superseded, --uninstalled, --uninstalling), --filter, -l, sorting (-d, -r), paging (--max,
// --offset), -A, -q, --no-headers, --time-format and -o table|json|yaml.
// Releases in states a command cannot easily leave (failed, pending-install, uninstalling) are stored directly.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useCluster } from '../cluster/cluster.js';
import { decodeRelease, encodeRelease, type Release } from '../../src/release/record.js';
import { runCli, homeEnv } from './cli.js';
import { writeChart } from './chart-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));
if (!built) console.warn('skipping list e2e: dist/ is not built (run `npx tsc -p .`)');
const home = mkdtempSync(join(tmpdir(), 'tshelm-list-e2e-'));

const demoChart = (): string =>
  writeChart('demo', {
    'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.2.0\nappVersion: "2.0"\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n',
  });

describe.skipIf(!built)('list', () => {
  const cluster = useCluster();
  let ns: string;
  let ns2: string;
  const tshelm = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    runCli(['--kubeconfig', cluster.kubeconfigPath, ...args], { env: { ...homeEnv(home), TZ: 'UTC' } });
  const ok = async (args: string[]) => {
    const r = await tshelm(args);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
    return r.stdout;
  };
  /** Rows of a table (cells trimmed). */
  const table = (s: string) => s.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('\t').map((c) => c.trim()));
  /** NAME column of `list -n ns --no-headers ARGS`. */
  const names = async (...args: string[]) => table(await ok(['list', '-n', ns, '--no-headers', ...args])).map((r) => r[0]);

  async function store(name: string, status: string, lastDeployed: string, labels: Record<string, string> = {}): Promise<void> {
    const src = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.alpha.v2`);
    const rel: Release = decodeRelease(Buffer.from(src.body.data.release, 'base64').toString('latin1'));
    rel.name = name;
    rel.version = 1;
    rel.info = { ...rel.info!, status: status as any, first_deployed: lastDeployed, last_deployed: lastDeployed, description: status };
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: { name: `sh.helm.release.v1.${name}.v1`, namespace: ns, labels: { ...labels, name, owner: 'helm', status, version: '1' } },
      data: { release: Buffer.from(encodeRelease(rel), 'latin1').toString('base64') },
    };
    const r = await cluster.raw.post(`/api/v1/namespaces/${ns}/secrets`, secret);
    expect(r.status).toBe(201);
  }

  beforeAll(async () => {
    ns = await cluster.namespace('list');
    ns2 = await cluster.namespace('list2');
    const chart = demoChart();
    await ok(['install', 'alpha', chart, '-n', ns]);
    await ok(['upgrade', 'alpha', chart, '-n', ns]); // alpha.v1 superseded, alpha.v2 deployed
    await ok(['install', 'beta', chart, '-n', ns]);
    await ok(['uninstall', 'beta', '-n', ns, '--keep-history']);
    await ok(['install', 'gamma', chart, '-n', ns, '--labels', 'team=x']);
    await store('delta', 'failed', '2020-01-03T10:00:00Z', { team: 'y' });
    await store('epsilon', 'pending-install', '2020-01-01T10:00:00Z');
    await store('zeta', 'uninstalling', '2020-01-02T10:00:00Z');
    await ok(['install', 'omega', chart, '-n', ns2]);
  }, 60000);

  it('table: header, columns, Go time, deployed and failed by default', async () => {
    const out = await ok(['list', '-n', ns]);
    const rows = table(out);
    expect(rows[0]).toEqual(['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4], r[5], r[6]])).toEqual([
      ['alpha', ns, '2', 'deployed', 'demo-0.2.0', '2.0'],
      ['delta', ns, '1', 'failed', 'demo-0.2.0', '2.0'],
      ['gamma', ns, '1', 'deployed', 'demo-0.2.0', '2.0'],
    ]);
    expect(rows[1][3]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
    expect(rows[2][3]).toBe('2020-01-03 10:00:00 +0000 UTC');
    expect(table(await ok(['list', '-n', ns, '--no-headers']))[0][0]).toBe('alpha');
    expect(await ok(['ls', '-n', ns, '--no-headers', '--offset', '99'])).toBe('\n');
  });

  it('state filters', async () => {
    expect(await names('-a')).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta']);
    expect(await names('--all')).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta']);
    expect(await names('--deployed')).toEqual(['alpha', 'gamma']);
    expect(await names('--failed')).toEqual(['delta']);
    expect(await names('--pending')).toEqual(['epsilon']);
    expect(await names('--uninstalled')).toEqual(['beta']);
    expect(await names('--uninstalling')).toEqual(['zeta']);
    expect(await names('--uninstalled', '--uninstalling')).toEqual(['beta', 'zeta']);
    // superseded alone looks at every revision; combined, only latest revisions count (never superseded)
    const sup = table(await ok(['list', '-n', ns, '--no-headers', '--superseded']));
    expect(sup.map((r) => [r[0], r[2], r[4]])).toEqual([['alpha', '1', 'superseded']]);
    expect(await names('--superseded', '--deployed')).toEqual(['alpha', 'gamma']);
  });

  it('--filter, -l, -A', async () => {
    expect(await names('--filter', '^(a|g)')).toEqual(['alpha', 'gamma']);
    expect(await names('-f', 'ta$', '-a')).toEqual(['beta', 'delta', 'zeta']);
    expect(await names('-l', 'team=x')).toEqual(['gamma']);
    expect(await names('--selector', 'team in (x,y)')).toEqual(['delta', 'gamma']);
    expect(await names('-l', 'team!=x')).toEqual(['alpha', 'delta']);
    expect(await names('-l', '!team', '-a')).toEqual(['alpha', 'beta', 'epsilon', 'zeta']);
    expect(await names('-l', 'status=deployed')).toEqual(['alpha', 'gamma']); // the storage's own labels count
    expect(await names('-A', '--filter', '^(alpha|omega)$')).toEqual(['alpha', 'omega']);
    const all = table(await ok(['list', '--all-namespaces', '--no-headers', '-f', 'omega']));
    expect(all.map((r) => r.slice(0, 2))).toEqual([['omega', ns2]]);
    expect(await names('-f', 'omega')).toEqual([]);
  });

  it('sorting and paging', async () => {
    expect(await names('-r')).toEqual(['gamma', 'delta', 'alpha']);
    expect(await names('--reverse', '-a', '--max', '2')).toEqual(['zeta', 'gamma']);
    expect(await names('-a', '-f', '^(delta|epsilon|zeta)$', '-d')).toEqual(['epsilon', 'zeta', 'delta']);
    expect(await names('-a', '-f', '^(delta|epsilon|zeta)$', '--date', '-r')).toEqual(['delta', 'zeta', 'epsilon']);
    expect(await names('-a', '-m', '2')).toEqual(['alpha', 'beta']);
    expect(await names('-a', '--max', '2', '--offset', '2')).toEqual(['delta', 'epsilon']);
    expect(await names('-a', '--max', '2', '--offset', '5')).toEqual(['zeta']);
    expect(await names('-a', '--max', '0')).toHaveLength(6);
    const bad = await tshelm(['list', '-n', ns, '--max', 'abc']);
    expect([bad.code, bad.stderr]).toEqual([1, 'Error: invalid argument "abc" for "-m, --max" flag: strconv.ParseInt: parsing "abc": invalid syntax\n']);
  });

  it('-q, --time-format, -o json|yaml', async () => {
    expect(await ok(['list', '-n', ns, '-q'])).toBe('alpha\ndelta\ngamma\n');
    expect(await ok(['list', '-n', ns, '--short', '-o', 'json'])).toBe('["alpha","delta","gamma"]\n');
    expect(await ok(['list', '-n', ns, '-q', '-o', 'yaml'])).toBe('- alpha\n- delta\n- gamma\n');
    expect(await ok(['list', '-n', ns, '-q', '-o', 'json', '-f', 'nothing'])).toBe('[]\n');

    const t = table(await ok(['list', '-n', ns, '--time-format', '2006-01-02', '-f', 'delta']));
    expect(t[1][3]).toBe('2020-01-03');
    const j = JSON.parse(await ok(['list', '-n', ns, '-o', 'json', '--time-format', 'Jan 2, 2006 at 3:04pm (MST)', '-f', 'delta|epsilon', '-a']));
    expect(j).toEqual([
      { name: 'delta', namespace: ns, revision: '1', updated: 'Jan 3, 2020 at 10:00am (UTC)', status: 'failed', chart: 'demo-0.2.0', app_version: '2.0' },
      { name: 'epsilon', namespace: ns, revision: '1', updated: 'Jan 1, 2020 at 10:00am (UTC)', status: 'pending-install', chart: 'demo-0.2.0', app_version: '2.0' },
    ]);
    expect(Object.keys(j[0])).toEqual(['name', 'namespace', 'revision', 'updated', 'status', 'chart', 'app_version']);
    const y = await ok(['list', '-n', ns, '-o', 'yaml', '-f', 'delta']);
    expect(y).toBe(`- app_version: "2.0"\n  chart: demo-0.2.0\n  name: delta\n  namespace: ${ns}\n  revision: "1"\n  status: failed\n  updated: 2020-01-03 10:00:00 +0000 UTC\n`);
    expect(yaml.load(y)).toEqual([expect.objectContaining({ name: 'delta' })]);
    expect(await ok(['list', '-n', ns, '-o', 'json', '-f', 'nothing'])).toBe('[]\n');
    expect(await ok(['list', '-n', ns, '-o', 'yaml', '-f', 'nothing'])).toBe('[]\n');
    const bad = await tshelm(['list', '-n', ns, '-o', 'xml']);
    expect([bad.code, bad.stderr]).toEqual([1, 'Error: invalid format type "xml": allowed formats are table, json and yaml\n']);
    const re = await tshelm(['list', '-n', ns, '--filter', '(']);
    expect(re.code).toBe(1);
    expect(re.stderr).toMatch(/^Error: [^\n]+\n$/);
    const sel = await tshelm(['list', '-n', ns, '-l', 'a=b=c']);
    expect(sel.code).toBe(1);
    expect(sel.stderr).toMatch(/^Error: [^\n]+\n$/);
  });
});
