// sprig v3.2.3's dict functions (dict.go): get/set/unset/hasKey/pluck/keys/pick/omit/values/dig, merges with
// imdario/mergo v0.3.13 semantics (as Helm v3.13.3 pins it) and deep copies (mitchellh/copystructure).
//
// Go ranges over maps in random order; where that order shows (keys, values) we use sorted key order, one of the
// orders Go may produce, so output is deterministic.
import { compareGoStrings } from '../template/builtins.js';
import { def, GoDuration, GoFuncValue, GoInt, GoStruct, goTypeName, isGoMap, namedMap, sliceOf, type FuncMap, type GoMap } from '../template/types.js';
import { strval } from './misc.js';

const has = (d: object, k: string) => Object.prototype.hasOwnProperty.call(d, k);
type Dict = Record<string, unknown> | null;

function sortedKeys(d: Dict): string[] {
  return d ? Object.keys(d).sort(compareGoStrings) : [];
}

function newMap(): Record<string, unknown> {
  return {};
}

function get(d: Dict, key: string): unknown {
  if (d && has(d, key)) return d[key];
  return '';
}

function set(d: Dict, key: string, value: unknown): Dict {
  if (d === null) throw new Error('assignment to entry in nil map');
  d[key] = value;
  return d;
}

function unset(d: Dict, key: string): Dict {
  if (d && has(d, key)) delete d[key];
  return d;
}

function dict(...v: unknown[]): Record<string, unknown> {
  const d = newMap();
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i]);
    d[key] = i + 1 >= v.length ? '' : v[i + 1];
  }
  return d;
}

function pluck(key: string, ...ds: Dict[]): unknown[] {
  const res: unknown[] = [];
  for (const d of ds) if (d && has(d, key)) res.push(d[key]);
  return res;
}

function keys(...ds: Dict[]): string[] {
  const k: string[] = [];
  for (const d of ds) k.push(...sortedKeys(d));
  return sliceOf(k, '[]string');
}

function pick(d: Dict, ...ks: string[]): Record<string, unknown> {
  const res = newMap();
  for (const k of ks) if (d && has(d, k)) res[k] = d[k];
  return res;
}

function omit(d: Dict, ...ks: string[]): Record<string, unknown> {
  const res = newMap();
  const drop = new Set(ks);
  for (const k of sortedKeys(d)) if (!drop.has(k)) res[k] = d![k];
  return res;
}

function values(d: Dict): unknown[] {
  return sortedKeys(d).map((k) => d![k]);
}

/** Go's panic text for a failed type assertion x.(T) on an interface{} value. */
function assertionError(v: unknown, want: string): Error {
  const got = v === null || v === undefined ? 'nil' : goTypeName(v);
  return new Error(`interface conversion: interface {} is ${got}, not ${want}`);
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  const d = ps[ps.length - 1];
  if (!isGoMap(d) || goTypeName(d) !== 'map[string]interface {}') throw assertionError(d, 'map[string]interface {}');
  const dflt = ps[ps.length - 2];
  const ks = ps.slice(0, ps.length - 2).map((k) => {
    if (typeof k !== 'string') throw assertionError(k, 'string');
    return k;
  });
  let cur = d as GoMap;
  for (let i = 0; ; i++) {
    const k = ks[i];
    if (!has(cur, k)) return dflt;
    const step = cur[k];
    if (i === ks.length - 1) return step;
    if (!isGoMap(step) || goTypeName(step) !== 'map[string]interface {}') throw assertionError(step, 'map[string]interface {}');
    cur = step;
  }
}

// ---------------------------------------------------------------------------------------------------------
// mergo (deepMerge of map[string]interface{} values, as sprig's merge and mergeOverwrite call it)

/** mergo's isEmptyValue of a map element (an interface: nil, or the emptiness of the value inside). */
function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'number':
      return v === 0;
  }
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoDuration) return v.nanos === 0n;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (isGoMap(v)) return Object.keys(v).length === 0;
  return false;
}

const isMapKind = (v: unknown): v is Record<string, unknown> => isGoMap(v);
const isSliceKind = (v: unknown): boolean => Array.isArray(v) || v instanceof Uint8Array;

