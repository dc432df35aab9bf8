// End to end: install/upgrade/rollback build the manifest against the cluster's API before writing anything
// (Helm 3.13's KubeClient.Build), --wait-for-jobs without --wait, status --show-resources (the built CLI against
// the test API server, or TSHELM_TEST_KUBECONFIG's cluster).
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { widgetCrd, widgetCrdYaml } from '../cluster/crd.js';
import { runCli, homeEnv } from './cli.js';
import { under, writeChart } from './chart-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'tshelm-build-e2e-'));
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));

function tshelm(kubeconfig: string, args: string[]) {
  return runCli(['--kubeconfig', kubeconfig, ...args], { env: homeEnv(home) });
}

/** A chart with the given templates (file name → text) and crds/ files. */
const chart = (templates: Record<string, string>, crds: Record<string, string> = {}): string =>
  writeChart('bld', { 'Chart.yaml': 'apiVersion: v2\nname: bld\nversion: 0.1.0\n', 'values.yaml': '', ...under('templates', templates), ...under('crds', crds) });

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;
const widget = (name: string, group = 'gadgets.example.com', ns = '') =>
  `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  size: 1\n`;

describe.skipIf(!built)('release build against the cluster (Helm 3.13 KubeClient.Build)', () => {
  const cluster = useCluster();

  it('install of a kind the cluster does not serve: one error in Helm words, no record, no object', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('bld-inst');
    const c = chart({ 'a.yaml': cm('first'), 'w.yaml': widget('w1') });
    let r = await tshelm(kc, ['install', 'bi', c, '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: INSTALLATION FAILED: unable to build kubernetes objects from release manifest: resource mapping not found for name: "w1" namespace: "" from "": no matches for kind "Widget" in version "gadgets.example.com/v1"\nensure CRDs are installed first\n');
    r = await tshelm(kc, ['list', '-a', '-n', ns]);
    expect(r.stdout).toBe('NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\n');
    const secrets = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets`);
    expect(secrets.body.items.filter((s: any) => s.metadata.labels?.owner === 'helm')).toEqual([]);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/first`)).status).toBe(404);

    // every unmapped object is named (the builder continues on error; manifest order: unknown kinds by name),
    // with the namespace its document gives; --dry-run too
    const c2 = chart({ 'w.yaml': `${widget('w1')}---\n${cm('x')}---\napiVersion: nope/v1\nkind: Thing\nmetadata:\n  name: t\n  namespace: ${ns}\n` });
    r = await tshelm(kc, ['install', 'bi', c2, '-n', ns, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: INSTALLATION FAILED: unable to build kubernetes objects from release manifest: [resource mapping not found for name: "t" namespace: "${ns}" from "": no matches for kind "Thing" in version "nope/v1"\nensure CRDs are installed first, resource mapping not found for name: "w1" namespace: "" from "": no matches for kind "Widget" in version "gadgets.example.com/v1"\nensure CRDs are installed first]\n`);
  }, 120_000);

  it("a CRD in the chart's crds/ is installed first: its kind is then known", async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('bld-crd');
    const group = `crd${Date.now().toString(36)}.example.com`;
    const c = chart({ 'a.yaml': cm('first'), 'w.yaml': widget('w1', group) }, { 'widget.yaml': widgetCrdYaml(group) });
    const r = await tshelm(kc, ['install', 'bc', c, '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await cluster.raw.get(`/apis/${group}/v1/namespaces/${ns}/widgets/w1`)).status).toBe(200);
  }, 120_000);

  it('upgrade to a chart with an unserved kind leaves the deployed revision and writes no record; rollback too', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('bld-up');
    let r = await tshelm(kc, ['install', 'bu', chart({ 'a.yaml': cm('first') }), '-n', ns]);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['upgrade', 'bu', chart({ 'a.yaml': cm('first'), 'b.yaml': cm('second'), 'w.yaml': widget('w1') }), '-n', ns]);
    expect(r.code).toBe(1);
    // prepareUpgrade's validateManifest error is not wrapped
    expect(r.stderr).toBe('Error: UPGRADE FAILED: resource mapping not found for name: "w1" namespace: "" from "": no matches for kind "Widget" in version "gadgets.example.com/v1"\nensure CRDs are installed first\n');
    r = await tshelm(kc, ['history', 'bu', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}`)).toEqual(['1:deployed']);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/second`)).status).toBe(404);
    const secrets = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets`);
    expect(secrets.body.items.filter((s: any) => s.metadata.labels?.owner === 'helm').map((s: any) => s.metadata.name)).toEqual(['sh.helm.release.v1.bu.v1']);

    // a revision whose kind is no longer served cannot be rolled back to; nothing is written
    const group = `gone${Date.now().toString(36)}.example.com`;
    const crd = await cluster.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd(group));
    expect(crd.status).toBe(201);
    r = await tshelm(kc, ['upgrade', 'bu', chart({ 'a.yaml': cm('first'), 'w.yaml': widget('w1', group) }), '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['upgrade', 'bu', chart({ 'a.yaml': cm('first') }), '-n', ns]);
    expect(r.code).toBe(0);
    expect((await cluster.raw.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`)).status).toBe(200);
    // (the discovery cache still knows the kind, as kubectl's would: drop it, as its TTL would)
    rmSync(join(home, 'cache', 'kube'), { recursive: true, force: true });
    r = await tshelm(kc, ['rollback', 'bu', '2', '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: unable to build kubernetes objects from new release manifest: resource mapping not found for name: "w1" namespace: "" from "": no matches for kind "Widget" in version "${group}/v1"\nensure CRDs are installed first\n`);
    r = await tshelm(kc, ['history', 'bu', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}`)).toEqual(['1:superseded', '2:superseded', '3:deployed']);
  }, 120_000);

  it('--wait-for-jobs without --wait waits for nothing (install, upgrade, rollback); with --wait it waits for the Job', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('bld-jobs');
    // a Job the test server never completes
    const job = (name: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    tshelm.test/never-ready: "true"\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n`;
    const c = chart({ 'job.yaml': job('j1') });
    let r = await tshelm(kc, ['install', 'wj', c, '-n', ns, '--wait-for-jobs', '--timeout', '2s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('STATUS: deployed\n');
    r = await tshelm(kc, ['upgrade', 'wj', chart({ 'job.yaml': job('j2') }), '-n', ns, '--wait-for-jobs', '--timeout', '2s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['rollback', 'wj', '1', '-n', ns, '--wait-for-jobs', '--timeout', '2s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['upgrade', 'wj', chart({ 'job.yaml': job('j3') }), '-n', ns, '--wait', '--wait-for-jobs', '--timeout', '2s']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: UPGRADE FAILED: timed out waiting for the condition/);
    r = await tshelm(kc, ['history', 'wj', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}`)).toEqual(['1:superseded', '2:superseded', '3:deployed', '4:failed']);
  }, 120_000);

  it('status --show-resources: the resources by version/kind as kubectl prints tables, related pods, unreadable ones left out', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('bld-res');
    const c = chart({
      'cm.yaml': `${cm('cfg')}---\n${cm('a-much-longer-configmap-name')}`,
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}, {port: 443, targetPort: 8443, protocol: UDP}]\n',
      'dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n',
      'sec.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: sec\nstringData: {x: y}\n',
      'role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules: []\n',
    });
    let r = await tshelm(kc, ['install', 'rs', c, '-n', ns, '--wait']);
    expect(r.code).toBe(0);
    // the test server runs no pods for a Deployment: one as its ReplicaSet would
    const pod = await cluster.raw.post(`/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    expect(pod.status).toBe(201);
    for (let i = 0; i < 50 && (await cluster.raw.get(`/api/v1/namespaces/${ns}/pods/web-1`)).body.status?.phase !== 'Running'; i++) await new Promise((res) => setTimeout(res, 50));
    // an object deleted behind the release's back is not shown (Helm drops what it cannot get)
    expect((await cluster.raw.delete(`/api/v1/namespaces/${ns}/secrets/sec`)).status).toBe(200);
    r = await tshelm(kc, ['status', 'rs', '-n', ns, '--show-resources']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const body = r.stdout.slice(r.stdout.indexOf('RESOURCES:\n')).replace(/\d+s$/gm, '<age>');
    expect(body.split('\n')).toEqual([
      'RESOURCES:',
      '==> v1/ConfigMap',
      'NAME   DATA   AGE',
      'cfg    1      <age>',
      // each object's table is aligned on its own, the header printed once per column set
      'a-much-longer-configmap-name   1     <age>',
      '',
      '==> v1/Role',
      'NAME     AGE',
      'reader   <age>',
      '',
      '==> v1/Service',
      'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)          AGE',
      expect.stringMatching(/^web    ClusterIP   10\.96\.\d+\.\d+ +<none>        80\/TCP,443\/UDP   <age>$/),
      '',
      '==> v1/Deployment',
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
      'web    2/2     2            2           <age>',
      '',
      '==> v1/Pod(related)',
      'NAME    READY   STATUS    RESTARTS   AGE',
      'web-1   1/1     Running   0          <age>',
      '',
      '',
      'TEST SUITE: None',
      '',
    ]);
  }, 120_000);
});
