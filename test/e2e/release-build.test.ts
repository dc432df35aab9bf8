// End to end: install/upgrade/rollback build the manifest against the cluster's API before writing anything
// (Helm 3.13's KubeClient.Build), --wait-for-jobs without --wait, status --show-resources (the built CLI against
// the test API server, or TSHELM_TEST_KUBECONFIG's cluster).
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/tshelm.js');
const home = mkdtempSync(join(tmpdir(), 'tshelm-build-e2e-'));
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));

function tshelm(kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, '--kubeconfig', kubeconfig, ...args], {
      env: { ...process.env, TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_DATA_HOME: join(home, 'data'), HELM_DRIVER: '', TSHELM_DRIVER: '', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A chart with the given templates (file name → text) and crds/ files. */
function chart(templates: Record<string, string>, crds: Record<string, string> = {}): string {
  const c = join(mkdtempSync(join(tmpdir(), 'tshelm-build-chart-')), 'bld');
  mkdirSync(join(c, 'templates'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: bld\nversion: 0.1.0\n');
  writeFileSync(join(c, 'values.yaml'), '');
  for (const [f, t] of Object.entries(templates)) writeFileSync(join(c, 'templates', f), t);
  if (Object.keys(crds).length) mkdirSync(join(c, 'crds'));
  for (const [f, t] of Object.entries(crds)) writeFileSync(join(c, 'crds', f), t);
  return c;
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;
const widget = (name: string, group = 'gadgets.example.com', ns = '') =>
  `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  size: 1\n`;
const widgetCrd = (group: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, listKind: WidgetList }
  versions:
  - name: v1
    served: true
    storage: true
    schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;

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
    const c = chart({ 'a.yaml': cm('first'), 'w.yaml': widget('w1', group) }, { 'widget.yaml': widgetCrd(group) });
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
    const crd = await cluster.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', (await import('js-yaml')).load(widgetCrd(group)));
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
});
