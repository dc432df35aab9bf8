// KubeClient: CRUD over the REST mapping, and Helm's kube.Client operations (build, create in install order,
// three-way/server-side update, delete, wait, lookup).
import { parseYamlDocuments } from '../funcs/yaml.js';
import { Discovery, NoKindMatchError, resourcePath, splitApiVersion, type RestMapping } from './discovery.js';
import type { HttpClient } from './http.js';
import { sleep } from './http.js';
import { describeSource, type RestConfig } from './kubeconfig.js';
import { labelSelectorString } from './labels.js';
import { INSTALL_ORDER, UNINSTALL_ORDER, boundedAll, kindGroups, sortByKind } from './order.js';
import { builtinSchema, createMergePatch, createThreeWayMergePatch, isBuiltinApiVersion } from './patch.js';
import { findNewReplicaSet, notReadyReason, terminalFailure } from './ready.js';
import { KubeApiError, type KObject, type KubeClient, type ObjectRef, type UpdateOptions } from './types.js';

const CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface ClientTuning {
  /** Objects of one kind group in flight at once (default 16). */
  concurrency?: number;
  /** Poll interval of waits in ms (default 2000, first poll at once). */
  pollMs?: number;
  /** Helm's debug log (--debug). */
  log?: (msg: string) => void;
}

const groupKind = (o: { apiVersion: string; kind: string }) => `${splitApiVersion(o.apiVersion).group}/${o.kind}`;
/** The same object: group, kind, name and namespace (Helm's ResourceList.Contains / isMatchingInfo). */
export const same = (a: KObject | ObjectRef, b: KObject | ObjectRef) =>
  groupKind(a) === groupKind(b) && name(a) === name(b) && (ns(a) ?? '') === (ns(b) ?? '');
const name = (o: KObject | ObjectRef) => ('metadata' in o ? o.metadata.name : o.name);
const ns = (o: KObject | ObjectRef) => ('metadata' in o ? o.metadata.namespace : o.namespace);

export function refOf(o: KObject): ObjectRef {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, namespace: o.metadata?.namespace };
}

export function describeRef(o: KObject | ObjectRef): string {
  const n = ns(o);
  return `${o.kind} ${n ? `${n}/` : ''}${name(o)}`;
}

export class Client implements KubeClient {
  readonly namespace: string;
  readonly contextName: string;
  readonly kubeconfigPaths: string[];
  readonly discovery: Discovery;
  private concurrency: number;
  private pollMs: number;
  private log: (msg: string) => void;

