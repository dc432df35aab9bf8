// Helm v3.13.3's pkg/releaseutil: splitting rendered files into YAML documents, sorting them into hooks and
// ordinary manifests, and ordering both by kind (InstallOrder / UninstallOrder).

import { parseYaml } from '../funcs/yaml.js';
import { formatFloat } from '../template/fmt.js';
import { isGoMap, type GoMap } from '../template/types.js';

// ---------------------------------------------------------------------------------------------------------
// Go string helpers

const GO_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);
const isGoSpace = (c: number) => GO_SPACE.has(c) || (c >= 0x2000 && c <= 0x200a);

/** Go's strings.TrimSpace (unicode.IsSpace, which differs from JS's trim on U+0085 and U+FEFF). */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

// `(?:^|\s*\n)---\s*` with RE2's \s = [\t\n\f\r ]
const SEP = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/g;

/** Go's regexp.Split(s, -1) for the separator above. */
function splitSep(s: string): string[] {
  if (s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  SEP.lastIndex = 0;
  for (let m = SEP.exec(s); m !== null; m = SEP.exec(s)) {
    end = m.index;
    const mEnd = m.index + m[0].length;
    if (mEnd !== 0) out.push(s.slice(beg, end));
    beg = mEnd;
    if (m[0].length === 0) SEP.lastIndex++;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** releaseutil.SplitManifests: the YAML documents of a stream, in order (Helm keys them manifest-0, -1...). */
export function splitManifests(bigFile: string): string[] {
  const docs = splitSep(goTrimSpace(bigFile));
  const res: string[] = [];
  for (const d of docs) {
    if (d === '') continue;
    res.push(goTrimSpace(d));
  }
  return res;
}

// ---------------------------------------------------------------------------------------------------------
// Hooks

export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';
export const HOOK_DELETE_ANNOTATION = 'helm.sh/hook-delete-policy';

export type HookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

const EVENTS: Record<string, HookEvent> = {
  'pre-install': 'pre-install',
  'post-install': 'post-install',
  'pre-delete': 'pre-delete',
  'post-delete': 'post-delete',
  'pre-upgrade': 'pre-upgrade',
  'post-upgrade': 'post-upgrade',
  'pre-rollback': 'pre-rollback',
  'post-rollback': 'post-rollback',
  test: 'test',
  'test-success': 'test',
};

/** release.Hook (JSON names as Helm's release records use). */
export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: HookEvent[];
  last_run: { started_at: string; completed_at: string; phase: string };
  weight: number;
  delete_policies: string[];
}

/** releaseutil.SimpleHead */
export interface SimpleHead {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations: Record<string, string> | null } | null;
}

/** releaseutil.Manifest */
export interface Manifest {
  name: string;
  content: string;
  head: SimpleHead;
}

export class ManifestParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestParseError';
  }
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** A YAML scalar coerced to the string a string-typed struct field receives (sigs.k8s.io/yaml's jsonTarget). */
function coerceString(v: unknown, field: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) return BigInt(v).toString();
    return formatFloat(v, 'g', -1, 32);
  }
  throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type string`);
}

/** Find a struct field as encoding/json does: exact name first, else case-insensitive. */
function fieldOf(m: GoMap, name: string): unknown {
  if (Object.hasOwn(m, name)) return m[name];
  const lower = name.toLowerCase();
  let found: unknown = undefined;
  for (const k of Object.keys(m)) if (k.toLowerCase() === lower) found = m[k];
  return found;
}

/** sigs.k8s.io/yaml.Unmarshal of one document into a releaseutil.SimpleHead. */
export function parseSimpleHead(doc: string): SimpleHead {
  const v = parseYaml(doc);
  const head: SimpleHead = { apiVersion: '', kind: '', metadata: null };
  if (v === null) return head;
  const wrap = (msg: string) => new Error(`error unmarshaling JSON: while decoding JSON: ${msg}`);
  if (!isGoMap(v)) throw wrap(`json: cannot unmarshal ${jsonKind(v)} into Go value of type releaseutil.SimpleHead`);
  try {
    head.apiVersion = coerceString(fieldOf(v, 'apiVersion'), 'SimpleHead.apiVersion');
    head.kind = coerceString(fieldOf(v, 'kind'), 'SimpleHead.kind');
    const md = fieldOf(v, 'metadata');
    if (md !== undefined && md !== null) {
      if (!isGoMap(md)) throw new Error(`json: cannot unmarshal ${jsonKind(md)} into Go struct field SimpleHead.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }`);
      const meta: { name: string; annotations: Record<string, string> | null } = { name: '', annotations: null };
      meta.name = coerceString(fieldOf(md, 'name'), '.metadata.name');
      const ann = fieldOf(md, 'annotations');
      if (ann !== undefined && ann !== null) {
        if (!isGoMap(ann)) throw new Error(`json: cannot unmarshal ${jsonKind(ann)} into Go struct field .metadata.annotations of type map[string]string`);
        const a: Record<string, string> = {};
        for (const [k, val] of Object.entries(ann)) a[k] = coerceString(val, '.metadata.annotations');
        meta.annotations = a;
      }
      head.metadata = meta;
    }
  } catch (e) {
    throw wrap((e as Error).message);
  }
  return head;
}

/** Go's strconv.Atoi (0 on any error, as calculateHookWeight treats it). */
function atoiOrZero(s: string | undefined): number {
  if (s === undefined) return 0;
  if (!/^[+-]?\d+$/.test(s)) return 0;
  const n = BigInt(s);
  if (n < -(1n << 63n) || n >= 1n << 63n) return 0;
  return Number(n);
}

// ---------------------------------------------------------------------------------------------------------
// Kind ordering

export const InstallOrder: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

export const UninstallOrder: readonly string[] = [
  'APIService',
  'Ingress',
  'IngressClass',
  'Service',
  'CronJob',
  'Job',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
  'DaemonSet',
  'RoleBindingList',
  'RoleBinding',
  'RoleList',
  'Role',
  'ClusterRoleBindingList',
  'ClusterRoleBinding',
  'ClusterRoleList',
  'ClusterRole',
  'CustomResourceDefinition',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ConfigMap',
  'SecretList',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'LimitRange',
  'ResourceQuota',
  'NetworkPolicy',
  'Namespace',
  'PriorityClass',
];

/** lessByKind: known kinds by their position; unknown kinds after them, alphabetically. */
function kindComparator(ordering: readonly string[]) {
  const idx = new Map<string, number>();
  ordering.forEach((k, i) => idx.set(k, i));
  return (kindA: string, kindB: string): boolean => {
    const first = idx.get(kindA);
    const second = idx.get(kindB);
    if (first === undefined && second === undefined) {
      if (kindA !== kindB) return kindA < kindB;
      return false;
    }
    if (first === undefined) return false;
    if (second === undefined) return true;
    return first < second;
  };
}

/** sort.SliceStable by kind. */
export function sortByKind<T>(items: T[], kindOf: (t: T) => string, ordering: readonly string[] = InstallOrder): T[] {
  const less = kindComparator(ordering);
  const indexed = items.map((t, i) => ({ t, i, k: kindOf(t) }));
  indexed.sort((a, b) => (less(a.k, b.k) ? -1 : less(b.k, a.k) ? 1 : a.i - b.i));
  return indexed.map((x) => x.t);
}

/** Go's sort.Strings order (byte-wise UTF-8; for JS strings, code point order). */
export function goStringLess(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : 1;
}

export interface SortResult {
  hooks: Hook[];
  manifests: Manifest[];
}

export class SortManifestsError extends Error {
  constructor(
    message: string,
    readonly partial: SortResult,
  ) {
    super(message);
    this.name = 'SortManifestsError';
  }
}

/** releaseutil.SortManifests: files (path → rendered text) → hooks and manifests, each sorted by kind.
 *  Partials and blank files are skipped; a document that is not valid YAML fails with
 *  `YAML parse error on PATH: ...` (SortManifestsError, carrying what was sorted so far). `log` receives
 *  Helm's notice for unknown hook types. */
export function sortManifests(
  files: Record<string, string>,
  ordering: readonly string[] = InstallOrder,
  log: (msg: string) => void = () => {},
): SortResult {
  const hooks: Hook[] = [];
  const generic: Manifest[] = [];
  const paths = Object.keys(files).sort(goStringLess);
  for (const filePath of paths) {
    const content = files[filePath];
    const base = filePath.slice(filePath.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    if (goTrimSpace(content) === '') continue;
    for (const m of splitManifests(content)) {
      let entry: SimpleHead;
      try {
        entry = parseSimpleHead(m);
      } catch (e) {
        throw new SortManifestsError(`YAML parse error on ${filePath}: ${(e as Error).message}`, { hooks, manifests: generic });
      }
      const ann = entry.metadata?.annotations;
      if (!ann || Object.keys(ann).length === 0 || !Object.hasOwn(ann, HOOK_ANNOTATION)) {
        generic.push({ name: filePath, content: m, head: entry });
        continue;
      }
      const hookTypes = ann[HOOK_ANNOTATION];
      const h: Hook = {
        name: entry.metadata!.name,
        kind: entry.kind,
        path: filePath,
        manifest: m,
        events: [],
        last_run: { started_at: '', completed_at: '', phase: '' },
        weight: atoiOrZero(ann[HOOK_WEIGHT_ANNOTATION]),
        delete_policies: [],
      };
      let unknown = false;
      for (const ht of hookTypes.split(',')) {
        const e = EVENTS[goTrimSpace(ht).toLowerCase()];
        if (e === undefined) {
          unknown = true;
          break;
        }
        h.events.push(e);
      }
      if (unknown) {
        log(`info: skipping unknown hook: ${JSON.stringify(hookTypes)}`);
        continue;
      }
      hooks.push(h);
      if (Object.hasOwn(ann, HOOK_DELETE_ANNOTATION)) {
        for (const dp of ann[HOOK_DELETE_ANNOTATION].split(',')) h.delete_policies.push(goTrimSpace(dp).toLowerCase());
      }
    }
  }
  return {
    hooks: sortByKind(hooks, (h) => h.kind, ordering),
    manifests: sortByKind(generic, (m) => m.head.kind, ordering),
  };
}
