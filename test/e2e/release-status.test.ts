// End to end: `status` as Helm 3.13's cmd/helm/status.go prints it (the chart stripped from -o json|yaml, the live
// objects in info.resources with --show-resources, no --debug sections) and install/upgrade --debug's
// USER-SUPPLIED VALUES then COMPUTED VALUES (the built CLI against the test API server, or TSHELM_TEST_KUBECONFIG's).
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useCluster } from '../cluster/cluster.js';
import { ROOT, isolatedEnv, runCli } from './cli.js';
import { writeChart } from './chart-dir.js';

const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));
const env = { ...process.env, ...isolatedEnv('tshelm-status-e2e-') };

const chart = (): string =>
  writeChart('st', {
    'Chart.yaml': 'apiVersion: v2\nname: st\nversion: 0.3.0\nappVersion: "1.0"\n',
    'values.yaml': 'color: blue\nsize: {a: 1, b: two}\n',
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'charts/sub/values.yaml': 'port: 80\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  color: {{ .Values.color }}\n',
    'templates/dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: {{ .Release.Name }}}}\n  template:\n    metadata: {labels: {app: {{ .Release.Name }}}}\n    spec: {containers: [{name: web, image: nginx}]}\n',
    'templates/test.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations: {"helm.sh/hook": test}\nspec: {containers: [{name: t, image: busybox}]}\n',
  });

describe.skipIf(!built)('status as Helm 3.13 prints it', () => {
  const cluster = useCluster();
  const tshelm = (args: string[]) => runCli(['--kubeconfig', cluster.kubeconfigPath, ...args], { env });

  it('-o json|yaml strips the chart; --show-resources adds the live objects and the related pods in info.resources', async () => {
    const ns = await cluster.namespace('st-json');
    let r = await tshelm(['install', 'sj', chart(), '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    r = await tshelm(['status', 'sj', '-n', ns, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('}\n')).toBe(true);
    let j = JSON.parse(r.stdout);
    // (no user-supplied values: config is empty, left out as Go's omitempty does)
    expect(Object.keys(j)).toEqual(['name', 'info', 'manifest', 'hooks', 'version', 'namespace']);
    expect(Object.keys(j.info)).toEqual(['first_deployed', 'last_deployed', 'deleted', 'description', 'status']);

    r = await tshelm(['status', 'sj', '-n', ns, '-o', 'yaml']);
    expect(r.stderr).toBe('');
    expect(Object.keys(yaml.load(r.stdout) as object)).toEqual(['hooks', 'info', 'manifest', 'name', 'namespace', 'version']);

    const pod = await cluster.raw.post(`/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sj-1', labels: { app: 'sj' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    expect(pod.status).toBe(201);
    r = await tshelm(['status', 'sj', '-n', ns, '-o', 'json', '--show-resources']);
    expect(r.stderr).toBe('');
    j = JSON.parse(r.stdout);
    expect(j.chart).toBeUndefined();
    expect(Object.keys(j.info)).toEqual(['first_deployed', 'last_deployed', 'deleted', 'description', 'status', 'resources']);
    const res = j.info.resources;
    // Go's map: keys sorted
    expect(Object.keys(res)).toEqual(['v1/ConfigMap', 'v1/Deployment', 'v1/Pod(related)']);
    // the objects as the server has them (uid, resourceVersion, status), keys sorted
    expect(res['v1/ConfigMap']).toHaveLength(1);
    expect(res['v1/ConfigMap'][0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sj-cm', namespace: ns }, data: { color: 'blue' } });
    expect(res['v1/ConfigMap'][0].metadata.uid).toBeTruthy();
    expect(Object.keys(res['v1/ConfigMap'][0])).toEqual(['apiVersion', 'data', 'kind', 'metadata']);
    expect(res['v1/Deployment'][0]).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sj-web' } });
    expect(res['v1/Deployment'][0].status).toBeTruthy();
    // the pods of the Deployment's selector: one PodList, as the resource builder lists them
    expect(res['v1/Pod(related)']).toHaveLength(1);
    const list = res['v1/Pod(related)'][0];
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'PodList' });
    expect(Object.keys(list)).toEqual(['apiVersion', 'items', 'kind', 'metadata']);
    expect(list.items.map((p: any) => `${p.apiVersion}/${p.kind}/${p.metadata.name}`)).toEqual(['v1/Pod/sj-1']);

    r = await tshelm(['status', 'sj', '-n', ns, '-o', 'yaml', '--show-resources']);
    expect(r.stderr).toBe('');
    const y = yaml.load(r.stdout) as any;
    expect(y.chart).toBeUndefined();
    expect(Object.keys(y.info.resources)).toEqual(['v1/ConfigMap', 'v1/Deployment', 'v1/Pod(related)']);
    expect(y.info.resources['v1/Pod(related)'][0].items[0].metadata.name).toBe('sj-1');
  }, 120_000);

  it('status --debug prints what status prints; install/upgrade --debug print USER-SUPPLIED then COMPUTED VALUES', async () => {
    const ns = await cluster.namespace('st-debug');
    const c = chart();
    let r = await tshelm(['install', 'sd', c, '-n', ns, '--set', 'color=red', '--debug']);
    expect(r.code).toBe(0);
    const at = (s: string) => r.stdout.indexOf(s);
    // the test hook that never ran is not listed, and there is one: no "TEST SUITE: None"
    expect(r.stdout).toMatch(/^NAME: sd\nLAST DEPLOYED: .*\nNAMESPACE: .*\nSTATUS: deployed\nREVISION: 1\nUSER-SUPPLIED VALUES:\n/);
    expect(r.stdout).toContain('USER-SUPPLIED VALUES:\ncolor: red\n\nCOMPUTED VALUES:\ncolor: red\nsize:\n  a: 1\n  b: two\nsub:\n  global: {}\n  port: 80\n\nHOOKS:\n');
    expect(at('COMPUTED VALUES:')).toBeLessThan(at('HOOKS:'));
    expect(at('HOOKS:')).toBeLessThan(at('MANIFEST:'));

    r = await tshelm(['upgrade', 'sd', c, '-n', ns, '--set', 'size.a=3', '--debug']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('USER-SUPPLIED VALUES:\nsize:\n  a: 3\n\nCOMPUTED VALUES:\ncolor: blue\nsize:\n  a: 3\n  b: two\nsub:\n  global: {}\n  port: 80\n\nHOOKS:\n');

    const plain = await tshelm(['status', 'sd', '-n', ns]);
    r = await tshelm(['status', 'sd', '-n', ns, '--debug']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stdout).not.toContain('VALUES:');
    expect(r.stdout).not.toContain('MANIFEST:');
  }, 120_000);
});
