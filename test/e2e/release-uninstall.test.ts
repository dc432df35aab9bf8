// End to end: uninstall of a release whose manifest has a kind the cluster no longer serves, as Helm 3.13's
// Uninstall.deleteRelease: the (freshly discovered) build fails, nothing is deleted, the error is "failed to delete
// release: NAME" (why only with --debug), the record stays "uninstalling"; objects kept by their resource policy are
// not built at all (the built CLI against the test API server, or TSHELM_TEST_KUBECONFIG's cluster).
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { widgetCrd } from '../cluster/crd.js';
import { ROOT, isolatedEnv, runCli } from './cli.js';
import { under, writeChart } from './chart-dir.js';

const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));
const env = { ...process.env, ...isolatedEnv('tshelm-uninstall-e2e-') };

const chart = (templates: Record<string, string>): string =>
  writeChart('un', { 'Chart.yaml': 'apiVersion: v2\nname: un\nversion: 0.1.0\n', ...under('templates', templates) });

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;
const widget = (name: string, group: string, keep = false) =>
  `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: ${name}\n${keep ? '  annotations:\n    helm.sh/resource-policy: keep\n' : ''}spec:\n  size: 1\n`;

describe.skipIf(!built)('uninstall with kinds the cluster no longer serves (Helm 3.13)', () => {
  const cluster = useCluster();
  const tshelm = (args: string[]) => runCli(['--kubeconfig', cluster.kubeconfigPath, ...args], { env });
  const records = async (ns: string, name: string) => {
    const s = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets?labelSelector=owner%3Dhelm,name%3D${name}`);
    return s.body.items.map((x: any) => `${x.metadata.labels.version}:${x.metadata.labels.status}`).sort();
  };

  it('the build fails: nothing deleted, "failed to delete release", the record left uninstalling; once served again it uninstalls', async () => {
    const ns = await cluster.namespace('un-gone');
    const group = `ungone${Date.now().toString(36)}.example.com`;
    expect((await cluster.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd(group))).status).toBe(201);
    let r = await tshelm(['install', 'ug', chart({ 'cm.yaml': cm('plain'), 'w.yaml': widget('w1', group) }), '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the kind goes away; the discovery cache still has it, but uninstall (Helm's getCapabilities) asks afresh
    expect((await cluster.raw.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`)).status).toBe(200);

    r = await tshelm(['uninstall', 'ug', '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: failed to delete release: ug\n');
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/plain`)).status).toBe(200);
    expect(await records(ns, 'ug')).toEqual(['1:uninstalling']);

    // --debug says why
    r = await tshelm(['uninstall', 'ug', '-n', ns, '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(0, 3).join('\n')).toBe('Error: failed to delete release: ug\n' +
      `caused by: uninstall: Failed to delete release: [unable to build kubernetes objects for delete: resource mapping not found for name: "w1" namespace: "" from "": no matches for kind "Widget" in version "${group}/v1"\n` +
      'ensure CRDs are installed first]');

    // served again: the uninstalling release is uninstalled
    expect((await cluster.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd(group))).status).toBe(201);
    r = await tshelm(['uninstall', 'ug', '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('release "ug" uninstalled\n');
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/plain`)).status).toBe(404);
    expect(await records(ns, 'ug')).toEqual([]);
  }, 120_000);

  it('an object kept by its resource policy is not built: its kind may be gone', async () => {
    const ns = await cluster.namespace('un-keep');
    const group = `unkeep${Date.now().toString(36)}.example.com`;
    expect((await cluster.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd(group))).status).toBe(201);
    let r = await tshelm(['install', 'uk', chart({ 'a.yaml': cm('plain'), 'w.yaml': widget('w1', group, true), 'z.yaml': `${cm('second')}` }), '-n', ns]);
    expect(r.code).toBe(0);
    expect((await cluster.raw.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`)).status).toBe(200);
    r = await tshelm(['uninstall', 'uk', '-n', ns, '--keep-history']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('These resources were kept due to the resource policy:\n[Widget] w1\n\nrelease "uk" uninstalled\n');
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/plain`)).status).toBe(404);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/second`)).status).toBe(404);
    expect(await records(ns, 'uk')).toEqual(['1:uninstalled']);
  }, 120_000);
});