  constructor(
    readonly http: HttpClient,
    readonly config: RestConfig,
    cacheDir?: string,
    tuning: ClientTuning = {},
  ) {
    this.namespace = config.namespace;
    this.contextName = config.contextName;
    this.kubeconfigPaths = config.kubeconfigPaths;
    this.discovery = new Discovery(http, cacheDir);
    this.concurrency = tuning.concurrency ?? 16;
    this.pollMs = tuning.pollMs ?? 2000;
    this.log = tuning.log ?? (() => {});
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  describeSource(): string {
    return describeSource(this.config);
  }

  async mapping(apiVersion: string, kind: string): Promise<RestMapping> {
    return this.discovery.mapping(apiVersion, kind);
  }

  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.mapping(apiVersion, kind)).namespaced;
  }

  private async path(ref: ObjectRef, withName = true): Promise<string> {
    const m = await this.mapping(ref.apiVersion, ref.kind);
    return resourcePath(m, m.namespaced ? ref.namespace || this.namespace : undefined, withName ? ref.name : undefined);
  }

  async get(ref: ObjectRef): Promise<KObject | null> {
    return this.http.request<KObject | null>('GET', await this.path(ref), { allow404: true });
  }

  /** GET as a metav1.Table (Helm's BuildTable transformRequests: Table, else the plain object); null on 404. */
  async getTable(ref: ObjectRef): Promise<unknown> {
    return this.http.request('GET', await this.path(ref), { allow404: true, accept: TABLE_ACCEPT, query: { includeObject: 'Object' } });
  }

  /** LIST as a metav1.Table (the related pods of `status --show-resources`). */
  async listTable(apiVersion: string, kind: string, opts: { namespace?: string; labelSelector?: string } = {}): Promise<unknown> {
    const m = await this.mapping(apiVersion, kind);
    return this.http.request('GET', resourcePath(m, m.namespaced ? (opts.namespace ?? this.namespace) : undefined), {
      accept: TABLE_ACCEPT, query: { includeObject: 'Object', labelSelector: opts.labelSelector },
    });
  }

  /** One LIST request, the list object whole; items without apiVersion/kind get the list's version and the kind
   *  without "List" (apimachinery's UnstructuredList decoding). */
  async listObject(apiVersion: string, kind: string, opts: { namespace?: string; labelSelector?: string } = {}): Promise<KObject> {
    const m = await this.mapping(apiVersion, kind);
    const r = await this.http.request<KObject & { items?: KObject[] }>('GET', resourcePath(m, m.namespaced ? (opts.namespace ?? this.namespace) : undefined), {
      query: { labelSelector: opts.labelSelector },
    });
    const listVersion = r?.apiVersion ?? apiVersion;
    const itemKind = (r?.kind ?? `${kind}List`).replace(/List$/, '');
    const items = (r?.items ?? []).map((it) => (it.apiVersion || it.kind ? it : { ...it, apiVersion: listVersion, kind: itemKind }));
    return { ...(r ?? { apiVersion, kind: `${kind}List`, metadata: {} as KObject['metadata'] }), items } as KObject;
  }

  async list(apiVersion: string, kind: string, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string; allNamespaces?: boolean } = {}): Promise<KObject[]> {
    const m = await this.mapping(apiVersion, kind);
    const namespace = m.namespaced && !opts.allNamespaces ? (opts.namespace ?? this.namespace) : undefined;
    const items: KObject[] = [];
    let cont: string | undefined;
    do {
      const r = await this.http.request<{ items?: KObject[]; metadata?: { continue?: string } }>('GET', resourcePath(m, namespace), {
        query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: '500', continue: cont },
      });
      for (const it of r?.items ?? []) items.push({ ...it, apiVersion: it.apiVersion ?? apiVersion, kind: it.kind ?? kind });
      cont = r?.metadata?.continue || undefined;
    } while (cont);
    return items;
  }

  async create(obj: KObject, opts: { dryRun?: boolean; fieldManager?: string } = {}): Promise<KObject> {
    const m = await this.mappingForObject(obj);
    const body = m.namespaced ? obj : stripNamespace(obj);
    const r = await this.http.request<KObject>('POST', resourcePath(m, m.namespaced ? obj.metadata.namespace || this.namespace : undefined), {
      body,
      query: { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager },
    });
    if (obj.kind === 'CustomResourceDefinition') this.discovery.invalidate();
    return r;
  }

  async update(obj: KObject, opts: { dryRun?: boolean; fieldManager?: string } = {}): Promise<KObject> {
    const m = await this.mappingForObject(obj);
    const r = await this.http.request<KObject>('PUT', resourcePath(m, m.namespaced ? obj.metadata.namespace || this.namespace : undefined, obj.metadata.name), {
      body: m.namespaced ? obj : stripNamespace(obj),
      query: { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager },
    });
    if (obj.kind === 'CustomResourceDefinition') this.discovery.invalidate();
    return r;
  }

  async delete(ref: ObjectRef, opts: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' } = {}): Promise<boolean> {
    const r = await this.http.request('DELETE', await this.path(ref), {
      allow404: true,
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: opts.propagationPolicy ?? 'Background' },
    });
    if (ref.kind === 'CustomResourceDefinition') this.discovery.invalidate();
    return r !== null;
  }

  async patch(ref: ObjectRef, patch: unknown, type: 'merge' | 'json' | 'strategic' | 'apply', opts: { fieldManager?: string; force?: boolean; dryRun?: boolean } = {}): Promise<KObject> {
    const fieldManager = opts.fieldManager ?? (type === 'apply' ? 'helm' : undefined);
    const r = await this.http.request<KObject>('PATCH', await this.path(ref), {
      body: patch,
      contentType: CONTENT_TYPES[type],
      // PATCH is safe to retry for merge/strategic/apply patches (they state the end result), not JSON patches
      idempotent: type !== 'json',
      query: { fieldManager, force: type === 'apply' && opts.force ? 'true' : undefined, dryRun: opts.dryRun ? 'All' : undefined },
    });
    if (ref.kind === 'CustomResourceDefinition') this.discovery.invalidate();
    return r;
  }

  /** The mapping of an object's kind; a kind whose CRD was just created may take a moment to be served. */
  private async mappingForObject(obj: { apiVersion: string; kind: string }): Promise<RestMapping> {
    for (let i = 0; ; i++) {
      try {
        return await this.mapping(obj.apiVersion, obj.kind);
      } catch (e) {
        if (!(e instanceof NoKindMatchError) || i >= 5 || isBuiltinApiVersion(obj.apiVersion)) throw e;
        await sleep(200 * 2 ** i);
        this.discovery.invalidate();
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Helm's kube.Client level

  /** Helm's kube.Client.Build. With strict, every object's kind must be served (as the REST mapping of Helm's
   *  resource builder): the unmapped ones fail the build with the builder's words, all of them (ContinueOnError),
   *  and nothing is returned; otherwise an unknown kind (its CRD not installed yet) is taken as namespaced. */
  async build(manifest: string, opts: { namespace?: string; strict?: boolean } = {}): Promise<KObject[]> {
    const docs = parseYamlDocuments(manifest);
    const out: KObject[] = [];
    const errors: string[] = [];
    // one REST mapping per kind for the whole manifest: an unserved kind is not re-discovered for each object
    const scopes = new Map<string, Promise<boolean>>();
    const isNamespaced = (o: KObject): Promise<boolean> => {
      const key = `${o.apiVersion}\0${o.kind}`;
      let p = scopes.get(key);
      if (!p) scopes.set(key, (p = this.isNamespaced(o.apiVersion, o.kind)));
      return p;
    };
    const add = async (o: KObject) => {
      try {
        out.push(await this.fillNamespace(o, isNamespaced(o), opts.namespace, !!opts.strict));
      } catch (e) {
        if (!(e instanceof NoKindMatchError)) throw e;
        errors.push(mappingNotFound(o, e));
      }
    };
    for (const d of docs) {
      if (d === null || d === undefined) continue;
      if (typeof d !== 'object' || Array.isArray(d)) throw new Error(`error validating data: a manifest document is not a YAML mapping`);
      const o = JSON.parse(JSON.stringify(d)) as KObject;
      if (Object.keys(o).length === 0) continue;
      if (!o.apiVersion) throw new Error(`error validating data: apiVersion not set${o.kind ? ` (kind ${o.kind})` : ''}`);
      if (!o.kind) throw new Error(`error validating data: kind not set (apiVersion ${o.apiVersion})`);
      if (!o.metadata || typeof o.metadata !== 'object') o.metadata = { name: '' };
      if (o.kind.endsWith('List') && Array.isArray(o.items)) {
        for (const it of o.items as KObject[]) await add(it);
        continue;
      }
      await add(o);
    }
    if (errors.length) throw new BuildError(aggregate(errors));
    return out;
  }

  private async fillNamespace(o: KObject, scope: Promise<boolean>, namespace: string | undefined, strict: boolean): Promise<KObject> {
    let namespaced = true;
    try {
      namespaced = await scope;
    } catch (e) {
      if (strict || !(e instanceof NoKindMatchError)) throw e; // unknown kind (CRD not installed yet): assume namespaced
    }
    if (!o.metadata || typeof o.metadata !== 'object') o.metadata = { name: '' };
    if (namespaced) {
      if (!o.metadata.namespace) o.metadata.namespace = namespace ?? this.namespace;
    } else if (o.metadata.namespace !== undefined) {
      delete o.metadata.namespace;
    }
    return o;
  }

  /** Create every object, in install order, consecutive objects of one kind concurrently. */
  async createResources(objs: KObject[]): Promise<void> {
    for (const group of kindGroups(sortByKind(objs, INSTALL_ORDER))) {
      await boundedAll(group, this.concurrency, async (o) => {
        try {
          await this.create(o);
        } catch (e) {
          throw wrap(e, `failed to create resource ${describeRef(o)}`);
        }
      });
    }
  }

  async updateResources(original: KObject[], target: KObject[], opts: UpdateOptions = {}): Promise<{ created: KObject[]; updated: KObject[]; deleted: KObject[] }> {
    const created: KObject[] = [];
    const updated: KObject[] = [];
    const deleted: KObject[] = [];
    const fieldManager = opts.fieldManager ?? 'helm';
    for (const group of kindGroups(sortByKind(target, INSTALL_ORDER))) {
      await boundedAll(group, this.concurrency, async (t) => {
        const ref = refOf(t);
        let live: KObject | null;
        try {
          live = await this.get(ref);
        } catch (e) {
          throw wrap(e, `could not get information about the resource ${describeRef(t)}`);
        }
        if (!live) {
          try {
            if (opts.serverSide) await this.patch(ref, t, 'apply', { fieldManager, force: opts.forceConflicts });
            else await this.create(t);
          } catch (e) {
            throw wrap(e, `failed to create resource ${describeRef(t)}`);
          }
          created.push(t);
          return;
        }
        try {
          if (opts.serverSide) {
            await this.patch(ref, t, 'apply', { fieldManager, force: opts.forceConflicts });
          } else if (opts.force) {
            const replacement = structuredClone(t);
            replacement.metadata.resourceVersion = live.metadata.resourceVersion;
            await this.update(replacement);
          } else {
            // an object not in the old release (adopted) is its own original, as in Helm: only live → target changes
            const old = original.find((o) => same(o, t)) ?? t;
            const { patch, type } = createUpdatePatch(old, t, live, opts.threeWay !== false);
            // no changes: nothing to send, but the object counts as updated (Helm's Result.Updated; --recreate-pods)
            if (Object.keys(patch).length > 0) await this.patch(ref, patch, type);
          }
        } catch (e) {
          throw wrap(e, opts.force ? `failed to replace object ${describeRef(t)}` : `cannot patch "${t.metadata.name}" with kind ${t.kind}`);
        }
        updated.push(t);
      });
    }
    const removed = original.filter((o) => !target.some((t) => same(o, t)));
    for (const o of sortByKind(removed, UNINSTALL_ORDER)) {
      try {
        // Helm's Update reads the policy from the live object only (someone may have annotated it to keep it, or
        // removed the annotation), and as written: exactly "keep" (uninstall's filterManifestsToKeep trims and
        // ignores case, reading the manifest)
        const live = await this.get(refOf(o));
        if (!live || live.metadata?.annotations?.['helm.sh/resource-policy'] === 'keep') continue;
        if (await this.delete(refOf(o), { propagationPolicy: 'Background' })) deleted.push(o);
      } catch (e) {
        // Helm's Update logs a failed delete of a dropped object and carries on: the upgrade still succeeds
        if (!(e instanceof NoKindMatchError)) this.log(`Failed to delete ${JSON.stringify(o.metadata?.name ?? '')}, err: ${(e as Error).message}`);
      }
    }
    return { created, updated, deleted };
  }

  async deleteResources(objs: KObject[], opts: { propagationPolicy?: string; wait?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const policy = (opts.propagationPolicy ?? 'Background') as 'Background' | 'Foreground' | 'Orphan';
    const errors: string[] = [];
    const gone: KObject[] = [];
    for (const group of kindGroups(sortByKind(objs, UNINSTALL_ORDER))) {
      await boundedAll(group, this.concurrency, async (o) => {
        try {
          await this.delete(refOf(o), { propagationPolicy: policy });
          gone.push(o);
        } catch (e) {
          if (e instanceof NoKindMatchError) return;
          errors.push(`${describeRef(o)}: ${(e as Error).message}`);
        }
      });
    }
    if (opts.wait) await this.waitForDelete(gone, opts.timeoutMs ?? 300_000);
    if (errors.length) throw new Error(`failed to delete ${errors.length} resource(s):\n- ${errors.join('\n- ')}`);
  }

  async waitForResources(objs: KObject[], opts: { timeoutMs: number; waitForJobs?: boolean; onPending?: (msg: string) => void }): Promise<void> {
    const deadline = Date.now() + opts.timeoutMs;
    let pending: { o: KObject; why: string; live?: KObject | null }[] = [];
    let interval = Math.min(this.pollMs, 500);
    for (;;) {
      pending = [];
      const failed: string[] = [];
      await boundedAll(objs, this.concurrency, async (o) => {
        let live: KObject | null;
        try {
          live = await this.get(refOf(o));
        } catch (e) {
          if (e instanceof KubeApiError && (e.status >= 500 || e.status === 429)) {
            pending.push({ o, why: e.message });
            return;
          }
          throw e;
        }
        if (!live) pending.push({ o, why: 'not found' });
        else {
          const fatal = terminalFailure(live, { waitForJobs: opts.waitForJobs });
          if (fatal) { failed.push(fatal); return; }
          let newReplicaSet: KObject | null | undefined;
          try {
            newReplicaSet = live.kind === 'Deployment' && !(live as any).spec?.paused ? await this.newReplicaSet(live) : undefined;
          } catch (e) {
            if (e instanceof KubeApiError && (e.status >= 500 || e.status === 429)) { pending.push({ o, why: e.message, live }); return; }
            throw e;
          }
          const why = notReadyReason(live, { waitForJobs: opts.waitForJobs, newReplicaSet });
          if (why) pending.push({ o, why, live });
        }
      });
      // a failed Job (or Pod) cannot become ready: say so now instead of at the timeout
      if (failed.length) throw new Error(failed.join('; '));
      if (pending.length === 0) return;
      opts.onPending?.(`waiting for ${pending.length} resource(s): ${pending.map((p) => `${describeRef(p.o)} (${p.why})`).join(', ')}`);
      if (Date.now() >= deadline) break;
      await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
      interval = Math.min(this.pollMs, interval * 2);
    }
    const lines: string[] = [];
    for (const p of pending) {
      let line = `- ${describeRef(p.o)}: ${p.why}`;
      const events = await this.warningEvents(p.o).catch(() => []);
      if (events.length) line += `\n    warning events: ${events.slice(-3).join('; ')}`;
      lines.push(line);
    }
    throw new Error(`timed out waiting for the condition after ${Math.round(opts.timeoutMs / 1000)}s; ${pending.length} resource(s) not ready:\n${lines.join('\n')}`);
  }

  /** The Deployment's new ReplicaSet (Helm's deploymentutil.GetNewReplicaSet); undefined when it cannot be listed. */
  private async newReplicaSet(dep: KObject): Promise<KObject | null | undefined> {
    try {
      const rss = await this.list('apps/v1', 'ReplicaSet', {
        namespace: dep.metadata.namespace ?? this.namespace,
        labelSelector: labelSelectorString((dep as any).spec?.selector) || undefined,
      });
      return findNewReplicaSet(dep, rss);
    } catch (e) {
      if (e instanceof KubeApiError && (e.status === 403 || e.status === 404)) return undefined;
      throw e;
    }
  }

  private async warningEvents(o: KObject): Promise<string[]> {
    const evs = await this.list('v1', 'Event', {
      namespace: o.metadata.namespace ?? this.namespace,
      fieldSelector: `involvedObject.name=${o.metadata.name},involvedObject.kind=${o.kind},type=Warning`,
    });
    return evs.map((e) => `${(e as any).reason ?? ''}: ${(e as any).message ?? ''}`.trim());
  }

  async waitForDelete(objs: KObject[], timeoutMs: number, onPending?: (msg: string) => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let interval = Math.min(this.pollMs, 250);
    for (;;) {
      const left: KObject[] = [];
      await boundedAll(objs, this.concurrency, async (o) => {
        try {
          if (await this.get(refOf(o))) left.push(o);
        } catch (e) {
          if (!(e instanceof NoKindMatchError)) throw e;
        }
      });
      if (left.length === 0) return;
      onPending?.(`waiting for the deletion of ${left.length} resource(s): ${left.map(describeRef).join(', ')}`);
      if (Date.now() >= deadline) throw new Error(`timed out waiting for the deletion of: ${left.map(describeRef).join(', ')}`);
      await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
      interval = Math.min(this.pollMs, interval * 2);
    }
  }

  async lookup(apiVersion: string, kind: string, namespace: string, objName: string): Promise<unknown> {
    const m = await this.mapping(apiVersion, kind);
    const nsPart = m.namespaced && namespace !== '' ? namespace : undefined;
    if (objName === '') {
      const r = await this.http.request('GET', resourcePath(m, nsPart), { allow404: true });
      return r ?? {};
    }
    if (m.namespaced && !nsPart) {
      // Helm lists across namespaces is only for name == ""; a namespaced get without namespace finds nothing
      return {};
    }
    const r = await this.http.request('GET', resourcePath(m, nsPart, objName), { allow404: true });
    return r ?? {};
  }

  async podLogs(namespace: string, podName: string): Promise<string> {
    return this.http.request<string>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(podName)}/log`, { text: true });
  }

  async serverVersion() {
    return this.discovery.serverVersion();
  }

  invalidateDiscovery(): void {
    this.discovery.invalidate();
  }

  async apiVersions(): Promise<string[]> {
    return this.discovery.apiVersions();
  }
}

/** The patch Helm 3 sends on upgrade for one object. */
export function createUpdatePatch(original: KObject, target: KObject, live: KObject, threeWay = true): { patch: Record<string, unknown>; type: 'strategic' | 'merge' } {
  const builtin = isBuiltinApiVersion(target.apiVersion) && !(target.kind === 'CustomResourceDefinition' && target.apiVersion === 'apiextensions.k8s.io/v1beta1');
  if (!builtin) return { patch: createMergePatch(original, target), type: 'merge' };
  const schema = builtinSchema(target.kind);
  return { patch: createThreeWayMergePatch(original, target, threeWay ? live : original, schema), type: 'strategic' };
}

/** A manifest the cluster cannot map (Helm's Build error). */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/** cli-runtime's mapper error for a kind no API serves (the manifest's own name and namespace, source ""). */
function mappingNotFound(o: KObject, e: NoKindMatchError): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return `resource mapping not found for name: ${JSON.stringify(str(o.metadata?.name))} namespace: ${JSON.stringify(str(o.metadata?.namespace))} from "": ${e.noMatch}\nensure CRDs are installed first`;
}

/** utilerrors.NewAggregate(...).Error(): one message as is; several (duplicates dropped) as "[a, b]". */
function aggregate(msgs: string[]): string {
  const uniq = [...new Set(msgs)];
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

function stripNamespace(o: KObject): KObject {
  if (o.metadata?.namespace === undefined) return o;
  const { namespace: _, ...md } = o.metadata;
  return { ...o, metadata: md as KObject['metadata'] };
}

function wrap(e: unknown, context: string): Error {
  if (e instanceof KubeApiError) {
    const w = new KubeApiError(`${context}: ${e.message}`, e.status, e.reason, e.body);
    return w;
  }
  if (e instanceof Error && e.name === 'KubeConfigError') return e; // unreachable: one clear line already
  return new Error(`${context}: ${(e as Error)?.message ?? String(e)}`);
}
