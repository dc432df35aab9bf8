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

/** The merge strategy of a list field of a built-in kind: its merge keys (comma-separated, the schema's
 *  x-kubernetes-list-map-keys), '' for a merged primitive list, or undefined when the list is replaced. `path` holds the field names from the root (list levels skipped). */
export function listMergeKey(kind: string, path: string[]): string | undefined {
  const f = path[path.length - 1];
  const parent = path[path.length - 2];
  if (CONTAINERS.has(f)) return 'name';
  if (parent !== undefined && CONTAINERS.has(parent)) {
    switch (f) {
      case 'ports':
        return 'containerPort,protocol';
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
  if (kind === 'Service' && path.join('/') === 'spec/ports') return 'port,protocol';
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
        return 'topologyKey,whenUnsatisfiable';
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
    // only $patch is a directive to kyaml; $setElementOrder/…, $retainKeys and the like stay as fields
    if (k === '$patch') continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const kp = [...path, k];
    const cur = out[k];
    if (Array.isArray(v)) {
      const l = mergeList(cur, v, ctx, kp);
      if (l === undefined) delete out[k];
      else out[k] = l;
    }
    else if (isMap(v)) {
      const m = strategicMerge(cur, v, ctx, kp);
      if (m === undefined) delete out[k];
      else out[k] = m;
    } else out[k] = v;
  }
  return out;
}

function mergeList(cur: unknown, v: unknown[], ctx: MergeContext, path: string[]): unknown[] | undefined {
  const spec = ctx.builtin ? listMergeKey(ctx.kind, path) : undefined;
  if (spec === undefined || !Array.isArray(cur)) return v.map((x) => (isMap(x) ? stripDirectives(x) : x));
  // list-level directives: an element {$patch: replace} replaces the list, {$patch: delete} clears it
  if (v.some((x) => isMap(x) && x.$patch === 'replace')) return v.filter((x) => !(isMap(x) && x.$patch === 'replace')).map((x) => (isMap(x) ? stripDirectives(x) : x));
  if (v.length === 1 && isMap(v[0]) && v[0].$patch === 'delete' && Object.keys(v[0]).length === 1) return undefined;
  if (spec === '') {
    // primitive lists: the patch's items, then the target's others (kyaml prepends what patches add)
    const out: unknown[] = [];
    for (const x of [...v, ...cur]) if (!out.some((y) => scalarString(y) === scalarString(x))) out.push(x);
    return out;
  }
  return mergeAssociative(cur, v, spec.split(','), ctx, path);
}

function scalarString(x: unknown): string {
  if (x === null || x === undefined) return '';
  return typeof x === 'object' ? JSON.stringify(x) : String(x);
}

/** FieldMatcher semantics: the element has every key (up to the values given) with that scalar text. */
function matches(el: unknown, keys: string[], values: string[]): boolean {
  if (!isMap(el)) return false;
  if (values.length === 0) return false;
  for (let j = 0; j < keys.length && j < values.length; j++) {
    if (!(keys[j] in el) || el[keys[j]] === null || isMap(el[keys[j]]) || Array.isArray(el[keys[j]])) return false;
    if (scalarString(el[keys[j]]) !== values[j]) return false;
  }
  return true;
}

/** kyaml's walkAssociativeSequence with ListIncreaseDirection prepend (as kustomize's strategic merge uses it),
 *  including its handling of lists keyed by several fields (container and service ports). */
function mergeAssociative(dest: unknown[], patch: unknown[], keys: string[], ctx: MergeContext, path: string[]): unknown[] | undefined {
  const tuple = (el: unknown) => keys.map((k) => (isMap(el) && k in el && el[k] !== null && !isMap(el[k]) && !Array.isArray(el[k]) ? scalarString(el[k]) : ''));
  // every key tuple, the patch's first, then the target's
  let values: string[][] = [];
  const seen = new Set<string>();
  for (const src of [patch, dest]) {
    for (const el of src) {
      if (!isMap(el)) continue;
      const t = tuple(el);
      const id = JSON.stringify(t);
      if (seen.has(id)) continue;
      seen.add(id);
      values.push(t);
    }
  }
  if (keys.length > 1) {
    // mergeValues: tuples that agree where both are set become one
    values = values.map((x) => [...x]);
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) {
        const a = values[i];
        const b = values[j];
        let common = false;
        let ok = true;
        const res: string[] = [];
        for (let q = 0; q < a.length; q++) {
          if (a[q] === b[q]) {
            common = true;
            res.push(a[q]);
          } else if (a[q] !== '' && b[q] !== '') {
            ok = false;
            break;
          } else res.push(a[q] !== '' ? a[q] : b[q]);
        }
        if (ok && common) {
          values[i] = res;
          values[j] = [...res];
        }
      }
    }
  }
  const validKeySet = new Set<string>();
  for (const t of values) t.forEach((x, i) => x !== '' && validKeySet.add(keys[i]));
  const validate = (t: string[]): [string[], string[]] => {
    if (validKeySet.size === 0) return [keys, t];
    return [keys.filter((k) => validKeySet.has(k)), t.filter((x, i) => x !== '' || validKeySet.has(keys[i]))];
  };
  let destList = [...dest];
  const merged = new Map<unknown, unknown>();
  const items: unknown[] = [];
  let lastKeys = keys;
  for (const t of values) {
    const [vk, vv] = validate(t);
    lastKeys = vk;
    // the sources' elements are looked up by this tuple's own set keys (elementValueList's validateKeys)
    const own = vk.map((k, i) => [k, vv[i]] as const).filter(([, x]) => x !== '');
    const [ek, ev] = own.length ? [own.map(([k]) => k), own.map(([, x]) => x)] : [vk, vv];
    const destEl = destList.find((el) => matches(el, ek, ev));
    const patchEl = patch.find((el) => matches(el, ek, ev)) as Obj | undefined;
    let val: unknown;
    if (patchEl && patchEl.$patch === 'delete') val = undefined;
    else if (!patchEl) val = destEl;
    else if (destEl === undefined) val = stripDirectives(patchEl);
    else val = strategicMerge(destEl, patchEl, ctx, path);
    if (val === undefined || val === null || (isMap(val) && Object.keys(val).length === 0)) {
      destList = destList.filter((el) => !matches(el, vk, vv));
      continue;
    }
    if (destEl !== undefined) merged.set(destEl, val);
    if (isMap(val)) vk.forEach((k, i) => val[k] === undefined && vv[i] !== '' && (val[k] = vv[i]));
    const at = items.findIndex((el) => matches(el, vk, vv));
    if (at >= 0) items[at] = val;
    else items.push(val);
  }
  // appendListNode(items, dest): the target's elements placed again (several keys: moved to the end)
  let result = items;
  for (const orig of destList) {
    const el = merged.get(orig) ?? orig;
    const vals: string[] = [];
    for (const k of lastKeys) {
      if (!isMap(el) || !(k in el) || el[k] === null) {
        result.push(el);
        continue;
      }
      vals.push(scalarString(el[k]));
    }
    if (lastKeys.length > 1) result = result.filter((x) => !matches(x, lastKeys, vals));
    if (vals.length === 0) continue;
    const at = result.findIndex((x) => matches(x, lastKeys, vals));
    if (at >= 0) result[at] = el;
    else result.push(el);
  }
  return result;
}

function stripDirectives(x: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === '$patch') continue;
    out[k] = isMap(v) ? stripDirectives(v) : v;
  }
  return out;
}
