// Patch computation as Helm 3 does it on upgrade: strategic merge patch (apimachinery's three-way
// CreateThreeWayMergePatch: deletions from old→new, plus changes from live→new) for built-in kinds using their
// patchMergeKey/patchStrategy tags, and RFC 7386 JSON merge patch (old→new) for CRDs and unknown kinds.
// Also applyStrategicMergePatch / applyMergePatch to compute what a server would do (tests, dry runs).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JMap = { [k: string]: Json };

const isMap = (v: unknown): v is JMap => v !== null && typeof v === 'object' && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Patch metadata for built-in kinds (the patchStrategy/patchMergeKey struct tags of k8s.io/api).

export const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io',
  'discovery.k8s.io', 'certificates.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'extensions',
  'authentication.k8s.io', 'authorization.k8s.io', 'resource.k8s.io', 'internal.apiserver.k8s.io', 'storagemigration.k8s.io',
]);

export function isBuiltinApiVersion(apiVersion: string): boolean {
  const i = apiVersion.indexOf('/');
  return BUILTIN_GROUPS.has(i < 0 ? '' : apiVersion.slice(0, i));
}

export interface FieldMeta {
  strategy: 'merge' | 'replace';
  mergeKey?: string;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Schema lookup by the path of field names from the object root (list levels are transparent). */
export type PatchSchema = (path: string[]) => FieldMeta;

export function builtinSchema(kind: string): PatchSchema {
  return (path) => {
    const n = path.length;
    const f = path[n - 1];
    const parent = path[n - 2];
    if (CONTAINER_LISTS.has(f)) return { strategy: 'merge', mergeKey: 'name' };
    if (parent !== undefined && CONTAINER_LISTS.has(parent)) {
      switch (f) {
        case 'ports':
          return { strategy: 'merge', mergeKey: 'containerPort' };
        case 'env':
          return { strategy: 'merge', mergeKey: 'name' };
        case 'volumeMounts':
          return { strategy: 'merge', mergeKey: 'mountPath' };
        case 'volumeDevices':
          return { strategy: 'merge', mergeKey: 'devicePath' };
      }
      return { strategy: 'replace' };
    }
    if (n === 2 && path[0] === 'metadata') {
      if (f === 'finalizers') return { strategy: 'merge' };
      if (f === 'ownerReferences') return { strategy: 'merge', mergeKey: 'uid' };
    }
    if (kind === 'Service' && n === 2 && path[0] === 'spec' && f === 'ports') return { strategy: 'merge', mergeKey: 'port' };
    // Pod spec lists (at spec, spec.template.spec, spec.jobTemplate.spec.template.spec).
    if (parent === 'spec' && isPodSpecPath(kind, path.slice(0, -1))) {
      switch (f) {
        case 'volumes':
          return { strategy: 'merge', mergeKey: 'name' };
        case 'imagePullSecrets':
          return { strategy: 'merge', mergeKey: 'name' };
        case 'hostAliases':
          return { strategy: 'merge', mergeKey: 'ip' };
        case 'topologySpreadConstraints':
          return { strategy: 'merge', mergeKey: 'topologyKey' };
        case 'schedulingGates':
        case 'resourceClaims':
          return { strategy: 'merge', mergeKey: 'name' };
      }
    }
    if (f === 'conditions' && parent === 'status') return { strategy: 'merge', mergeKey: 'type' };
    return { strategy: 'replace' };
  };
}

function isPodSpecPath(kind: string, p: string[]): boolean {
  const s = p.join('.');
  if (kind === 'Pod') return s === 'spec';
  if (kind === 'CronJob') return s === 'spec.jobTemplate.spec.template.spec';
  return s === 'spec.template.spec';
}

const noSchema: PatchSchema = () => ({ strategy: 'replace' });

// ---------------------------------------------------------------------------------------------------------
// Strategic merge patch creation (apimachinery's diffMaps/diffLists with DiffOptions).

interface DiffOptions {
  ignoreDeletions?: boolean;
  ignoreChangesAndAdditions?: boolean;
  setElementOrder?: boolean;
}

function diffMaps(original: JMap, modified: JMap, schema: PatchSchema, path: string[], o: DiffOptions): JMap {
  const patch: JMap = {};
  for (const [k, mv] of Object.entries(modified)) {
    if (!Object.prototype.hasOwnProperty.call(original, k)) {
      if (!o.ignoreChangesAndAdditions) patch[k] = mv;
      continue;
    }
    const ov = original[k];
    const kp = [...path, k];
    if (isMap(ov) && isMap(mv)) {
      const sub = diffMaps(ov, mv, schema, kp, o);
      if (Object.keys(sub).length > 0) patch[k] = sub;
      continue;
    }
    if (Array.isArray(ov) && Array.isArray(mv)) {
      const meta = schema(kp);
      if (meta.strategy === 'merge') {
        const { patchList, deleteList, setOrder } = diffLists(ov, mv, schema, kp, meta.mergeKey, o);
        if (patchList.length > 0) patch[k] = patchList;
        if (!o.ignoreDeletions && deleteList.length > 0) patch[`$deleteFromPrimitiveList/${k}`] = deleteList;
        if (setOrder) patch[`$setElementOrder/${k}`] = setOrder;
      } else if (!o.ignoreChangesAndAdditions && !deepEqual(ov, mv)) {
        patch[k] = mv;
      }
      continue;
    }
    if (!o.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[k] = mv;
  }
  if (!o.ignoreDeletions) {
    for (const k of Object.keys(original)) if (!Object.prototype.hasOwnProperty.call(modified, k)) patch[k] = null;
  }
  return patch;
}

const keyOf = (v: Json, mk: string): string => JSON.stringify(isMap(v) ? (v[mk] ?? null) : v);

function diffLists(original: Json[], modified: Json[], schema: PatchSchema, path: string[], mergeKey: string | undefined, o: DiffOptions) {
  let patchList: Json[] = [];
  let deleteList: Json[] = [];
  let setOrder: Json[] | undefined;
  const first = modified[0] ?? original[0];
  if (mergeKey && (isMap(first) || first === undefined)) {
    const origBy = new Map(original.map((v) => [keyOf(v, mergeKey), v]));
    const modBy = new Map(modified.map((v) => [keyOf(v, mergeKey), v]));
    for (const mv of modified) {
      const ov = origBy.get(keyOf(mv, mergeKey));
      if (ov === undefined) {
        if (!o.ignoreChangesAndAdditions) patchList.push(mv);
        continue;
      }
      if (isMap(ov) && isMap(mv)) {
        const sub = diffMaps(ov, mv, schema, path, o);
        if (Object.keys(sub).length > 0) patchList.push({ [mergeKey]: mv[mergeKey], ...sub });
      }
    }
    if (!o.ignoreDeletions) {
      for (const ov of original) if (!modBy.has(keyOf(ov, mergeKey)) && isMap(ov)) patchList.push({ [mergeKey]: ov[mergeKey], $patch: 'delete' });
    }
    const orderSame = sameOrder(original, modified, mergeKey);
    if (o.setElementOrder && ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!o.ignoreDeletions && patchList.length > 0))) {
      setOrder = modified.map((v) => ({ [mergeKey]: isMap(v) ? (v[mergeKey] ?? null) : null }));
    }
  } else {
    // list of scalars with the merge strategy (e.g. metadata.finalizers)
    const os = new Set(original.map((v) => JSON.stringify(v)));
    const ms = new Set(modified.map((v) => JSON.stringify(v)));
    if (!o.ignoreChangesAndAdditions) patchList = modified.filter((v) => !os.has(JSON.stringify(v)));
    if (!o.ignoreDeletions) deleteList = original.filter((v) => !ms.has(JSON.stringify(v)));
    if (o.setElementOrder && ((!o.ignoreDeletions && deleteList.length > 0) || (!o.ignoreChangesAndAdditions && !deepEqual(original, modified)))) setOrder = modified;
  }
  return { patchList, deleteList, setOrder };
}

