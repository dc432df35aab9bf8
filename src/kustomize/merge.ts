// Strategic merge patches as kustomize applies them (kyaml's merge2 walker): maps merge field by field, a null
// removes a field, lists of built-in kinds merge by their patch merge key where the Kubernetes schema gives one
// and are replaced otherwise, lists of other kinds are replaced; `$patch: delete|replace` directives are honoured.
import { KustomizeError } from './errors.js';
import type { Obj } from './resource.js';

const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'events.k8s.io', 'node.k8s.io', 'flowcontrol.apiserver.k8s.io', 'extensions',
]);

export function hasBuiltinSchema(apiVersion: string): boolean {
  const i = apiVersion.lastIndexOf('/');
  return BUILTIN_GROUPS.has(i < 0 ? '' : apiVersion.slice(0, i));
}

const CONTAINERS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The merge strategy of a list field of a built-in kind: its merge key, '' for a merged primitive list, or
 *  undefined when the list is replaced. `path` holds the field names from the root (list levels skipped). */
export function listMergeKey(kind: string, path: string[]): string | undefined {
  const f = path[path.length - 1];
  const parent = path[path.length - 2];
  if (CONTAINERS.has(f)) return 'name';
  if (parent !== undefined && CONTAINERS.has(parent)) {
    switch (f) {
      case 'ports':
        return 'containerPort';
      case 'env':
        return 'name';
      case 'volumeMounts':
        return 'mountPath';
      case 'volumeDevices':
        return 'devicePath';
      case 'resizePolicy':
        return 'resourceName';
    }
    return undefined;
  }
  if (path.length === 2 && path[0] === 'metadata') {
    if (f === 'finalizers') return '';
    if (f === 'ownerReferences') return 'uid';
  }
  if (kind === 'Service' && path.join('/') === 'spec/ports') return 'port';
  if (kind === 'ServiceAccount' && path.join('/') === 'secrets') return 'name';
  if ((kind === 'MutatingWebhookConfiguration' || kind === 'ValidatingWebhookConfiguration') && path.join('/') === 'webhooks') return 'name';
  if (parent === 'spec') {
    switch (f) {
      case 'volumes':
      case 'imagePullSecrets':
      case 'schedulingGates':
      case 'resourceClaims':
        return 'name';
      case 'hostAliases':
        return 'ip';
      case 'topologySpreadConstraints':
        return 'topologyKey';
    }
  }
  if (f === 'conditions') return 'type';
  return undefined;
}

export interface MergeContext {
  kind: string;
  builtin: boolean;
}

/** Merge `patch` into `dest` (both plain objects); returns the merged value, or undefined when the patch deletes. */
export function strategicMerge(dest: unknown, patch: unknown, ctx: MergeContext, path: string[] = []): unknown {
  if (!isMap(patch)) return patch;
  const directive = patch.$patch;
  if (directive !== undefined && directive !== 'delete' && directive !== 'replace' && directive !== 'merge') {
    throw new KustomizeError(`unknown patch strategy: ${directive}`);
  }
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  const out: Obj = isMap(dest) ? { ...dest } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder/') || k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f]) && Array.isArray(v)) out[f] = out[f].filter((x: unknown) => !v.includes(x as never));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const kp = [...path, k];
    const cur = out[k];
    if (Array.isArray(v)) out[k] = mergeList(cur, v, ctx, kp);
    else if (isMap(v)) {
      const m = strategicMerge(cur, v, ctx, kp);
      if (m === undefined) delete out[k];
      else out[k] = m;
    } else out[k] = v;
  }
  return out;
}

function mergeList(cur: unknown, v: unknown[], ctx: MergeContext, path: string[]): unknown[] {
  const key = ctx.builtin ? listMergeKey(ctx.kind, path) : undefined;
  if (key === undefined || !Array.isArray(cur)) return v.map((x) => (isMap(x) ? stripDirectives(x) : x));
  if (key === '') return [...cur, ...v.filter((x) => !cur.includes(x as never))];
  // kyaml's order: the patch's elements in the patch's order (merged with their match), then the elements
  // only the target has, in the target's order
  const out: unknown[] = [];
  const used = new Set<number>();
  for (const item of v) {
    if (!isMap(item)) continue;
    const idx = cur.findIndex((x, i) => !used.has(i) && isMap(x) && x[key] === item[key]);
    if (idx >= 0) used.add(idx);
    if (item.$patch === 'delete') continue;
    out.push(idx >= 0 ? strategicMerge(cur[idx], item, ctx, path) : stripDirectives(item));
  }
  cur.forEach((x, i) => {
    if (!used.has(i)) out.push(x);
  });
  return out;
}

function stripDirectives(x: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === '$patch') continue;
    out[k] = isMap(v) ? stripDirectives(v) : v;
  }
  return out;
}
