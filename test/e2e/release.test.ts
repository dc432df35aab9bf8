// End to end: the built CLI against the test API server (or TSHELM_TEST_KUBECONFIG's cluster).
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { runCli, homeEnv } from './cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/tshelm.js');
const CORPUS = join(ROOT, '../shared/conformance/releases');
const home = mkdtempSync(join(tmpdir(), 'tshelm-rel-e2e-'));

const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));
if (!built) console.warn('skipping release e2e: dist/ is not built (run `npx tsc -p .`)');

function tshelm(kubeconfig: string, args: string[]) {
  return runCli(['--kubeconfig', kubeconfig, ...args], { env: homeEnv(home) });
}

function demoChart(): string {
  const c = join(mkdtempSync(join(tmpdir(), 'tshelm-chart-')), 'demo');
  mkdirSync(join(c, 'templates'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.2.0\nappVersion: "2.0"\n');
  writeFileSync(join(c, 'values.yaml'), 'color: blue\n');
  writeFileSync(join(c, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  color: {{ .Values.color }}\n  rev: "{{ .Release.Revision }}"\n');
  writeFileSync(join(c, 'templates/NOTES.txt'), 'demo {{ .Release.Name }} rev {{ .Release.Revision }}\n');
  return c;
}

describe.skipIf(!built)('release commands against a cluster', () => {
  const cluster = useCluster();

  it('install → upgrade → history → rollback 1 → uninstall', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = `rel-${Date.now().toString(36)}`;
    const chart = existsSync(join(ROOT, 'charts/metallb/Chart.yaml')) ? join(ROOT, 'charts/metallb') : demoChart();
    let r = await tshelm(kc, ['install', 'lb', chart, '-n', ns, '--create-namespace']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME: lb\nLAST DEPLOYED: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\nNAMESPACE: .*\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\nNOTES:\n/);
    const secrets = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.lb.v1`);
    expect(secrets.status).toBe(200);
    expect(secrets.body.type).toBe('helm.sh/release.v1');
    expect(secrets.body.metadata.labels).toMatchObject({ name: 'lb', owner: 'helm', status: 'deployed', version: '1' });

    r = await tshelm(kc, ['upgrade', 'lb', chart, '-n', ns, '--description', 'second']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('Release "lb" has been upgraded. Happy Helming!\nNAME: lb\n')).toBe(true);
    expect(r.stdout).toContain('REVISION: 2\n');

    r = await tshelm(kc, ['rollback', 'lb', '1', '-n', ns]);
    expect(r.stdout).toBe('Rollback was a success! Happy Helming!\n');

    r = await tshelm(kc, ['history', 'lb', '-n', ns]);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split('\t').map((c) => c.trim()));
    expect(lines[0]).toEqual(['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION']);
    expect(lines.slice(1).map((l) => [l[0], l[2], l[5]])).toEqual([['1', 'superseded', 'Install complete'], ['2', 'superseded', 'second'], ['3', 'deployed', 'Rollback to 1']]);

    r = await tshelm(kc, ['history', 'lb', '-n', ns, '-o', 'json']);
    const hj = JSON.parse(r.stdout);
    expect(hj.map((x: any) => x.revision)).toEqual([1, 2, 3]);
    expect(Object.keys(hj[0])).toEqual(['revision', 'updated', 'status', 'chart', 'app_version', 'description']);

    r = await tshelm(kc, ['list', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject([{ name: 'lb', namespace: ns, revision: '3', status: 'deployed' }]);

    r = await tshelm(kc, ['uninstall', 'lb', '-n', ns]);
    expect(r.stdout).toBe('release "lb" uninstalled\n');
    const left = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets`);
    expect(left.body.items.filter((s: any) => s.metadata.labels?.owner === 'helm')).toEqual([]);
    r = await tshelm(kc, ['status', 'lb', '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tshelm list -A');
  }, 300_000);

  it.skipIf(!existsSync(CORPUS))('reads the Secrets Helm wrote: history, status, get, recovery of the stuck upgrade', async () => {
    const kc = cluster.kubeconfigPath;
    // the stored manifests name their namespace (metallb-system), so the records live there too
    const ns = 'metallb-system';
    await cluster.raw.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    // the records' manifests (a 2023 cluster) carry a policy/v1beta1 PodSecurityPolicy, which Kubernetes 1.25+
    // no longer serves: give the in-memory server that kind as a CRD so the objects can be applied
    if (!cluster.real) {
      const crd = await cluster.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'podsecuritypolicies.policy' },
        spec: { group: 'policy', scope: 'Cluster', names: { plural: 'podsecuritypolicies', singular: 'podsecuritypolicy', kind: 'PodSecurityPolicy', listKind: 'PodSecurityPolicyList' },
          versions: [{ name: 'v1beta1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
      });
      expect([201, 409]).toContain(crd.status);
    }
    for (const f of readdirSync(CORPUS).filter((x) => x.startsWith('sh.helm.release.v1.'))) {
      const s = JSON.parse(readFileSync(join(CORPUS, f), 'utf8'));
      s.metadata.namespace = ns;
      const res = await cluster.raw.post(`/api/v1/namespaces/${ns}/secrets`, s);
      expect(res.status).toBe(201);
    }
    let r = await tshelm(kc, ['history', 'metallb', '-n', ns]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split('\t').map((c) => c.trim()));
    expect(rows).toEqual([
      ['1', 'Thu Feb 16 17:53:22 2023', 'superseded', 'metallb-0.1.1', '0.8.2', 'Install complete'],
      ['2', 'Wed Feb 22 14:44:32 2023', 'deployed', 'metallb-0.1.1', '0.8.2', 'Upgrade complete'],
      ['3', 'Thu Feb 23 09:01:02 2023', 'pending-upgrade', 'metallb-0.1.1', '0.8.2', 'Preparing upgrade'],
    ]);
    r = await tshelm(kc, ['get', 'values', 'metallb', '-n', ns, '--revision', '2']);
    expect(r.stdout).toBe('USER-SUPPLIED VALUES:\nconfigmap:\n  ipRange: 172.31.15.224/27\ncontroller:\n  tag: v0.8.3\n');
    const v1 = JSON.parse(readFileSync(join(CORPUS, 'metallb.v1.release.json'), 'utf8'));
    r = await tshelm(kc, ['get', 'manifest', 'metallb', '-n', ns, '--revision', '1']);
    expect(r.stdout).toBe(v1.manifest + '\n');
    r = await tshelm(kc, ['get', 'notes', 'metallb', '-n', ns, '--revision', '1']);
    expect(r.stdout).toBe(`NOTES:\n${v1.info.notes}\n`);
    r = await tshelm(kc, ['status', 'metallb', '-n', ns]);
    expect(r.stdout).toMatch(/^NAME: metallb\nLAST DEPLOYED: Thu Feb 23 09:01:02 2023\nNAMESPACE: .*\nSTATUS: pending-upgrade\nREVISION: 3\nTEST SUITE: None\nNOTES:\n/);

    // the stuck v3 blocks an upgrade with a hint, and rollback recovers it
    const chart = existsSync(join(ROOT, 'charts/metallb/Chart.yaml')) ? join(ROOT, 'charts/metallb') : demoChart();
    r = await tshelm(kc, ['upgrade', 'metallb', chart, '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('another operation (install/upgrade/rollback) is in progress');
    expect(r.stderr).toContain('tshelm rollback metallb');
    r = await tshelm(kc, ['rollback', 'metallb', '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Rollback was a success! Happy Helming!\n');
    r = await tshelm(kc, ['history', 'metallb', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}:${x.description}`)).toEqual([
      '1:superseded:Install complete', '2:superseded:Upgrade complete', '3:failed:Recovered by rollback: Preparing upgrade', '4:deployed:Rollback to 2']);
    r = await tshelm(kc, ['get', 'values', 'metallb', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout)).toEqual({ configmap: { ipRange: '172.31.15.224/27' }, controller: { tag: 'v0.8.3' } });
    const cm = await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/config`);
    expect(cm.status).toBe(200);
  }, 300_000);

  it('--atomic install that fails is uninstalled; history-max prunes', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('rel-atomic');
    const c = demoChart();
    // a Deployment that never becomes ready on the test server within the timeout
    writeFileSync(join(c, 'templates/bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n');
    let r = await tshelm(kc, ['install', 'bad', c, '-n', ns, '--atomic', '--timeout', '5s']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: INSTALLATION FAILED: release bad failed, and has been uninstalled due to atomic being set: /);
    r = await tshelm(kc, ['history', 'bad', '-n', ns]);
    expect(r.code).toBe(1);
    const cms = await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps`);
    expect(cms.body.items.map((x: any) => x.metadata.name)).not.toContain('bad-cm');

    const good = demoChart();
    r = await tshelm(kc, ['install', 'hm', good, '-n', ns]);
    expect(r.code).toBe(0);
    for (let i = 0; i < 4; i++) {
      r = await tshelm(kc, ['upgrade', 'hm', good, '-n', ns, '--history-max', '2']);
      expect(r.code).toBe(0);
    }
    r = await tshelm(kc, ['history', 'hm', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => x.revision)).toEqual([4, 5]);
  }, 300_000);
});