function sameOrder(a: Json[], b: Json[], mk: string): boolean {
  const ka = a.map((v) => keyOf(v, mk)).filter((k) => b.some((w) => keyOf(w, mk) === k));
  const kb = b.map((v) => keyOf(v, mk)).filter((k) => a.some((w) => keyOf(w, mk) === k));
  return a.length === b.length && deepEqual(ka, kb);
}

/** Merge two patches (deletions, then delta on top), as apimachinery's mergeMap does for three-way patches. */
function mergePatches(base: JMap, over: JMap, schema: PatchSchema, path: string[]): JMap {
  const out: JMap = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (k.startsWith('$') || b === undefined || v === null) {
      out[k] = v;
    } else if (isMap(b) && isMap(v)) {
      out[k] = mergePatches(b, v, schema, [...path, k]);
    } else if (Array.isArray(b) && Array.isArray(v)) {
      const meta = schema([...path, k]);
      if (meta.strategy === 'merge' && meta.mergeKey) {
        const mk = meta.mergeKey;
        const merged: Json[] = [];
        const used = new Set<number>();
        for (const item of v) {
          const idx = b.findIndex((x) => isMap(x) && keyOf(x, mk) === keyOf(item, mk) && x.$patch === undefined);
          if (idx >= 0 && isMap(item)) {
            used.add(idx);
            merged.push(mergePatches(b[idx] as JMap, item, schema, [...path, k]));
          } else merged.push(item);
        }
        b.forEach((x, i) => !used.has(i) && merged.push(x));
        out[k] = merged;
      } else if (meta.strategy === 'merge') {
        out[k] = [...b, ...v.filter((x) => !b.some((y) => deepEqual(x, y)))];
      } else out[k] = v;
    } else out[k] = v;
  }
  return out;
}

