// `tshelm template --validate` against the test API server, as Helm v3.13.3 (ClientOnly off): the cluster's
// version and API groups in .Capabilities, unknown kinds refused, objects owned elsewhere refused (not with
// --is-upgrade), an unreachable cluster one clear error.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { runCli, homeEnv } from './cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/tshelm.js');
const built = existsSync(join(ROOT, 'dist/cli/commands/template-run.js'));
const home = mkdtempSync(join(tmpdir(), 'tshelm-validate-e2e-'));

function chart(extra: Record<string, string> = {}): string {
  const c = join(mkdtempSync(join(tmpdir(), 'tshelm-chart-')), 'vc');
  mkdirSync(join(c, 'templates'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: vc\nversion: 0.1.0\n');
  writeFileSync(join(c, 'templates/a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  kv: {{ .Capabilities.KubeVersion.Version | quote }}\n  apps: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}\n  extra: {{ .Capabilities.APIVersions.Has "x.io/v1" | quote }}\n');
  for (const [k, v] of Object.entries(extra)) writeFileSync(join(c, 'templates', k), v);
  return c;
}

describe.skipIf(!built)('template --validate', () => {
  const cluster = useCluster();
  const tshelm = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    runCli(['--kubeconfig', cluster.kubeconfigPath, ...args], { env: { ...homeEnv(home), HELM_DRIVER: process.env.HELM_DRIVER, TSHELM_DRIVER: process.env.TSHELM_DRIVER, NO_COLOR: process.env.NO_COLOR, HELM_NAMESPACE: '', TSHELM_NAMESPACE: '' } });

  it('renders with the cluster\'s capabilities, ignoring --kube-version and --api-versions', async () => {
    const ns = await cluster.namespace('validate');
    const r = await tshelm(['template', 'r', chart(), '-n', ns, '--validate', '--kube-version', '1.20.0', '--api-versions', 'x.io/v1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const version = await cluster.raw.get('/version');
    expect(r.stdout).toContain(`  kv: ${JSON.stringify(version.body.gitVersion)}\n  apps: "true"\n  extra: "false"\n`);
  });

  it('.Capabilities.APIVersions: the cluster\'s group/versions and group/version/Kinds only (Helm\'s GetVersionSet), install too', async () => {
    const ns = await cluster.namespace('validate');
    const group = `caps${Date.now().toString(36)}.example.com`;
    const crd = await cluster.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `gizmos.${group}` },
      spec: { group, scope: 'Namespaced', names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    });
    expect(crd.status).toBe(201);
    const has = ['apps/v1/Deployment', 'apps/v1', 'v1/ConfigMap', 'v1', 'batch/v1/Job', 'apps/v1/Scale', `${group}/v1/Gizmo`, `${group}/v1`,
      // not served here: client-go's scheme knows them, the cluster does not
      'apps/v1beta1', 'apps/v1/Nope', 'v1/Deployment'];
    const c = chart({ 'caps.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-caps\ndata:\n${has.map((h, i) => `  h${i}: {{ .Capabilities.APIVersions.Has ${JSON.stringify(h)} | quote }}\n`).join('')}` });
    const want = has.map((h, i) => `  h${i}: "${i < 8}"\n`).join('');
    let r = await tshelm(['template', 'r', c, '-n', ns, '--validate']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`data:\n${want}`);
    // without --validate: the defaults (group/versions only)
    r = await tshelm(['template', 'r', c, '-n', ns]);
    expect(r.stdout).toContain('  h0: "false"\n  h1: "true"\n');
    expect(r.stdout).toContain('  h8: "true"\n');
    // install renders with the same capabilities (and the server's version as it says it)
    r = await tshelm(['install', 'capr', c, '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cm = await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/capr-caps`);
    expect(cm.body.data).toEqual(Object.fromEntries(has.map((_, i) => [`h${i}`, String(i < 8)])));
    const version = await cluster.raw.get('/version');
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/capr-cm`)).body.data.kv).toBe(version.body.gitVersion);
  });

  it('refuses a kind the cluster does not serve', async () => {
    const ns = await cluster.namespace('validate');
    const r = await tshelm(['template', 'r', chart({ 'b.yaml': 'apiVersion: x.io/v1\nkind: Foo\nmetadata:\n  name: f\n' }), '-n', ns, '--validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: unable to build kubernetes objects from release manifest: resource mapping not found for name: "f" namespace: "" from "": no matches for kind "Foo" in version "x.io/v1"\nensure CRDs are installed first\n');
  });

  it('refuses an object that exists without the release\'s ownership, except with --is-upgrade', async () => {
    const ns = await cluster.namespace('validate');
    const made = await cluster.raw.post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r-cm', namespace: ns } });
    expect(made.status).toBe(201);
    const c = chart();
    const r = await tshelm(['template', 'r', c, '-n', ns, '--validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: Unable to continue with install: ConfigMap "r-cm" in namespace "${ns}" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "r"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "${ns}"\n`);
    const up = await tshelm(['template', 'r', c, '-n', ns, '--validate', '--is-upgrade']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    // without --validate nothing reaches the cluster
    expect((await tshelm(['template', 'r', c, '-n', ns])).code).toBe(0);
  });

  it('an unreachable cluster is one clear error', async () => {
    const r = await tshelm(['template', 'r', chart(), '--validate', '--kube-apiserver', 'http://127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Kubernetes cluster unreachable: [^\n]*\n$/);
  });
});
