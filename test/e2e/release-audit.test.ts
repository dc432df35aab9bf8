// End to end: release command behaviours found missing in an audit of issues 5 and 6 (the built CLI against the
// test API server, or TSHELM_TEST_KUBECONFIG's cluster).
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/tshelm.js');
const home = mkdtempSync(join(tmpdir(), 'tshelm-audit-e2e-'));
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));

function tshelm(kubeconfig: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, '--kubeconfig', kubeconfig, ...args], {
      env: { ...process.env, TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_DATA_HOME: join(home, 'data'), HELM_DRIVER: '', TSHELM_DRIVER: '', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A chart with the given templates (file name → text). */
function chart(templates: Record<string, string>, values = ''): string {
  const c = join(mkdtempSync(join(tmpdir(), 'tshelm-audit-chart-')), 'audit');
  mkdirSync(join(c, 'templates'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: audit\nversion: 0.1.0\n');
  writeFileSync(join(c, 'values.yaml'), values);
  for (const [f, t] of Object.entries(templates)) writeFileSync(join(c, 'templates', f), t);
  return c;
}

const cm = (name: string, annotations = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${annotations ? `  annotations:\n${annotations}` : ''}data:\n  a: "1"\n`;

describe.skipIf(!built)('release audit (issues 5 and 6)', () => {
  const cluster = useCluster();

  it('uninstall keeps objects annotated helm.sh/resource-policy: keep and says so', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-keep');
    const c = chart({ 'cm.yaml': `${cm('kept', '    helm.sh/resource-policy: " Keep "\n')}---\n${cm('gone')}` });
    let r = await tshelm(kc, ['install', 'k', c, '-n', ns]);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['uninstall', 'k', '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('These resources were kept due to the resource policy:\n[ConfigMap] kept\n\nrelease "k" uninstalled\n');
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/kept`)).status).toBe(200);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/gone`)).status).toBe(404);
  }, 120_000);

  it('upgrade leaves an object the chart dropped when the live object is annotated keep', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-keep-up');
    let r = await tshelm(kc, ['install', 'u', chart({ 'cm.yaml': `${cm('one')}---\n${cm('two')}` }), '-n', ns]);
    expect(r.code).toBe(0);
    await cluster.raw.patch(`/api/v1/namespaces/${ns}/configmaps/two`, { metadata: { annotations: { 'helm.sh/resource-policy': 'keep' } } });
    r = await tshelm(kc, ['upgrade', 'u', chart({ 'cm.yaml': cm('one') }), '-n', ns]);
    expect(r.code).toBe(0);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/two`)).status).toBe(200);
  }, 120_000);
  it('--dry-run=client renders without the cluster (lookup finds nothing); --dry-run=server looks up', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-dry');
    await cluster.raw.post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'src' }, data: { k: 'from-cluster' } });
    const c = chart({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: out\ndata:\n  k: {{ dig "data" "k" "none" (lookup "v1" "ConfigMap" .Release.Namespace "src") | quote }}\n' });
    let r = await tshelm(kc, ['install', 'd', c, '-n', ns, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('k: "none"');
    r = await tshelm(kc, ['install', 'd', c, '-n', ns, '--dry-run=server']);
    expect(r.stdout).toContain('k: "from-cluster"');
    r = await tshelm(kc, ['install', 'd', c, '-n', ns]);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['upgrade', 'd', c, '-n', ns, '--dry-run=client']);
    expect(r.stdout).toContain('k: "none"');
    r = await tshelm(kc, ['upgrade', 'd', c, '-n', ns, '--dry-run=server']);
    expect(r.stdout).toContain('k: "from-cluster"');
  }, 120_000);
});
