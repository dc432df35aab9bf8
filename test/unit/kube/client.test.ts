import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCluster } from '../../cluster/cluster.js';
import { widgetCrdYaml } from '../../cluster/crd.js';
import { newKubeClient, KubeApiError, type KObject } from '../../../src/kube/index.js';

// TLS with inline CA/client certificate data: the k3s kubeconfig shape.
const cluster = useCluster({ tls: true, readyDelayMs: 20 });
const cacheDir = mkdtempSync(join(tmpdir(), 'tshelm-kube-cache-'));
const client = () => newKubeClient({ kubeconfig: cluster.kubeconfigPath, cacheDir, env: {} });

const manifest = (ns: string, image = 'nginx:1.25', extraData = true) => `---
# Source: app/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  a: "1"
${extraData ? '  b: "2"\n' : ''}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${ns}-reader
  namespace: ignored
rules: []
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: web
        image: ${image}
        env:
        - { name: A, value: "1" }
`;

describe('KubeClient against the test API server', () => {
  it('connects with the k3s-style kubeconfig and reads namespace/context', async () => {
    const c = await client();
    expect(c.namespace).toBe('default');
    expect(c.contextName).toBe(cluster.real ? c.contextName : 'tshelm-test');
    expect(c.kubeconfigPaths).toEqual([cluster.kubeconfigPath]);
    expect(await c.isNamespaced('v1', 'ConfigMap')).toBe(true);
    expect(await c.isNamespaced('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe(false);
    await expect(c.isNamespaced('example.com/v1', 'Nope')).rejects.toThrow(/resource mapping not found for kind "Nope" in version "example.com\/v1"/);
    if (!cluster.real) expect(readdirSync(cacheDir).length).toBeGreaterThan(0); // discovery cached on disk
    await c.close();
  });

  it('build fills the namespace of namespaced kinds only; create in install order; CRUD errors are KubeApiErrors', async () => {
    const ns = await cluster.namespace('g1-build');
    const c = await client();
    const objs = await c.build(manifest(ns), { namespace: ns });
    expect(objs.map((o) => [o.kind, o.metadata.namespace])).toEqual([
      ['ConfigMap', ns],
      ['ClusterRole', undefined],
      ['Service', ns],
      ['Deployment', ns],
    ]);
    const before = cluster.server?.requests.length ?? 0;
    await c.createResources(objs);
    if (cluster.server) {
      const posts = cluster.server.requests.slice(before).filter((r: any) => r.method === 'POST').map((r: any) => r.path);
      expect(posts.map((p: string) => p.split('/').slice(-1)[0])).toEqual(['configmaps', 'clusterroles', 'services', 'deployments']);
    }
    const cm = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'app-config', namespace: ns });
    expect(cm?.data).toEqual({ a: '1', b: '2' });
    expect(await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'absent', namespace: ns })).toBeNull();
    const err = await c.create(objs[0]).catch((e) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 409, reason: 'AlreadyExists' });
    const stale = { ...cm!, metadata: { ...cm!.metadata, resourceVersion: '1' } } as KObject;
    await expect(c.update(stale)).rejects.toMatchObject({ status: 409, reason: 'Conflict' });
    const listed = await c.list('apps/v1', 'Deployment', { namespace: ns, labelSelector: 'app=web' });
    expect(listed.map((d) => [d.kind, d.metadata.name])).toEqual([['Deployment', 'web']]);
    expect(await c.list('apps/v1', 'Deployment', { namespace: ns, labelSelector: 'app=other' })).toEqual([]);
    expect(await c.lookup('v1', 'ConfigMap', ns, 'nope')).toEqual({});
    expect(((await c.lookup('v1', 'ConfigMap', ns, 'app-config')) as any).data.a).toBe('1');
    expect(((await c.lookup('v1', 'ConfigMap', ns, '')) as any).items.map((i: any) => i.metadata.name)).toContain('app-config');
    await c.waitForResources(objs, { timeoutMs: 10_000 });
    await c.deleteResources(objs, { wait: true, timeoutMs: 10_000 });
    expect(await c.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns })).toBeNull();
    await c.close();
  });

  it('updateResources: three-way merge keeps live-only changes, applies chart changes, deletes removed objects except keep', async () => {
    const ns = await cluster.namespace('g1-upgrade');
    const c = await client();
    const extra = `---
apiVersion: v1
kind: Secret
metadata:
  name: old
stringData: { x: y }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kept
  annotations: { helm.sh/resource-policy: keep }
`;
    const v1 = await c.build(manifest(ns) + extra, { namespace: ns });
    await c.createResources(v1);
    // someone else edits the live Deployment: a label and an injected sidecar
    await c.patch({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns }, { metadata: { labels: { team: 'ops' } } }, 'merge');
    const v2 = await c.build(manifest(ns, 'nginx:1.26', false), { namespace: ns });
    const r = await c.updateResources(v1, v2);
    expect(r.created).toEqual([]);
    // Helm's Result.Updated: every object that existed, changed or not (--recreate-pods goes over them)
    expect(r.updated.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ConfigMap', 'Deployment', 'Service']);
    expect(r.deleted.map((o) => o.metadata.name)).toEqual(['old']);
    const dep = (await c.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns })) as any;
    expect(dep.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(dep.metadata.labels).toEqual({ app: 'web', team: 'ops' });
    const cm = (await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'app-config', namespace: ns })) as any;
    expect(cm.data).toEqual({ a: '1' });
    expect(await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'kept', namespace: ns })).not.toBeNull();
    // no changes → no PATCH sent
    const before = cluster.server?.requests.length ?? 0;
    await c.updateResources(v2, v2);
    if (cluster.server) expect(cluster.server.requests.slice(before).filter((q: any) => q.method === 'PATCH')).toEqual([]);
    // --force replaces (PUT) and server-side apply patches with the apply content type
    const v3 = await c.build(manifest(ns, 'nginx:1.27', false), { namespace: ns });
    await c.updateResources(v2, v3, { force: true });
    expect(((await c.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns })) as any).spec.template.spec.containers[0].image).toBe('nginx:1.27');
    const v4 = await c.build(manifest(ns, 'nginx:1.28', false), { namespace: ns });
    await c.updateResources(v3, v4, { serverSide: true, forceConflicts: true });
    expect(((await c.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns })) as any).spec.template.spec.containers[0].image).toBe('nginx:1.28');
    await c.close();
  });

  it('a strict build names every object of an unserved kind, discovering the kind once', async () => {
    const c = await client();
    const before = cluster.server?.requests.length ?? 0;
    const widgets = [1, 2, 3].map((i) => `apiVersion: unserved.example.com/v1\nkind: Widget\nmetadata: { name: w${i} }\n`).join('---\n');
    const err = await c.build(widgets, { namespace: 'default', strict: true }).catch((e) => e);
    expect(err.message).toBe(`[${[1, 2, 3].map((i) => `resource mapping not found for name: "w${i}" namespace: "" from "": no matches for kind "Widget" in version "unserved.example.com/v1"\nensure CRDs are installed first`).join(', ')}]`);
    // the kind's group-version asked (and asked again, fresh) once for the manifest, not once per object
    if (cluster.server) expect(cluster.server.requests.slice(before).filter((q: any) => q.path === '/apis/unserved.example.com/v1').length).toBeLessThanOrEqual(2);
    await c.close();
  });

  it('a CRD installed at run time makes its kind mappable (discovery invalidated)', async () => {
    const ns = await cluster.namespace('g1-crd');
    const c = await client();
    await expect(c.isNamespaced('g1.example.com/v1', 'Widget')).rejects.toThrow(/resource mapping not found/);
    const crd = await c.build(widgetCrdYaml('g1.example.com'));
    await c.createResources(crd);
    await c.waitForResources(crd, { timeoutMs: 10_000 });
    const cr = await c.build('apiVersion: g1.example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 1, tags: [a, b] }\n', { namespace: ns });
    expect(cr[0].metadata.namespace).toBe(ns);
    await c.createResources(cr);
    const cr2 = await c.build('apiVersion: g1.example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 2 }\n', { namespace: ns });
    await c.updateResources(cr, cr2);
    const live = (await c.get({ apiVersion: 'g1.example.com/v1', kind: 'Widget', name: 'w', namespace: ns })) as any;
    expect(live.spec).toEqual({ size: 2 });
    await c.deleteResources([...cr2, ...crd]);
    await c.close();
  });

  it('waitForResources reports what is still pending, with reasons, on timeout', async () => {
    if (!cluster.server) return; // needs the test server's never-ready annotation
    const ns = await cluster.namespace('g1-wait');
    const c = await client();
    const objs = await c.build(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: stuck
  annotations: { tshelm.test/never-ready: "true" }
spec:
  replicas: 2
  selector: { matchLabels: { app: stuck } }
  template:
    metadata: { labels: { app: stuck } }
    spec: { containers: [{ name: c, image: busybox }] }
---
apiVersion: batch/v1
kind: Job
metadata:
  name: fails
  annotations: { tshelm.test/fail: "true" }
spec:
  backoffLimit: 1
  template: { spec: { restartPolicy: Never, containers: [{ name: c, image: busybox }] } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`, { namespace: ns });
    await c.createResources(objs);
    // a failed Job cannot recover: Helm's jobReady errors at once, no waiting for the timeout
    const t0 = Date.now();
    let err = await c.waitForResources(objs, { timeoutMs: 20_000, waitForJobs: true }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(new RegExp(`^job is failed: ${ns}/fails \\(BackoffLimitExceeded`));
    expect(Date.now() - t0).toBeLessThan(10_000);
    // without waitForJobs the Job does not count
    const pending: string[] = [];
    err = await c.waitForResources(objs, { timeoutMs: 1500, onPending: (m) => pending.push(m) }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^timed out waiting for the condition after 2s; 1 resource\(s\) not ready:/);
    expect(err.message).toContain(`Deployment ${ns}/stuck: Deployment is not ready`);
    expect(err.message).not.toContain('PersistentVolumeClaim');
    expect(pending.length).toBeGreaterThan(0);
    // Helm judges a Deployment by its new ReplicaSet: the Deployment's own counts (old pods) are not enough
    cluster.server.setStatus('apps/v1', 'Deployment', ns, 'stuck', { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2 });
    err = await c.waitForResources(objs, { timeoutMs: 1000 }).catch((e) => e);
    expect(err?.message).toMatch(/Deployment is not ready: 0 out of 2 expected pods are ready \(new ReplicaSet stuck-/);
    const rs = (await cluster.raw.get(`/apis/apps/v1/namespaces/${ns}/replicasets`)).body.items.find((x: any) => x.metadata.name.startsWith('stuck-'));
    // replicas 2, default maxUnavailable 25% → 0 (rounded down) but maxSurge 25% → 1: 2 − 0 = 2 must be ready
    cluster.server.setStatus('apps/v1', 'ReplicaSet', ns, rs.metadata.name, { readyReplicas: 1 });
    err = await c.waitForResources(objs, { timeoutMs: 1000 }).catch((e) => e);
    expect(err?.message).toMatch(/1 out of 2 expected pods are ready/);
    cluster.server.setStatus('apps/v1', 'ReplicaSet', ns, rs.metadata.name, { readyReplicas: 2 });
    await c.waitForResources(objs, { timeoutMs: 3000 });
    await c.close();
  });

  it('retries injected 500s and dropped connections on reads; reports a failing write clearly', async () => {
    if (!cluster.server) return; // fault injection is a test-server feature
    const ns = await cluster.namespace('g1-faults');
    const c = await client();
    cluster.server.injectFault({ method: 'GET', path: `/namespaces/${ns}/configmaps`, status: 500, times: 2 });
    expect(await c.list('v1', 'ConfigMap', { namespace: ns })).toBeInstanceOf(Array);
    cluster.server.injectFault({ method: 'GET', path: `/namespaces/${ns}/configmaps`, drop: true, times: 1 });
    expect(await c.list('v1', 'ConfigMap', { namespace: ns })).toBeInstanceOf(Array);
    cluster.server.injectFault({ method: 'POST', path: `/namespaces/${ns}/configmaps`, status: 403, times: 1 });
    const objs = await c.build('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n', { namespace: ns });
    await expect(c.createResources(objs)).rejects.toThrow(new RegExp(`^failed to create resource ConfigMap ${ns}/x: .*forbidden`));
    cluster.server.clearFaults();
    await c.close();
  });

  it('an update whose delete of a dropped object fails still succeeds, the failure in the debug log (Helm\'s Update)', async () => {
    if (!cluster.server) return; // fault injection is a test-server feature
    const ns = await cluster.namespace('g1-dropfail');
    const logged: string[] = [];
    const c = await newKubeClient({ kubeconfig: cluster.kubeconfigPath, cacheDir, env: {}, log: (m) => logged.push(m) });
    const v1 = await c.build('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: keep }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: dropped }\n', { namespace: ns });
    await c.createResources(v1);
    const v2 = v1.filter((o) => o.metadata.name === 'keep');
    cluster.server.injectFault({ method: 'DELETE', path: `/namespaces/${ns}/configmaps/dropped`, status: 403, times: 1 });
    const r = await c.updateResources(v1, v2);
    expect(r.deleted).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^Failed to delete "dropped", err: .*forbidden/);
    cluster.server.clearFaults();
    await c.close();
  });

  it('applies objects concurrently per kind group (bounded), faster than one at a time', async () => {
    if (!cluster.server) return; // latency injection is a test-server feature
    const ns = await cluster.namespace('g1-bench');
    const n = 60;
    const docs = (prefix: string) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${prefix}-${i} }\ndata: { i: "${i}" }\n`).join('---\n');
    cluster.server.injectFault({ method: 'POST', path: `/namespaces/${ns}/configmaps`, latencyMs: 40, times: 2 * n });
    const par = await newKubeClient({ kubeconfig: cluster.kubeconfigPath, cacheDir, env: {}, concurrency: 8 });
    const seq = await newKubeClient({ kubeconfig: cluster.kubeconfigPath, cacheDir, env: {}, concurrency: 1 });
    const peakOf = (c: any) => {
      const orig = c.http.request.bind(c.http);
      const st = { inFlight: 0, peak: 0 };
      c.http.request = async (...a: any[]) => {
        st.peak = Math.max(st.peak, ++st.inFlight);
        try {
          return await orig(...a);
        } finally {
          st.inFlight--;
        }
      };
      return st;
    };
    const pst = peakOf(par);
    const sst = peakOf(seq);
    let t = Date.now();
    await par.createResources(await par.build(docs('par'), { namespace: ns }));
    const parMs = Date.now() - t;
    t = Date.now();
    await seq.createResources(await seq.build(docs('seq'), { namespace: ns }));
    const seqMs = Date.now() - t;
    console.log(`apply ${n} ConfigMaps (40ms server latency each): concurrent(8) ${parMs}ms, sequential ${seqMs}ms`);
    expect(pst.peak).toBe(8);
    expect(sst.peak).toBe(1);
    expect((await par.list('v1', 'ConfigMap', { namespace: ns })).length).toBeGreaterThanOrEqual(2 * n);
    expect(parMs).toBeLessThan(seqMs);
    cluster.server.clearFaults();
    await par.close();
    await seq.close();
  });

  it('a cluster that is gone: "Kubernetes cluster unreachable" naming the kubeconfig and context', async () => {
    const c = await newKubeClient({ kubeconfig: cluster.kubeconfigPath, apiServer: 'https://127.0.0.1:1', cacheDir, env: {}, maxRetries: 0 });
    const err = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'default' }).catch((e) => e);
    expect(err.message).toMatch(/^Kubernetes cluster unreachable: .*ECONNREFUSED.*tried kubeconfig ".*kubeconfig", context ".*", server https:\/\/127\.0\.0\.1:1; set --kubeconfig/);
    await c.close();
    expect(existsSync(cacheDir)).toBe(true);
  });
});

describe('adoption (object not in the old release)', () => {
  it('patches only what the chart changes, never nulls server-set fields', async () => {
    const ns = await cluster.namespace('g1-adopt');
    const c = await client();
    const svc = await c.build('apiVersion: v1\nkind: Service\nmetadata: { name: s, labels: { a: "1" } }\nspec: { ports: [{ port: 80 }] }\n', { namespace: ns });
    await c.createResources(svc);
    const before = (await c.get({ apiVersion: 'v1', kind: 'Service', name: 's', namespace: ns })) as any;
    const target = await c.build('apiVersion: v1\nkind: Service\nmetadata: { name: s, labels: { a: "2" } }\nspec: { ports: [{ port: 80 }] }\n', { namespace: ns });
    const r = await c.updateResources([], target);
    expect(r.updated.length).toBe(1);
    const after = (await c.get({ apiVersion: 'v1', kind: 'Service', name: 's', namespace: ns })) as any;
    expect(after.metadata.labels).toEqual({ a: '2' });
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.spec.clusterIP).toBe(before.spec.clusterIP);
    await c.close();
  });
});
