// Releases through the kustomize layer: install/upgrade with --kustomize DIR, --set-image, --set-namespace; the
// post-rendered manifest is what reaches the cluster and what the release record stores.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { ROOT, runCli, isolatedEnv } from './cli.js';

const CHART = join(ROOT, 'charts/metallb');
const built = existsSync(join(ROOT, 'dist/cli/commands/post-render.js'));
if (!built) console.warn('skipping kustomize release e2e: dist/ is not built (run `npx tsc -p .`)');

const env = isolatedEnv('tshelm-kz-e2e-');
const tshelm = (args: string[], kubeconfig?: string) => runCli([...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), ...args], { env });

function kustomization(ns: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-kz-'));
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    `resources:\n- all.yaml\nnamespace: ${ns}\nimages:\n- name: metallb/controller\n  newTag: v0.8.2\n- name: metallb/speaker\n  newTag: v0.8.2\nlabels:\n- pairs:\n    via: kustomize\n`,
  );
  return dir;
}

const imagesOf = (obj: any): string[] => obj.spec.template.spec.containers.map((c: any) => c.image);

describe.skipIf(!built)('releases through kustomize', () => {
  const cluster = useCluster();

  it('template --kustomize and --set-image change images and labels, and keep every object', async () => {
    const plain = await tshelm(['template', 'metallb', CHART, '-n', 'metallb-system']);
    expect(plain.code).toBe(0);
    const k = await tshelm(['template', 'metallb', CHART, '-n', 'metallb-system', '--kustomize', kustomization('metallb-system')]);
    expect(k.code).toBe(0);
    const kinds = (s: string) => (s.match(/^kind: \w+$/gm) ?? []).sort();
    expect(kinds(k.stdout)).toEqual(kinds(plain.stdout));
    expect(k.stdout).toContain('image: metallb/controller:v0.8.2');
    expect(k.stdout).toContain('image: metallb/speaker:v0.8.2');
    expect(k.stdout).toContain('via: kustomize');
    const s = await tshelm(['template', 'metallb', CHART, '--set-image', 'metallb/controller=quay.io/metallb/controller:v0.9.0', '--set-namespace', 'lb']);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('image: quay.io/metallb/controller:v0.9.0');
    expect(s.stdout).not.toMatch(/namespace: (?!lb\n)/);
  });

  it('install --kustomize applies and stores the post-rendered objects; upgrade --set-image changes them', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = `kz-${Date.now().toString(36)}`;
    let r = await tshelm(['install', 'lb', CHART, '-n', ns, '--create-namespace', '--kustomize', kustomization(ns)], kc);
    expect(r.stderr.replace(/^# Warning.*\n/gm, '')).toBe('');
    expect(r.code).toBe(0);
    const dep = await cluster.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments`);
    expect(dep.status).toBe(200);
    const controller = dep.body.items[0];
    expect(imagesOf(controller)).toEqual(['metallb/controller:v0.8.2']);
    expect(controller.metadata.labels.via).toBe('kustomize');
    r = await tshelm(['get', 'manifest', 'lb', '-n', ns], kc);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('image: metallb/controller:v0.8.2');

    r = await tshelm(['upgrade', 'lb', CHART, '-n', ns, '--set-image', 'metallb/controller:v0.8.3'], kc);
    expect(r.code).toBe(0);
    const dep2 = await cluster.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/${controller.metadata.name}`);
    expect(imagesOf(dep2.body)).toEqual(['metallb/controller:v0.8.3']);

    r = await tshelm(['rollback', 'lb', '1', '-n', ns], kc);
    expect(r.code).toBe(0);
    const dep3 = await cluster.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/${controller.metadata.name}`);
    expect(imagesOf(dep3.body)).toEqual(['metallb/controller:v0.8.2']);
  });

  it('a kustomization that fails leaves no release behind', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = `kzbad-${Date.now().toString(36)}`;
    const dir = mkdtempSync(join(tmpdir(), 'tshelm-kz-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- all.yaml\n- missing.yaml\n');
    const r = await tshelm(['install', 'lb', CHART, '-n', ns, '--create-namespace', '--kustomize', dir], kc);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Error: .*missing\.yaml/);
    const secrets = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets?labelSelector=owner%3Dhelm`);
    expect(secrets.status === 404 || secrets.body.items.length === 0).toBe(true);
    const bad = await tshelm(['install', 'lb', CHART, '-n', ns, '--set-image', 'x y'], kc);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: invalid argument "x y" for "--set-image" flag/);
  });
});
