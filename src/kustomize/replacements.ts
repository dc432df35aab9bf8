// `replacements`: copy a field of one object (or a literal value) into fields of others, as kustomize's
// replacement filter does. Field paths are dot-separated, `[key=value]` picks list elements by a field, `*`
// takes every element, a number an index; `options.delimiter`/`index` work on parts of a scalar, and
// `options.create` makes missing fields.
import { KustomizeError } from './errors.js';
import { Obj, Resource, ResId, gvkSelected, nsEquals, idString } from './resource.js';
import { matchSelector, anchored } from './transformers.js';
import type { Target } from './transformers.js';

const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

type Selector = Target;
interface FieldOptions {
  delimiter?: string;
  index?: number;
  create?: boolean;
}
interface Replacement {
  source?: Selector & { fieldPath?: string; options?: FieldOptions };
  sourceValue?: string;
  targets?: { select?: Selector; reject?: Selector[]; fieldPaths?: string[]; options?: FieldOptions }[];
}

/** kyaml's SmarterPathSplitter: split on dots outside brackets. */
export function splitFieldPath(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of p) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function ids(r: Resource): ResId[] {
  return [r.curId(), ...r.prevIds];
}

function sourceSelected(id: ResId, s: Selector): boolean {
  if (!gvkSelected(id.gvk, { group: s.group, version: s.version, kind: s.kind })) return false;
  if (s.name && s.name !== id.name) return false;
  if (s.namespace && !nsEquals(s.namespace, id.namespace)) return false;
  return true;
}

function targetSelected(id: ResId, s: Selector): boolean {
  if (!gvkSelected(id.gvk, { group: s.group, version: s.version, kind: s.kind })) return false;
  if (s.name && !anchored(s.name).test(id.name)) return false;
  if (s.namespace && !anchored(s.namespace).test(id.namespace || 'default') && !anchored(s.namespace).test(id.namespace)) return false;
  return true;
}

function hasIdFields(s: Selector): boolean {
  return !!(s.group || s.version || s.kind || s.name || s.namespace);
}

function selectorString(s: Selector): string {
  return JSON.stringify(s);
}

/** Every node a path names, as [parent, key] pairs; with `create`, missing map fields are made. */
function lookup(root: unknown, path: string[], create: boolean, leaf: unknown): [Obj, string][] {
  let cur: [Obj, string][] = [[{ root } as Obj, 'root']];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    const next: [Obj, string][] = [];
    for (const [p, k] of cur) {
      let node = p[k];
      const m = /^\[(.+?)=(.*)\]$/.exec(seg);
      if (m) {
        if (!Array.isArray(node)) continue;
        let found = false;
        node.forEach((el, j) => {
          if (isMap(el) && String(el[m[1]]) === m[2]) {
            next.push([node as unknown as Obj, String(j)]);
            found = true;
          }
        });
        if (!found && create) {
          const el = { [m[1]]: m[2] };
          node.push(el);
          next.push([node as unknown as Obj, String(node.length - 1)]);
        }
        continue;
      }
      if (seg === '*') {
        if (Array.isArray(node)) node.forEach((_, j) => next.push([node as unknown as Obj, String(j)]));
        else if (isMap(node)) Object.keys(node).forEach((kk) => next.push([node as Obj, kk]));
        continue;
      }
      if (Array.isArray(node) && /^-?\d+$/.test(seg)) {
        const j = Number(seg);
        if (j >= 0 && j < node.length) next.push([node as unknown as Obj, String(j)]);
        continue;
      }
      if (node === undefined || node === null) {
        if (!create) continue;
        node = p[k] = {};
      }
      if (!isMap(node)) continue;
      if (!(seg in node) || node[seg] === null) {
        if (!create) continue;
        if (!last) node[seg] = /^\[.+=.*\]$/.test(path[i + 1]) ? [] : {};
        else node[seg] = isMap(leaf) ? {} : Array.isArray(leaf) ? [] : '';
      }
      next.push([node, seg]);
    }
    cur = next;
  }
  return cur;
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return String(v);
}

