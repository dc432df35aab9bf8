import { describe, expect, it } from 'vitest';
import {
  applyMergePatch,
  applyStrategicMergePatch,
  builtinSchema,
  createMergePatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
} from '../../../src/kube/patch.js';
import { createUpdatePatch } from '../../../src/kube/client.js';

const dep = builtinSchema('Deployment');

describe('JSON merge patch (RFC 7386, evanphx CreateMergePatch)', () => {
  it('sets changed, adds new, nulls removed keys; arrays replaced whole', () => {
    const a = { a: 1, b: { c: 2, d: 3 }, l: [1, 2], gone: 'x' };
    const b = { a: 1, b: { c: 5, d: 3 }, l: [1], n: true };
    const p = createMergePatch(a, b);
    expect(p).toEqual({ b: { c: 5 }, l: [1], n: true, gone: null });
    expect(applyMergePatch(a, p)).toEqual(b);
  });
  it('no change gives {}', () => {
    expect(createMergePatch({ a: { b: [1] } }, { a: { b: [1] } })).toEqual({});
  });
});

describe('strategic merge patch (apimachinery vectors)', () => {
  it('two-way: merge-key list change emits the element and $setElementOrder', () => {
    const orig = { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } } };
    const mod = { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }, { name: 'b', image: 'b:1' }] } } } };
    expect(createTwoWayMergePatch(orig, mod, dep)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }], '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }] } } },
    });
  });
  it('two-way: a removed element becomes a $patch: delete directive', () => {
    const orig = { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } };
    const mod = { spec: { template: { spec: { containers: [{ name: 'a' }] } } } };
    expect(createTwoWayMergePatch(orig, mod, dep)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'b', $patch: 'delete' }], '$setElementOrder/containers': [{ name: 'a' }] } } },
    });
  });
  it('primitive merge lists use $deleteFromPrimitiveList', () => {
    const p = createTwoWayMergePatch({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { finalizers: ['a', 'c'] } }, dep);
    expect(p).toEqual({ metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['a', 'c'] } });
    expect(applyStrategicMergePatch({ metadata: { finalizers: ['a', 'b'] } }, p, dep)).toEqual({ metadata: { finalizers: ['a', 'c'] } });
  });
  it('lists without a merge key (args, tolerations) are replaced', () => {
    const o = { spec: { template: { spec: { tolerations: [{ key: 'x' }] } } } };
    const m = { spec: { template: { spec: { tolerations: [{ key: 'y' }] } } } };
    expect(createTwoWayMergePatch(o, m, dep)).toEqual(m);
  });
  it('three-way keeps fields set by others on the live object (Helm 3 upgrade)', () => {
    const original = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } } } };
    const modified = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }] }] } } } };
    const live = {
      metadata: { name: 'web', labels: { app: 'web', extra: 'kept' }, resourceVersion: '7' },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'INJECTED', value: 'x' }] }, { name: 'sidecar', image: 'envoy' }] } } },
    };
    const patch = createThreeWayMergePatch(original, modified, live, dep);
    // replicas was changed live (3) but the chart says 1: the chart wins, as in Helm 3
    expect((patch.spec as any).replicas).toBe(1);
    const result = applyStrategicMergePatch(live, patch, dep) as any;
    expect(result.metadata.labels).toEqual({ app: 'web', extra: 'kept' });
    const containers = result.spec.template.spec.containers;
    expect(containers.map((c: any) => c.name)).toEqual(['web', 'sidecar']);
    expect(containers[0].image).toBe('nginx:2');
    expect(containers[0].env.map((e: any) => e.name)).toEqual(['A', 'INJECTED']);
  });
  it('three-way deletes a field that was in the old manifest and is gone from the new one', () => {
    const original = { data: { a: '1', b: '2' } };
    const modified = { data: { a: '1' } };
    const live = { data: { a: '1', b: '2', c: 'server' } };
    const patch = createThreeWayMergePatch(original, modified, live, builtinSchema('ConfigMap'));
    expect(patch).toEqual({ data: { b: null } });
  });
  it('three-way with no changes gives {}', () => {
    const o = { spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    expect(createThreeWayMergePatch(o, o, { ...o, status: {} }, builtinSchema('Service'))).toEqual({});
  });
  it('Service ports merge on port; container ports on containerPort', () => {
    const svc = builtinSchema('Service');
    const p = createTwoWayMergePatch({ spec: { ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] } }, { spec: { ports: [{ port: 80, name: 'web' }, { port: 443, name: 'https' }] } }, svc);
    expect(p).toEqual({ spec: { ports: [{ port: 80, name: 'web' }], '$setElementOrder/ports': [{ port: 80 }, { port: 443 }] } });
    const pod = builtinSchema('Pod');
    const q = createTwoWayMergePatch({ spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } }, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } }, pod) as any;
    expect(q.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });
  it('createUpdatePatch: strategic for built-ins, merge (old→new) for custom resources', () => {
    const cr = (v: number) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: v, list: [1, 2] } });
    const r = createUpdatePatch(cr(1), cr(2), { ...cr(1), status: { ok: true } });
    expect(r.type).toBe('merge');
    expect(r.patch).toEqual({ spec: { size: 2 } });
    const cm = (v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: v } });
    const s = createUpdatePatch(cm('a'), cm('b'), cm('a'));
    expect(s.type).toBe('strategic');
    expect(s.patch).toEqual({ data: { k: 'b' } });
  });
});
