import { describe, it, expect } from 'vitest';
import { useCluster } from '../../cluster/cluster.js';

const cm = (name: string, ns: string, labels: Record<string, string> = {}, data: Record<string, string> = { a: '1' }) =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data });

const until = async <T>(fn: () => Promise<T | undefined>, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('test cluster: discovery', () => {
  const c = useCluster();
  it('serves /version, /api, /apis and group versions with namespaced flags', async () => {
    expect((await c.raw.get('/version')).body.major).toBe('1');
    expect((await c.raw.get('/api')).body.versions).toEqual(['v1']);
    const core = (await c.raw.get('/api/v1')).body;
    const byName = Object.fromEntries(core.resources.map((r: any) => [r.name, r]));
    expect(byName.configmaps).toMatchObject({ kind: 'ConfigMap', namespaced: true });
    expect(byName.namespaces).toMatchObject({ kind: 'Namespace', namespaced: false });
    expect(byName.persistentvolumes.namespaced).toBe(false);
    expect(byName.configmaps.verbs).toContain('patch');
    const groups = (await c.raw.get('/apis')).body.groups.map((g: any) => g.name);
    for (const g of ['apps', 'batch', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'policy', 'autoscaling', 'apiextensions.k8s.io', 'storage.k8s.io', 'coordination.k8s.io']) expect(groups).toContain(g);
    const apps = (await c.raw.get('/apis/apps/v1')).body.resources.map((r: any) => r.kind);
    expect(apps).toEqual(expect.arrayContaining(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']));
    const rbac = (await c.raw.get('/apis/rbac.authorization.k8s.io/v1')).body.resources;
    expect(rbac.find((r: any) => r.kind === 'ClusterRole').namespaced).toBe(false);
    expect((await c.raw.get('/apis/nope.example.com/v1')).status).toBe(404);
  });

  it('a CRD adds its group to discovery, becomes Established and serves its resources', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.t${Date.now()}.example.com` },
      spec: {
        group: `t${Date.now()}.example.com`, scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    const group = crd.spec.group;
    expect((await c.raw.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status).toBe(201);
    const established = await until(async () => {
      const r = await c.raw.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
      return (r.body.status?.conditions || []).find((x: any) => x.type === 'Established' && x.status === 'True');
    });
    expect(established).toBeTruthy();
    const rl = await until(async () => { const r = await c.raw.get(`/apis/${group}/v1`); return r.status === 200 ? r.body : undefined; });
    expect(rl.resources[0]).toMatchObject({ name: 'widgets', kind: 'Widget', namespaced: true });
    const ns = await c.namespace('crd');
    const w = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } };
    const created = await c.raw.post(`/apis/${group}/v1/namespaces/${ns}/widgets`, w);
    expect(created.status).toBe(201);
    expect(created.body.metadata.generation).toBe(1);
    // strategic merge patch is not supported for custom resources
    const smp = await c.raw.patch(`/apis/${group}/v1/namespaces/${ns}/widgets/w1`, { spec: { size: 4 } }, 'strategic');
    expect(smp.status).toBe(415);
    expect(smp.body.reason).toBe('UnsupportedMediaType');
    const mp = await c.raw.patch(`/apis/${group}/v1/namespaces/${ns}/widgets/w1`, { spec: { size: 4 } }, 'merge');
    expect(mp.body.spec.size).toBe(4);
    expect(mp.body.metadata.generation).toBe(2);
    await c.raw.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
    await until(async () => ((await c.raw.get(`/apis/${group}/v1`)).status === 404 ? true : undefined), 30000);
  });
});

describe('test cluster: CRUD and errors', () => {
  const c = useCluster();
  it('creates, reads, lists, updates and deletes with Status errors like the API', async () => {
    const ns = await c.namespace('crud');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const r1 = await c.raw.post(base, cm('one', ns));
    expect(r1.status).toBe(201);
    expect(r1.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r1.body.metadata.creationTimestamp).toMatch(/Z$/);
    const dup = await c.raw.post(base, cm('one', ns));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'configmaps "one" already exists', details: { name: 'one', kind: 'configmaps' } });
    const missing = await c.raw.get(`${base}/nope`);
    expect(missing.body).toMatchObject({ reason: 'NotFound', code: 404, message: 'configmaps "nope" not found', details: { name: 'nope', kind: 'configmaps' } });
    const noName = await c.raw.post(base, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} });
    expect(noName.status).toBe(422);
    expect(noName.body.reason).toBe('Invalid');
    expect(noName.body.details.causes[0]).toMatchObject({ reason: 'FieldValueRequired', field: 'metadata.name' });
    const noNs = await c.raw.post('/api/v1/namespaces/does-not-exist-x/configmaps', cm('x', 'does-not-exist-x'));
    expect(noNs.body).toMatchObject({ reason: 'NotFound', code: 404, message: 'namespaces "does-not-exist-x" not found' });

    // update with a stale resourceVersion conflicts
    const got = (await c.raw.get(`${base}/one`)).body;
    const upd = await c.raw.put(`${base}/one`, { ...got, data: { a: '2' } });
    expect(upd.status).toBe(200);
    expect(Number(upd.body.metadata.resourceVersion)).toBeGreaterThan(Number(got.metadata.resourceVersion));
    const stale = await c.raw.put(`${base}/one`, { ...got, data: { a: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toContain('the object has been modified');

    const del = await c.raw.delete(`${base}/one`);
    expect(del.status).toBe(200);
    expect((await c.raw.get(`${base}/one`)).status).toBe(404);
    expect((await c.raw.delete(`${base}/one`)).body.reason).toBe('NotFound');
  });

  it('filters lists with label and field selectors', async () => {
    const ns = await c.namespace('sel');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.raw.post(base, cm('a', ns, { tier: 'web', env: 'prod' }));
    await c.raw.post(base, cm('b', ns, { tier: 'db', env: 'prod' }));
    await c.raw.post(base, cm('c', ns, { tier: 'web' }));
    const names = async (q: string) => (await c.raw.get(`${base}?${q}`)).body.items.map((i: any) => i.metadata.name).filter((n: string) => ['a', 'b', 'c'].includes(n)).sort();
    expect(await names('labelSelector=' + encodeURIComponent('tier=web'))).toEqual(['a', 'c']);
    expect(await names('labelSelector=' + encodeURIComponent('tier==web,env=prod'))).toEqual(['a']);
    expect(await names('labelSelector=' + encodeURIComponent('tier!=web'))).toEqual(['b']);
    expect(await names('labelSelector=' + encodeURIComponent('tier in (db,cache)'))).toEqual(['b']);
    expect(await names('labelSelector=' + encodeURIComponent('tier notin (db)'))).toEqual(['a', 'c']);
    expect(await names('labelSelector=' + encodeURIComponent('env'))).toEqual(['a', 'b']);
    expect(await names('labelSelector=' + encodeURIComponent('!env'))).toEqual(['c']);
    expect(await names('fieldSelector=' + encodeURIComponent('metadata.name=b'))).toEqual(['b']);
    const list = (await c.raw.get(base)).body;
    expect(list.kind).toBe('ConfigMapList');
    expect(list.metadata.resourceVersion).toBeTruthy();
  });

  it('Secrets: stringData becomes base64 data, bad base64 is rejected', async () => {
    const ns = await c.namespace('sec');
    const base = `/api/v1/namespaces/${ns}/secrets`;
    const r = await c.raw.post(base, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { pw: 'hunter2' } });
    expect(r.status).toBe(201);
    expect(r.body.data.pw).toBe(Buffer.from('hunter2').toString('base64'));
    expect(r.body.stringData).toBeUndefined();
    expect(r.body.type).toBe('Opaque');
    const bad = await c.raw.post(base, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad' }, data: { x: 'not base64!' } });
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
    expect(bad.body.message).toContain('illegal base64 data at input byte');
  });

  it('cluster-scoped objects and namespace deletion removing contents', async () => {
    const name = `tshelm-test-cr-${Date.now()}`;
    const r = await c.raw.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [] });
    expect(r.status).toBe(201);
    expect(r.body.metadata.namespace).toBeUndefined();
    expect((await c.raw.delete(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`)).status).toBe(200);
    if (c.real) return; // namespace deletion on a real cluster takes its own time
    const ns = await c.namespace('gone');
    await c.raw.post(`/api/v1/namespaces/${ns}/configmaps`, cm('x', ns));
    const del = await c.raw.delete(`/api/v1/namespaces/${ns}`);
    expect(del.body.status.phase).toBe('Terminating');
    const refused = await c.raw.post(`/api/v1/namespaces/${ns}/configmaps`, cm('y', ns));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('because it is being terminated');
    await until(async () => ((await c.raw.get(`/api/v1/namespaces/${ns}`)).status === 404 ? true : undefined));
    expect(c.server.objects().filter((o: any) => o.metadata.namespace === ns)).toEqual([]);
  });

  it('method not allowed and unknown paths', async () => {
    const r = await c.raw.request('POST', '/api/v1/namespaces/default/configmaps/x', {});
    expect(r.status).toBe(405);
    expect(r.body.reason).toBe('MethodNotAllowed');
    expect((await c.raw.get('/api/v1/nothings')).status).toBe(404);
  });
});

