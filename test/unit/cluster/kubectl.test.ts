// kubectl against the test cluster: proves the server speaks the API the way a real client expects.
import { describe, it, expect } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useCluster } from '../../cluster/cluster.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.warn('kubectl not found: skipping the kubectl tests of the test cluster (install kubectl, e.g. apt-get install kubectl, to run them)');

describe.skipIf(!hasKubectl)('kubectl against the test cluster', () => {
  const c = useCluster({ readyDelayMs: 10 });
  // asynchronous: the in-process server must keep serving while kubectl runs
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
  const kubectl = (...args: string[]) => new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile('kubectl', ['--kubeconfig', c.kubeconfigPath, '--cache-dir', cacheDir, '--request-timeout=20s', ...args], { encoding: 'utf8' }, (e, out, err) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, out, err });
    });
  });
  const ok = async (...args: string[]) => {
    const r = await kubectl(...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.err}`);
    return r.out;
  };
  const manifest = (ns: string, image: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ${ns}, labels: {app: demo}}
data: {a: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}, labels: {app: demo}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        env: [{name: A, value: "1"}]
`;
  const write = (text: string) => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-')), 'm.yaml');
    fs.writeFileSync(f, text);
    return f;
  };

  it('apply -f, get, apply again (unchanged / configured), delete', async () => {
    const ns = await c.namespace('kctl');
    const f = write(manifest(ns, 'nginx:1'));
    expect(await ok('apply', '-f', f)).toBe('configmap/cfg created\ndeployment.apps/web created\n');
    expect(await ok('apply', '-f', f)).toBe('configmap/cfg unchanged\ndeployment.apps/web unchanged\n');
    fs.writeFileSync(f, manifest(ns, 'nginx:2'));
    expect(await ok('apply', '-f', f)).toBe('configmap/cfg unchanged\ndeployment.apps/web configured\n');
    const dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', ns, '-o', 'json'));
    expect(dep.spec.template.spec.containers[0].image).toBe('nginx:2');
    expect(dep.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('nginx:2');
    expect((await ok('get', 'configmaps,deployments', '-n', ns, '-l', 'app=demo', '-o', 'name')).split('\n').filter(Boolean).sort())
      .toEqual(['configmap/cfg', 'deployment.apps/web']);
    if (!c.real) {
      await ok('rollout', 'status', 'deployment/web', '-n', ns, '--timeout=20s');
    }
    expect(await ok('delete', '-f', f)).toContain('deployment.apps "web" deleted');
    const gone = await kubectl('get', 'configmap', 'cfg', '-n', ns);
    expect(gone.code).not.toBe(0);
    expect(gone.err).toContain('configmaps "cfg" not found');
  });

  it('patch --type strategic, merge and json', async () => {
    const ns = await c.namespace('kpatch');
    await ok('apply', '-f', write(manifest(ns, 'nginx:1')));
    await ok('patch', 'deployment', 'web', '-n', ns, '--type=strategic', '-p', JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '2' }] }] } } } }));
    let dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', ns, '-o', 'json'));
    expect(dep.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    await ok('patch', 'configmap', 'cfg', '-n', ns, '--type=merge', '-p', '{"data":{"b":"2"}}');
    await ok('patch', 'configmap', 'cfg', '-n', ns, '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]');
    expect(JSON.parse(await ok('get', 'configmap', 'cfg', '-n', ns, '-o', 'json')).data).toEqual({ b: '2' });
    const bad = await kubectl('patch', 'configmap', 'nope', '-n', ns, '--type=merge', '-p', '{"data":{}}');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('configmaps "nope" not found');
    dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', ns, '-o', 'json'));
    expect(dep.metadata.generation).toBe(2);
  });

  it('apply --server-side: conflicts with another manager, --force-conflicts takes over', async () => {
    const ns = await c.namespace('kssa');
    const f = write(manifest(ns, 'nginx:1'));
    expect(await ok('apply', '--server-side', '-f', f)).toContain('deployment.apps/web serverside-applied');
    fs.writeFileSync(f, manifest(ns, 'nginx:9'));
    const conflict = await kubectl('apply', '--server-side', '--field-manager=other', '-f', f);
    expect(conflict.code).not.toBe(0);
    expect(conflict.err).toContain('Apply failed with 1 conflict: conflict with "kubectl"');
    expect(conflict.err).toContain('.spec.template.spec.containers[name="web"].image');
    await ok('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', f);
    const dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', ns, '-o', 'json', '--show-managed-fields'));
    expect(dep.spec.template.spec.containers[0].image).toBe('nginx:9');
    expect(dep.metadata.managedFields.map((m: any) => m.manager)).toEqual(expect.arrayContaining(['kubectl', 'other']));
  });

  it('api-resources and create namespace via kubectl', async () => {
    const res = await ok('api-resources', '-o', 'name');
    for (const r of ['configmaps', 'deployments.apps', 'jobs.batch', 'customresourcedefinitions.apiextensions.k8s.io']) expect(res).toContain(r);
    const name = `kctl-ns-${Date.now()}`;
    expect(await ok('create', 'namespace', name)).toBe(`namespace/${name} created\n`);
    const again = await kubectl('create', 'namespace', name);
    expect(again.err).toContain(`namespaces "${name}" already exists`);
    await ok('delete', 'namespace', name);
  });
});