/** apimachinery's CreateThreeWayMergePatch(original, modified, current, schema, overwrite=true). */
export function createThreeWayMergePatch(original: unknown, modified: unknown, current: unknown, schema: PatchSchema): JMap {
  const o = (isMap(original) ? original : {}) as JMap;
  const m = (isMap(modified) ? modified : {}) as JMap;
  const c = (isMap(current) ? current : {}) as JMap;
  const delta = diffMaps(c, m, schema, [], { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(o, m, schema, [], { ignoreChangesAndAdditions: true, setElementOrder: true });
  return mergePatches(deletions, delta, schema, []);
}

/** apimachinery's CreateTwoWayMergePatch. */
export function createTwoWayMergePatch(original: unknown, modified: unknown, schema: PatchSchema): JMap {
  return diffMaps((isMap(original) ? original : {}) as JMap, (isMap(modified) ? modified : {}) as JMap, schema, [], { setElementOrder: true });
}

/** RFC 7386 merge patch from a to b (evanphx/json-patch CreateMergePatch). */
export function createMergePatch(a: unknown, b: unknown): JMap {
  const out: JMap = {};
  const am = (isMap(a) ? a : {}) as JMap;
  const bm = (isMap(b) ? b : {}) as JMap;
  for (const [k, bv] of Object.entries(bm)) {
    const av = am[k];
    if (!Object.prototype.hasOwnProperty.call(am, k)) out[k] = bv;
    else if (isMap(av) && isMap(bv)) {
      const sub = createMergePatch(av, bv);
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (!deepEqual(av, bv)) out[k] = bv;
  }
  for (const k of Object.keys(am)) if (!Object.prototype.hasOwnProperty.call(bm, k)) out[k] = null;
  return out;
}

/** RFC 7386 merge patch application. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const out: JMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v) as Json;
  }
  return out;
}

/** Apply a strategic merge patch (the server's side), with $patch, $setElementOrder, $deleteFromPrimitiveList. */
export function applyStrategicMergePatch(target: unknown, patch: unknown, schema: PatchSchema = noSchema, path: string[] = []): unknown {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: JMap = isMap(target) ? { ...target } : {};
  const orders: [string, Json[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      orders.push([k.slice('$setElementOrder/'.length), v as Json[]]);
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[f];
      if (Array.isArray(cur)) out[f] = cur.filter((x) => !(v as Json[]).some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const kp = [...path, k];
    const cur = out[k];
    if (Array.isArray(v)) {
      const meta = schema(kp);
      if (meta.strategy === 'merge' && Array.isArray(cur)) {
        if (meta.mergeKey) {
          const mk = meta.mergeKey;
          let list: Json[] = [...cur];
          for (const item of v) {
            if (!isMap(item)) continue;
            const idx = list.findIndex((x) => keyOf(x, mk) === keyOf(item, mk));
            if (item.$patch === 'delete') {
              if (idx >= 0) list.splice(idx, 1);
              continue;
            }
            if (idx >= 0) list[idx] = applyStrategicMergePatch(list[idx], item, schema, kp) as Json;
            else {
              const { $patch: _, ...rest } = item;
              list.push(rest);
            }
          }
          list = list.filter((x) => x !== undefined);
          out[k] = list;
        } else {
          out[k] = [...cur, ...v.filter((x) => !cur.some((y) => deepEqual(x, y)))];
        }
      } else {
        out[k] = v.map((x) => (isMap(x) ? (applyStrategicMergePatch(undefined, x, schema, kp) as Json) : x));
      }
    } else if (isMap(v)) {
      out[k] = applyStrategicMergePatch(isMap(cur) ? cur : undefined, v, schema, kp) as Json;
    } else out[k] = v;
  }
  for (const [f, order] of orders) {
    const cur = out[f];
    if (!Array.isArray(cur)) continue;
    const meta = schema([...path, f]);
    const key = (x: Json) => (meta.mergeKey ? keyOf(x, meta.mergeKey) : JSON.stringify(x));
    const pos = new Map(order.map((x, i) => [key(x), i]));
    // listed items in the given order; others (server-only) keep their relative place after them
    const listed = cur.filter((x) => pos.has(key(x))).sort((a, b) => pos.get(key(a))! - pos.get(key(b))!);
    const others = cur.filter((x) => !pos.has(key(x)));
    out[f] = [...listed, ...others];
  }
  return out;
}
