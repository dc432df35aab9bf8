// An in-memory KubeClient for release tests: objects keyed by kind/namespace/name, label selectors k=v[,k=v].
import yaml from 'js-yaml';
import type { KubeClient, KObject, ObjectRef } from '../../../src/kube/types.js';
import { KubeApiError } from '../../../src/kube/types.js';

export class FakeKube implements KubeClient {
  readonly contextName = 'fake';
  readonly kubeconfigPaths: string[] = [];
  objects = new Map<string, KObject>();
  calls: string[] = [];
  rv = 1;
  failCreate?: (o: KObject) => boolean;
  failWait: boolean | number = false;
  constructor(readonly namespace = 'default') {}

  key(r: { kind: string; name: string; namespace?: string }): string {
    return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
  }
  async get(ref: ObjectRef): Promise<KObject | null> {
    const o = this.objects.get(this.key(ref));
    return o ? structuredClone(o) : null;
  }
  async list(_api: string, kind: string, opts: { namespace?: string; labelSelector?: string } = {}): Promise<KObject[]> {
    const sel = (opts.labelSelector ?? '').split(',').filter(Boolean).map((p) => p.split('='));
    return [...this.objects.values()].filter((o) => o.kind === kind && (!opts.namespace || o.metadata.namespace === opts.namespace) &&
      sel.every(([k, v]) => o.metadata.labels?.[k] === v)).map((o) => structuredClone(o));
  }
  async create(obj: KObject): Promise<KObject> {
    this.calls.push(`create ${obj.kind}/${obj.metadata.name}`);
    if (this.failCreate?.(obj)) throw new KubeApiError(`admission webhook denied ${obj.metadata.name}`, 422, 'Invalid', {});
    const k = this.key({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
    if (this.objects.has(k)) throw new KubeApiError(`${obj.kind} "${obj.metadata.name}" already exists`, 409, 'AlreadyExists', {});
    const o = structuredClone(obj);
    o.metadata.resourceVersion = String(this.rv++);
    this.objects.set(k, o);
    return structuredClone(o);
  }
  async update(obj: KObject): Promise<KObject> {
    this.calls.push(`update ${obj.kind}/${obj.metadata.name}`);
    const k = this.key({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
    const cur = this.objects.get(k);
    if (!cur) throw new KubeApiError('not found', 404, 'NotFound', {});
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      throw new KubeApiError('conflict', 409, 'Conflict', {});
    }
    const o = structuredClone(obj);
    o.metadata.resourceVersion = String(this.rv++);
    this.objects.set(k, o);
    return structuredClone(o);
  }
  async delete(ref: ObjectRef): Promise<boolean> {
    this.calls.push(`delete ${ref.kind}/${ref.name}`);
    return this.objects.delete(this.key(ref));
  }
  async patch(ref: ObjectRef): Promise<KObject> {
    const o = this.objects.get(this.key(ref));
    if (!o) throw new KubeApiError('not found', 404, 'NotFound', {});
    return o;
  }
  async isNamespaced(_a: string, kind: string): Promise<boolean> {
    return !['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'PodSecurityPolicy'].includes(kind);
  }
  async build(manifest: string, opts: { namespace?: string } = {}): Promise<KObject[]> {
    const out: KObject[] = [];
    for (const d of yaml.loadAll(manifest)) {
      if (!d || typeof d !== 'object') continue;
      const o = d as KObject;
      if (!o.metadata.namespace && (await this.isNamespaced(o.apiVersion, o.kind))) o.metadata.namespace = opts.namespace ?? this.namespace;
      out.push(o);
    }
    return out;
  }
  async createResources(objs: KObject[]): Promise<void> {
    for (const o of objs) await this.create(o);
  }
  async updateResources(original: KObject[], target: KObject[]) {
    const created: KObject[] = [], updated: KObject[] = [], deleted: KObject[] = [];
    for (const t of target) {
      const k = this.key({ kind: t.kind, name: t.metadata.name, namespace: t.metadata.namespace });
      if (this.objects.has(k)) { this.calls.push(`update ${t.kind}/${t.metadata.name}`); const o = structuredClone(t); o.metadata.resourceVersion = String(this.rv++); this.objects.set(k, o); updated.push(t); }
      else { await this.create(t); created.push(t); }
    }
    const tk = new Set(target.map((t) => this.key({ kind: t.kind, name: t.metadata.name, namespace: t.metadata.namespace })));
    for (const o of original) {
      const k = this.key({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace });
      if (!tk.has(k) && this.objects.delete(k)) { this.calls.push(`delete ${o.kind}/${o.metadata.name}`); deleted.push(o); }
    }
    return { created, updated, deleted };
  }
  async deleteResources(objs: KObject[]): Promise<void> {
    for (const o of objs) await this.delete({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace });
  }
  async waitForResources(objs: KObject[]): Promise<void> {
    this.calls.push(`wait ${objs.length}`);
    if (typeof this.failWait === 'number') { if (this.failWait-- > 0) throw new Error('timed out waiting for the condition'); return; }
    if (this.failWait) throw new Error('timed out waiting for the condition');
  }
  async waitForDelete(): Promise<void> {}
  async lookup(): Promise<unknown> { return {}; }
}
