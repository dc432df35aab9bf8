// `vars` (deprecated in kustomize, still common): `$(NAME)` in the fields kustomize's varReference config lists
// is replaced by a field of a named object, read after every transformer (so prefixes and hashes are seen).
// `$$` escapes a dollar; a reference to an unknown var stays as written; a field that is exactly `$(NAME)`
// takes the value with its type.
import { KustomizeError } from './errors.js';
import type { FieldSpec } from './fieldspec.js';
import { applySpecs } from './fieldspec.js';
import { Obj, Resource, parseApiVersion } from './resource.js';

const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface Var {
  name: string;
  objref: { kind?: string; name?: string; apiVersion?: string; namespace?: string };
  fieldref?: { fieldPath?: string };
}

export interface BoundVar {
  v: Var;
  target: Resource;
}

const w = (kind: string, base: string, extra: string[] = []): FieldSpec[] =>
  [...['containers', 'initContainers'].flatMap((c) => ['args', 'command', 'env/value', 'volumeMounts/mountPath'].map((f) => `${base}/${c}/${f}`)), ...extra].map((path) => ({ kind, path }));

export const VAR_REFERENCES: FieldSpec[] = [
  ...w('CronJob', 'spec/jobTemplate/spec/template/spec', ['spec/jobTemplate/spec/template/volumes/nfs/server']),
  ...w('DaemonSet', 'spec/template/spec', ['spec/template/spec/volumes/nfs/server']),
  ...w('Deployment', 'spec/template/spec', ['spec/template/spec/volumes/nfs/server', 'spec/template/metadata/annotations']),
  { kind: 'Ingress', path: 'spec/rules/host' },
  { kind: 'Ingress', path: 'spec/tls/hosts' },
  { kind: 'Ingress', path: 'spec/tls/secretName' },
  ...w('Job', 'spec/template/spec', ['spec/template/spec/volumes/nfs/server']),
  ...w('Pod', 'spec', ['spec/volumes/nfs/server']),
  ...w('ReplicaSet', 'spec/template/spec', ['spec/template/spec/volumes/nfs/server']),
  { kind: 'Service', path: 'spec/ports/port' },
  { kind: 'Service', path: 'spec/ports/targetPort' },
  ...w('StatefulSet', 'spec/template/spec', ['spec/volumeClaimTemplates/spec/nfs/server']),
  { kind: 'PersistentVolume', path: 'spec/nfs/server' },
  { path: 'metadata/labels' },
  { path: 'metadata/annotations' },
];

/** Bind a kustomization's vars to the objects they name (kustomize's MergeVars). */
export function bindVars(existing: BoundVar[], vars: Var[], res: Resource[]): void {
  for (const v of vars) {
    if (!v.name) throw new KustomizeError('var has no name');
    if (existing.some((b) => b.v.name === v.name)) throw new KustomizeError(`var '${v.name}' already encountered`);
    const { group, version } = parseApiVersion(v.objref?.apiVersion ?? '');
    const matches = res.filter((r) =>
      [r.curId(), ...r.prevIds].some(
        (id) =>
          id.gvk.kind === v.objref?.kind &&
          id.name === v.objref?.name &&
          (!v.objref.apiVersion || (id.gvk.group === group && id.gvk.version === version)) &&
          (!v.objref.namespace || id.namespace === v.objref.namespace || (id.namespace === '' && v.objref.namespace === 'default')),
      ),
    );
    if (matches.length === 0) throw new KustomizeError(`var '${v.name}' cannot be mapped to a field in the set of known resources`);
    if (matches.length > 1) throw new KustomizeError(`found ${matches.length} resId matches for var ${v.name} (unable to disambiguate)`);
    existing.push({ v, target: matches[0] });
  }
}

function fieldValue(obj: Obj, path: string): unknown {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
  let cur: unknown = obj;
  for (const p of parts) {
    if (Array.isArray(cur) && /^\d+$/.test(p)) cur = cur[Number(p)];
    else if (isMap(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

function expand(s: string, vals: Map<string, unknown>, used: Set<string>): unknown {
  const whole = /^\$\(([^()]+)\)$/.exec(s);
  if (whole && vals.has(whole[1])) {
    used.add(whole[1]);
    return vals.get(whole[1]);
  }
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (s[i] === '$' && s[i + 1] === '(') {
      const end = s.indexOf(')', i + 2);
      if (end > 0) {
        const name = s.slice(i + 2, end);
        if (vals.has(name)) {
          used.add(name);
          const v = vals.get(name);
          out += typeof v === 'string' ? v : JSON.stringify(v);
          i = end;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

/** Replace `$(NAME)` in the var-reference fields of every object (kustomize's ResolveVars). */
export function resolveVars(bound: BoundVar[], res: Resource[], extraSpecs: FieldSpec[] = []): void {
  if (bound.length === 0) return;
  const vals = new Map<string, unknown>();
  for (const b of bound) {
    const fp = b.v.fieldref?.fieldPath || 'metadata.name';
    const val = fieldValue(b.target.obj, fp);
    if (val === undefined) throw new KustomizeError(`field specified in var '${b.v.name}' (${fp}) not found in corresponding resource`);
    vals.set(b.v.name, val);
  }
  const used = new Set<string>();
  const specs = [...VAR_REFERENCES, ...extraSpecs];
  for (const r of res) {
    applySpecs(r.obj, r.gvk, specs, (p, k) => {
      const v = p[k];
      if (typeof v === 'string') p[k] = expand(v, vals, used);
      else if (Array.isArray(v)) v.forEach((x, i) => typeof x === 'string' && (v[i] = expand(x, vals, used)));
      else if (isMap(v)) for (const [mk, mv] of Object.entries(v)) if (typeof mv === 'string') v[mk] = expand(mv, vals, used);
    });
  }
}