describe('test cluster: patches', () => {
  const c = useCluster();
  const deploy = (ns: string) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns },
    spec: {
      replicas: 1, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [
        { name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
        { name: 'side', image: 'busybox' },
      ] } },
    },
  });

  it('merge, JSON and strategic merge patches', async () => {
    const ns = await c.namespace('patch');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.raw.post(base, cm('m', ns, {}, { a: '1', b: '2' }));
    const mp = await c.raw.patch(`${base}/m`, { data: { b: null, c: '3' } }, 'merge');
    expect(mp.body.data).toEqual({ a: '1', c: '3' });
    const jp = await c.raw.patch(`${base}/m`, [{ op: 'replace', path: '/data/a', value: 'x' }, { op: 'add', path: '/metadata/labels', value: { k: 'v' } }], 'json');
    expect(jp.body.data.a).toBe('x');
    expect(jp.body.metadata.labels).toEqual({ k: 'v' });
    const failed = await c.raw.patch(`${base}/m`, [{ op: 'test', path: '/data/a', value: 'nope' }], 'json');
    expect(failed.status).toBe(422);

    const dbase = `/apis/apps/v1/namespaces/${ns}/deployments`;
    expect((await c.raw.post(dbase, deploy(ns))).status).toBe(201);
    const smp = await c.raw.patch(`${dbase}/web`, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }] } } } }, 'strategic');
    expect(smp.status).toBe(200);
    const containers = smp.body.spec.template.spec.containers;
    expect(containers.map((x: any) => x.name)).toEqual(['web', 'side']);
    expect(containers[0].image).toBe('nginx:2');
    expect(containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(containers[0].ports).toEqual([{ containerPort: 80 }]);
    expect(smp.body.metadata.generation).toBe(2);
    const del = await c.raw.patch(`${dbase}/web`, { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } }, 'strategic');
    expect(del.body.spec.template.spec.containers.map((x: any) => x.name)).toEqual(['web']);
    // the same patch as merge patch replaces the list
    const mlist = await c.raw.patch(`${dbase}/web`, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:3' }] } } } }, 'merge');
    expect(mlist.body.spec.template.spec.containers).toEqual([{ name: 'web', image: 'nginx:3' }]);
  });

  it('server-side apply: managedFields, conflicts and force', async () => {
    const ns = await c.namespace('ssa');
    const p = `/api/v1/namespaces/${ns}/configmaps/applied`;
    const cfg = (data: Record<string, string>) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data });
    const a1 = await c.raw.request('PATCH', `${p}?fieldManager=alice`, cfg({ x: '1', y: '2' }), 'application/apply-patch+yaml');
    expect(a1.status).toBe(201);
    expect(a1.body.metadata.managedFields.find((m: any) => m.manager === 'alice')).toMatchObject({ operation: 'Apply', fieldsType: 'FieldsV1' });
    expect(a1.body.metadata.managedFields[0].fieldsV1['f:data']).toHaveProperty('f:x');
    const b1 = await c.raw.request('PATCH', `${p}?fieldManager=bob`, cfg({ x: '9' }), 'application/apply-patch+yaml');
    expect(b1.status).toBe(409);
    expect(b1.body.reason).toBe('Conflict');
    expect(b1.body.message).toMatch(/^Apply failed with 1 conflict: conflict with "alice".*\.data\.x/);
    expect(b1.body.details.causes[0]).toMatchObject({ reason: 'FieldManagerConflict', field: '.data.x' });
    // same value: shared ownership, no conflict
    expect((await c.raw.request('PATCH', `${p}?fieldManager=bob`, cfg({ y: '2' }), 'application/apply-patch+yaml')).status).toBe(200);
    const forced = await c.raw.request('PATCH', `${p}?fieldManager=bob&force=true`, cfg({ x: '9', y: '2' }), 'application/apply-patch+yaml');
    expect(forced.status).toBe(200);
    expect(forced.body.data).toEqual({ x: '9', y: '2' });
    // alice no longer applies y: bob still owns it, so it stays; x moved to bob
    const a2 = await c.raw.request('PATCH', `${p}?fieldManager=alice`, cfg({}), 'application/apply-patch+yaml');
    expect(a2.body.data).toEqual({ x: '9', y: '2' });
    // bob drops y: nobody owns it any more, so it is removed
    const b2 = await c.raw.request('PATCH', `${p}?fieldManager=bob`, cfg({ x: '9' }), 'application/apply-patch+yaml');
    expect(b2.body.data).toEqual({ x: '9' });
    const noMgr = await c.raw.request('PATCH', p, cfg({}), 'application/apply-patch+yaml');
    expect(noMgr.status).toBe(400);
  });

  it('dryRun=All does not persist', async () => {
    const ns = await c.namespace('dry');
    const r = await c.raw.post(`/api/v1/namespaces/${ns}/configmaps?dryRun=All`, cm('dry', ns));
    expect(r.status).toBe(201);
    expect((await c.raw.get(`/api/v1/namespaces/${ns}/configmaps/dry`)).status).toBe(404);
  });
});