function setValue(p: Obj, k: string, value: unknown, opts: FieldOptions | undefined): void {
  let v = value;
  const target = p[k];
  if (opts?.delimiter) {
    if (isMap(target) || Array.isArray(target)) throw new KustomizeError('delimiter option can only be used with scalar nodes');
    const parts = scalarText(target).split(opts.delimiter);
    const s = scalarText(value);
    const idx = opts.index ?? 0;
    if (idx < 0) parts.unshift(s);
    else if (idx >= parts.length) parts.push(s);
    else parts[idx] = s;
    v = parts.join(opts.delimiter);
  }
  const isScalar = (x: unknown) => !isMap(x) && !Array.isArray(x) && x !== null && x !== undefined;
  if (isScalar(target) && !isMap(v) && !Array.isArray(v)) {
    // the target keeps its own type (kyaml replaces only the scalar's text)
    const text = scalarText(v);
    if (typeof target === 'number') p[k] = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
    else if (typeof target === 'boolean') p[k] = text === 'true' ? true : text === 'false' ? false : text;
    else p[k] = text;
  } else p[k] = structuredClone(v);
}

export function applyReplacements(res: Resource[], list: Replacement[]): void {
  for (const r of list) {
    if ((r.sourceValue === undefined && !r.source) || !r.targets) throw new KustomizeError('replacements must specify a source and at least one target');
    if (r.sourceValue !== undefined && r.source) throw new KustomizeError('value and resource selectors are mutually exclusive');
    let value: unknown;
    if (r.sourceValue !== undefined) value = String(r.sourceValue);
    else {
      const s = r.source!;
      const matches = res.filter((x) => ids(x).some((id) => sourceSelected(id, s)));
      if (matches.length > 1) throw new KustomizeError(`multiple matches for selector ${selectorString(s)}`);
      if (matches.length === 0) throw new KustomizeError(`nothing selected by ${selectorString(s)}`);
      const fp = s.fieldPath || 'metadata.name';
      const found = lookup(matches[0].obj, splitFieldPath(fp), false, undefined);
      const v = found.length ? found[0][0][found[0][1]] : undefined;
      if (v === undefined || v === null || v === '' || (isMap(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0)) {
        throw new KustomizeError(`fieldPath \`${fp}\` is missing for replacement source ${idString(matches[0].curId())}`);
      }
      value = v;
      if (s.options?.delimiter) {
        if (isMap(v) || Array.isArray(v)) throw new KustomizeError('delimiter option can only be used with scalar nodes');
        const parts = scalarText(v).split(s.options.delimiter);
        const idx = s.options.index ?? 0;
        if (idx >= parts.length || idx < 0) throw new KustomizeError(`options.index ${idx} is out of bounds for value ${scalarText(v)}`);
        value = parts[idx];
      }
    }
    for (const t of r.targets) {
      if (!t.select) throw new KustomizeError('target must specify resources to select');
      const paths = t.fieldPaths && t.fieldPaths.length ? t.fieldPaths : ['metadata.name'];
      for (const x of res) {
        if (t.select.labelSelector && !matchSelector(t.select.labelSelector, x.labels())) continue;
        if (t.select.annotationSelector && !matchSelector(t.select.annotationSelector, x.annotations())) continue;
        const rejected = (t.reject ?? []).some((rj) => {
          if ((rj.labelSelector || rj.annotationSelector) && (!rj.labelSelector || matchSelector(rj.labelSelector, x.labels())) && (!rj.annotationSelector || matchSelector(rj.annotationSelector, x.annotations()))) {
            if (!hasIdFields(rj)) return true;
          }
          return hasIdFields(rj) && ids(x).some((id) => targetSelected(id, rj));
        });
        if (rejected) continue;
        if (!ids(x).some((id) => targetSelected(id, t.select!))) continue;
        for (const fp of paths) {
          const targets = lookup(x.obj, splitFieldPath(fp), !!t.options?.create, value);
          if (targets.length === 0) {
            throw new KustomizeError(t.options?.create ? `unable to find or create field "${fp}" in replacement target` : `unable to find field "${fp}" in replacement target`);
          }
          for (const [p, k] of targets) setValue(p, k, value, t.options);
        }
      }
    }
  }
}
