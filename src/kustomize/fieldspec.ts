// Field specs: where in which kinds a transformer acts (kustomize's types.FieldSpec and its fieldspec filter).
// A path is slash-separated (`\/` escapes a slash inside a field name); `name[]` steps into every element of a
// list, and a list met along the way is walked element by element as kustomize does.
import { Gvk, gvkSelected, Obj } from './resource.js';

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

export function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (c === '/') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

export function specApplies(fs: FieldSpec, gvk: Gvk): boolean {
  return gvkSelected(gvk, { group: fs.group, version: fs.version, kind: fs.kind });
}

const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Visit the field a spec names. `visit(parent, key)` is called with the map holding the final field (the field
 *  may be absent when `create` is set; the visitor decides what to write). */
export function visitField(obj: Obj, segments: string[], create: boolean, visit: (parent: Obj, key: string) => void): void {
  // on a path through a list kustomize creates only the last field, never the maps leading to it
  const createFrom = segments.some((s) => s.endsWith('[]')) ? segments.length - 1 : 0;
  const walk = (node: unknown, i: number): void => {
    if (Array.isArray(node)) {
      for (const el of node) walk(el, i);
      return;
    }
    if (!isMap(node)) return;
    let seg = segments[i];
    let each = false;
    if (seg.endsWith('[]')) {
      seg = seg.slice(0, -2);
      each = true;
    }
    const mayCreate = create && i >= createFrom;
    if (i === segments.length - 1 && !each) {
      if (seg in node || mayCreate) visit(node, seg);
      return;
    }
    let next = node[seg];
    if (next === undefined || next === null) {
      if (!mayCreate || each) return;
      next = node[seg] = {};
    }
    if (each) {
      if (!Array.isArray(next)) return;
      if (i === segments.length - 1) {
        for (let j = 0; j < next.length; j++) visit(next as unknown as Obj, String(j));
        return;
      }
      for (const el of next) walk(el, i + 1);
      return;
    }
    walk(next, i + 1);
  };
  walk(obj, 0);
}

/** Apply every matching spec of a list to an object. */
export function applySpecs(obj: Obj, gvk: Gvk, specs: FieldSpec[], visit: (parent: Obj, key: string, fs: FieldSpec) => void): void {
  for (const fs of specs) {
    if (!specApplies(fs, gvk)) continue;
    visitField(obj, splitPath(fs.path), !!fs.create, (p, k) => visit(p, k, fs));
  }
}