describe('test cluster: controllers and deletion', () => {
  const c = useCluster({ readyDelayMs: 10 });
  it('workloads become ready; jobs complete; PVCs bind; services get a clusterIP', async () => {
    if (c.real) return; // controllers of a real cluster need real images and nodes
    const ns = await c.namespace('ctl');
    const dep = await c.raw.post(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    expect(dep.status).toBe(201);
    const ready = await until(async () => { const d = (await c.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/d`)).body; return d.status?.readyReplicas === 3 ? d : undefined; });
    expect(ready.status).toMatchObject({ observedGeneration: 1, updatedReplicas: 3, availableReplicas: 3 });
    const rs = (await c.raw.get(`/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=app%3Dd`)).body.items;
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.ownerReferences[0]).toMatchObject({ kind: 'Deployment', name: 'd', uid: dep.body.metadata.uid, controller: true });

    const job = await c.raw.post(`/apis/batch/v1/namespaces/${ns}/jobs`, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } });
    expect(job.status).toBe(201);
    const done = await until(async () => { const j = (await c.raw.get(`/apis/batch/v1/namespaces/${ns}/jobs/j`)).body; return j.status?.succeeded ? j : undefined; });
    expect(done.status.conditions[0].type).toBe('Complete');
    await c.raw.post(`/apis/batch/v1/namespaces/${ns}/jobs`, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'f', annotations: { 'tshelm.test/fail': 'true' } }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } });
    const failed = await until(async () => { const j = (await c.raw.get(`/apis/batch/v1/namespaces/${ns}/jobs/f`)).body; return j.status?.failed ? j : undefined; });
    expect(failed.status.conditions[0].type).toBe('Failed');

    await c.raw.post(`/api/v1/namespaces/${ns}/persistentvolumeclaims`, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    await until(async () => ((await c.raw.get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/p`)).body.status?.phase === 'Bound' ? true : undefined));
    const svc = await c.raw.post(`/api/v1/namespaces/${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
    expect(svc.body.spec.clusterIP).toMatch(/^10\.96\./);

    // a test can hold a deployment back and set its status explicitly
    await c.raw.post(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'slow', annotations: { 'tshelm.test/never-ready': 'true' } },
      spec: { selector: { matchLabels: { app: 's' } }, template: { metadata: { labels: { app: 's' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect((await c.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/slow`)).body.status?.readyReplicas).toBeUndefined();
    c.server.setStatus('apps/v1', 'Deployment', ns, 'slow', { readyReplicas: 1, observedGeneration: 1 });
    expect((await c.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/slow`)).body.status.readyReplicas).toBe(1);

    // deleting the Deployment removes its ReplicaSet (Background propagation); Orphan keeps it
    await c.raw.delete(`/apis/apps/v1/namespaces/${ns}/deployments/d`, { propagationPolicy: 'Background' });
    expect((await c.raw.get(`/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=app%3Dd`)).body.items).toHaveLength(0);
    await c.raw.delete(`/apis/apps/v1/namespaces/${ns}/deployments/slow`, { propagationPolicy: 'Orphan' });
    const orphans = (await c.raw.get(`/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=app%3Ds`)).body.items;
    expect(orphans).toHaveLength(1);
    expect(orphans[0].metadata.ownerReferences).toBeUndefined();
  });

  it('finalizers hold deletion until removed', async () => {
    const ns = await c.namespace('fin');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.raw.post(base, { ...cm('f', ns), metadata: { name: 'f', finalizers: ['example.com/hold'] } });
    const d = await c.raw.delete(`${base}/f`);
    expect(d.body.metadata.deletionTimestamp).toBeTruthy();
    expect((await c.raw.get(`${base}/f`)).status).toBe(200);
    await c.raw.patch(`${base}/f`, { metadata: { finalizers: null } }, 'merge');
    expect((await c.raw.get(`${base}/f`)).status).toBe(404);
  });

  it('fault injection: status codes and latency', async () => {
    if (c.real) return;
    c.server.injectFault({ method: 'GET', path: /\/configmaps$/, status: 503, times: 1 });
    const r = await c.raw.get('/api/v1/namespaces/default/configmaps');
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('1');
    expect((await c.raw.get('/api/v1/namespaces/default/configmaps')).status).toBe(200);
    c.server.clearFaults();
  });
});

describe('test cluster: watch', () => {
  const c = useCluster();
  it('streams ADDED/MODIFIED/DELETED events after the list resourceVersion', async () => {
    if (c.real) return; // rawClient has no streaming; a real cluster's watch is kubectl's business
    const ns = await c.namespace('watch');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.raw.post(base, cm('before', ns));
    const list = (await c.raw.get(base)).body;
    const url = new URL(c.server ? base : base, 'http://x');
    const kc = (await import('node:fs')).readFileSync(c.kubeconfigPath, 'utf8');
    const server = /server: (\S+)/.exec(kc)![1];
    const ac = new AbortController();
    const res = await fetch(`${server}${url.pathname}?watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=10`, { signal: ac.signal });
    const reader = res.body!.getReader();
    const events: any[] = [];
    let buf = '';
    const next = async () => {
      while (!buf.includes('\n')) { const { value, done } = await reader.read(); if (done) throw new Error('watch closed'); buf += Buffer.from(value).toString('utf8'); }
      const i = buf.indexOf('\n');
      const line = buf.slice(0, i); buf = buf.slice(i + 1);
      const ev = JSON.parse(line); events.push(ev); return ev;
    };
    await c.raw.post(base, cm('after', ns));
    expect(await next()).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'after' } } });
    await c.raw.patch(`${base}/after`, { data: { a: '2' } });
    const mod = await next();
    expect(mod.type).toBe('MODIFIED');
    expect(mod.object.data.a).toBe('2');
    await c.raw.delete(`${base}/before`);
    expect(await next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'before' } } });
    ac.abort();
    // without a resourceVersion the watch starts with the current objects as ADDED
    const ac2 = new AbortController();
    const res2 = await fetch(`${server}${url.pathname}?watch=true&timeoutSeconds=1`, { signal: ac2.signal });
    const text = await res2.text();
    expect(text.trim().split('\n').map((l) => JSON.parse(l)).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED after']);
  });
});

describe('test cluster: TLS', () => {
  const c = useCluster({ tls: true });
  it('serves https with a generated CA and client certificates', async () => {
    if (!c.real) expect(c.server).toBeTruthy();
    const r = await c.raw.get('/api/v1/namespaces/default');
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('Namespace');
  });
});