/** mergo's deepMerge for dst and src maps (dst updated in place). */
export function mergeMaps(dst: Record<string, unknown>, src: Record<string, unknown>, overwrite: boolean): void {
  const srcIsEmpty = Object.keys(src).length === 0;
  for (const key of Object.keys(src)) {
    const sv = src[key];
    const dstHad = has(dst, key);
    const dv = dst[key];
    if (sv === null || sv === undefined) {
      if (overwrite) dst[key] = null;
      continue;
    }
    if (isMapKind(sv) || sv instanceof GoStruct) {
      // deepMerge(dstElement, srcElement): only a map destination can change (in place)
      if (isMapKind(sv) && dstHad && isMapKind(dv)) mergeMaps(dv, sv, overwrite);
    } else if (isSliceKind(sv)) {
      // the slice branch stores a slice (or dst's element) back into dst before the checks below
      const dstEmptyOrNil = !dstHad || dv === null;
      const dstMapEmpty = Object.keys(dst).length === 0;
      let dstSlice: unknown = dstEmptyOrNil ? emptyLike(sv) : dv;
      if (!srcIsEmpty && (overwrite || dstMapEmpty)) dstSlice = sv;
      dst[key] = dstSlice;
    }
    // mergo keeps dst's (possibly merged-into) element when it is non-empty and the source is a map or slice
    if (dstHad && !isEmptyValue(dv) && (isMapKind(sv) || isSliceKind(sv))) continue;
    if (overwrite || !dstHad || isEmptyValue(dv)) dst[key] = sv;
  }
}

function emptyLike(sv: unknown): unknown {
  if (sv instanceof Uint8Array) return new Uint8Array(0);
  const t = goTypeName(sv);
  return t === '[]interface {}' ? [] : sliceOf([], t);
}

function merge(overwrite: boolean) {
  return (dst: Dict, ...srcs: Dict[]): unknown => {
    let d = dst;
    for (const s of srcs) {
      if (s === null) continue;
      if (d === null) d = newMap();
      mergeMaps(d, s, overwrite);
    }
    return d ?? newMap();
  };
}

// ---------------------------------------------------------------------------------------------------------
// copystructure.Copy

export function deepCopyValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (v instanceof GoInt || v instanceof GoDuration || v instanceof GoFuncValue) return v;
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) {
    const out = v.map(deepCopyValue);
    const t = goTypeName(v);
    return t === '[]interface {}' ? out : sliceOf(out, t);
  }
  if (isGoMap(v)) {
    const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? Object.create(null) : {};
    for (const k of Object.keys(v)) out[k] = deepCopyValue((v as Record<string, unknown>)[k]);
    const t = goTypeName(v);
    return t === 'map[string]interface {}' ? out : namedMap(out, t);
  }
  // Structs (times, versions, ...) are immutable values in this model: sharing them is a faithful copy.
  return v;
}

const M = 'map[string]interface {}';
const I = 'interface {}';

export const dictFuncs: FuncMap = {
  dict: def([I], M, dict, { variadic: true }),
  get: def([M, 'string'], I, get),
  set: def([M, 'string', I], M, set),
  unset: def([M, 'string'], M, unset),
  hasKey: def([M, 'string'], 'bool', (d: Dict, k: string) => d !== null && has(d, k)),
  pluck: def(['string', M], '[]interface {}', pluck, { variadic: true }),
  keys: def([M], '[]string', keys, { variadic: true }),
  pick: def([M, 'string'], M, pick, { variadic: true }),
  omit: def([M, 'string'], M, omit, { variadic: true }),
  values: def([M], '[]interface {}', values),
  dig: def([I], I, dig, { variadic: true, err: true }),
  merge: def([M, M], I, merge(false), { variadic: true }),
  mustMerge: def([M, M], I, merge(false), { variadic: true, err: true }),
  mergeOverwrite: def([M, M], I, merge(true), { variadic: true }),
  mustMergeOverwrite: def([M, M], I, merge(true), { variadic: true, err: true }),
  deepCopy: def([I], I, deepCopyValue),
  mustDeepCopy: def([I], I, deepCopyValue, { err: true }),
};
