// The release record (Helm's pkg/release types) and its storage encoding (Helm's storage/driver util):
// JSON of the release (Go's encoding/json: struct fields in declaration order, omitempty, map keys sorted,
// HTML-escaped strings) → gzip at best compression → base64 (std encoding).
import { gzipSync, gunzipSync, constants as zc } from 'node:zlib';
import { marshalJson, quoteJsonString, parseJson } from '../funcs/json.js';

export type ReleaseStatus =
  | 'unknown' | 'deployed' | 'uninstalled' | 'superseded' | 'failed'
  | 'uninstalling' | 'pending-install' | 'pending-upgrade' | 'pending-rollback';

export const RELEASE_STATUSES: ReleaseStatus[] = ['unknown', 'deployed', 'uninstalled', 'superseded', 'failed',
  'uninstalling', 'pending-install', 'pending-upgrade', 'pending-rollback'];

export function isPending(s: ReleaseStatus): boolean {
  return s === 'pending-install' || s === 'pending-upgrade' || s === 'pending-rollback';
}

/** Timestamps are kept as Go's RFC3339Nano text ("" = zero time, as helm's time.Time marshals it). */
export interface Info {
  first_deployed: string;
  last_deployed: string;
  deleted: string;
  description: string;
  status: ReleaseStatus;
  notes?: string;
  /** The deployed objects by "version/Kind" (Helm's Info.Resources: only `status --show-resources -o json|yaml`
   *  fills it; never stored). */
  resources?: Record<string, unknown[]>;
}

export interface Maintainer { name?: string; email?: string; url?: string }
export interface Dependency {
  name: string; version?: string; repository: string; condition?: string; tags?: string[];
  enabled?: boolean; 'import-values'?: unknown[]; alias?: string;
}
export interface Metadata {
  name?: string; home?: string; sources?: string[]; version?: string; description?: string;
  keywords?: string[]; maintainers?: Maintainer[]; icon?: string; apiVersion?: string; condition?: string;
  tags?: string; appVersion?: string; deprecated?: boolean; annotations?: Record<string, string>;
  kubeVersion?: string; dependencies?: Dependency[]; type?: string;
}
export interface Lock { generated: string; digest: string; dependencies: Dependency[] | null }
/** A chart file; data is base64 (Go []byte in JSON). */
export interface ChartFile { name: string; data: string }
export interface ReleaseChart {
  metadata: Metadata | null;
  lock: Lock | null;
  templates: ChartFile[] | null;
  values: Record<string, unknown> | null;
  schema: string | null; // base64
  files: ChartFile[] | null;
}

export type HookEvent = 'pre-install' | 'post-install' | 'pre-delete' | 'post-delete' | 'pre-upgrade' | 'post-upgrade'
  | 'pre-rollback' | 'post-rollback' | 'test' | string;
export type HookPhase = 'Unknown' | 'Running' | 'Succeeded' | 'Failed' | '';
export interface HookExecution { started_at: string; completed_at: string; phase: HookPhase }
export interface Hook {
  name?: string; kind?: string; path?: string; manifest?: string; events?: HookEvent[];
  last_run: HookExecution; weight?: number; delete_policies?: string[];
}

export interface Release {
  name: string;
  info: Info | null;
  chart: ReleaseChart | null;
  config: Record<string, unknown> | null;
  manifest: string;
  hooks: Hook[] | null;
  version: number;
  namespace: string;
  /** Storage labels (json:"-" in Helm: never in the JSON). */
  labels?: Record<string, string>;
}

export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

// ---------------------------------------------------------------- JSON (Go encoding/json shapes)

type Field = [key: string, kind: 'string' | 'int' | 'bool' | 'strings' | 'map' | 'raw' | ((v: any) => string), omitEmpty: boolean];

const q = (s: string): string => quoteJsonString(s, true);

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function struct(v: any, fields: Field[]): string {
  if (v === null || v === undefined) return 'null';
  const parts: string[] = [];
  for (const [key, kind, omit] of fields) {
    const x = v[key];
    if (omit && isEmpty(x)) continue;
    parts.push(q(key) + ':' + value(x, kind));
  }
  return '{' + parts.join(',') + '}';
}

function value(x: any, kind: Field[1]): string {
  if (typeof kind === 'function') return x === null || x === undefined ? 'null' : kind(x);
  switch (kind) {
    case 'string': return q(x ?? '');
    case 'int': return String(Math.trunc(Number(x ?? 0)));
    case 'bool': return x ? 'true' : 'false';
    case 'strings': return x == null ? 'null' : '[' + (x as string[]).map((s) => q(String(s))).join(',') + ']';
    case 'map':
    case 'raw': return x === undefined ? 'null' : marshalJson(x);
  }
}

const list = (enc: (v: any) => string) => (xs: any[]): string => '[' + xs.map((x) => (x == null ? 'null' : enc(x))).join(',') + ']';

const maintainerJson = (v: any): string => struct(v, [['name', 'string', true], ['email', 'string', true], ['url', 'string', true]]);
const dependencyJson = (v: any): string => struct(v, [['name', 'string', false], ['version', 'string', true], ['repository', 'string', false],
  ['condition', 'string', true], ['tags', 'strings', true], ['enabled', 'bool', true], ['import-values', 'raw', true], ['alias', 'string', true]]);
const metadataJson = (v: any): string => struct(v, [['name', 'string', true], ['home', 'string', true], ['sources', 'strings', true],
  ['version', 'string', true], ['description', 'string', true], ['keywords', 'strings', true], ['maintainers', list(maintainerJson), true],
  ['icon', 'string', true], ['apiVersion', 'string', true], ['condition', 'string', true], ['tags', 'string', true],
  ['appVersion', 'string', true], ['deprecated', 'bool', true], ['annotations', 'map', true], ['kubeVersion', 'string', true],
  ['dependencies', list(dependencyJson), true], ['type', 'string', true]]);
const lockJson = (v: any): string => struct(v, [['generated', (t: string) => q(t || GO_ZERO_TIME), false], ['digest', 'string', false],
  ['dependencies', list(dependencyJson), false]]);
const fileJson = (v: any): string => struct(v, [['name', 'string', false], ['data', (d: string) => q(d), false]]);
const chartJson = (v: any): string => struct(v, [['metadata', metadataJson, false], ['lock', lockJson, false],
  ['templates', list(fileJson), false], ['values', 'map', false], ['schema', (s: string) => q(s), false], ['files', list(fileJson), false]]);
const infoJson = (v: any): string => struct(v, [['first_deployed', 'string', false], ['last_deployed', 'string', false],
  ['deleted', 'string', false], ['description', 'string', true], ['status', 'string', true], ['notes', 'string', true],
  ['resources', 'map', true]]);
const execJson = (v: any): string => struct(v, [['started_at', (t: string) => q(t || GO_ZERO_TIME), false],
  ['completed_at', (t: string) => q(t || GO_ZERO_TIME), false], ['phase', 'string', false]]);
const hookJson = (v: any): string => struct(v, [['name', 'string', true], ['kind', 'string', true], ['path', 'string', true],
  ['manifest', 'string', true], ['events', 'strings', true], ['last_run', (e: any) => execJson(e), false], ['weight', 'int', true],
  ['delete_policies', 'strings', true]]);

/** json.Marshal(release) as Helm's storage writes it. */
export function releaseToJson(r: Release): string {
  const withRun = { ...r, hooks: r.hooks?.map((h) => ({ ...h, last_run: h.last_run ?? { started_at: '', completed_at: '', phase: '' } })) };
  return struct(withRun, [['name', 'string', true], ['info', infoJson, true], ['chart', chartJson, true], ['config', 'map', true],
    ['manifest', 'string', true], ['hooks', list(hookJson), true], ['version', 'int', true], ['namespace', 'string', true]]);
}

/** json.Unmarshal into release.Release: missing fields take their zero values. Values maps become Go values (float64 numbers). */
export function releaseFromJson(text: string): Release {
  let o: any;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new Error(`invalid release record: ${(e as Error).message}`);
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error('invalid release record: not a JSON object');
  const info = o.info ?? null;
  if (info) {
    for (const k of ['first_deployed', 'last_deployed', 'deleted', 'description', 'status'] as const) info[k] ??= '';
  }
  const chart = o.chart ?? null;
  if (chart) {
    for (const k of ['metadata', 'lock', 'templates', 'values', 'schema', 'files']) chart[k] ??= null;
    if (chart.values) chart.values = reparseMap(chart.values);
  }
  const hooks: Hook[] | null = o.hooks ?? null;
  for (const h of hooks ?? []) {
    h.last_run ??= { started_at: '', completed_at: '', phase: '' };
    if (h.last_run.started_at === GO_ZERO_TIME) h.last_run.started_at = '';
    if (h.last_run.completed_at === GO_ZERO_TIME) h.last_run.completed_at = '';
  }
  return {
    name: o.name ?? '',
    info,
    chart,
    config: o.config ? reparseMap(o.config) : null,
    manifest: o.manifest ?? '',
    hooks,
    version: Number(o.version ?? 0),
    namespace: o.namespace ?? '',
  };
}

/** Values through Go's decoder (numbers float64, Go value model) so they render and print as Helm's do. */
function reparseMap(v: unknown): Record<string, unknown> {
  return parseJson(JSON.stringify(v)) as Record<string, unknown>;
}

// ---------------------------------------------------------------- encode / decode (driver util)

const MAGIC_GZIP = [0x1f, 0x8b, 0x08];

/** Helm's encodeRelease: JSON → gzip(BestCompression) → base64. */
export function encodeRelease(r: Release): string {
  const json = Buffer.from(releaseToJson(r), 'utf8');
  return gzipSync(json, { level: zc.Z_BEST_COMPRESSION }).toString('base64');
}

/** Helm's decodeRelease: base64 → (gunzip if gzip magic) → JSON. */
export function decodeRelease(data: string): Release {
  const b = Buffer.from(data, 'base64');
  let json: Buffer = b;
  if (b.length >= 3 && b[0] === MAGIC_GZIP[0] && b[1] === MAGIC_GZIP[1] && b[2] === MAGIC_GZIP[2]) {
    try {
      json = gunzipSync(b);
    } catch (e) {
      throw new Error(`invalid release record: ${(e as Error).message}`);
    }
  }
  return releaseFromJson(json.toString('utf8'));
}

// ---------------------------------------------------------------- time (Go's RFC3339Nano in local time)

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** time.Now().Format(time.RFC3339Nano) equivalent (millisecond precision from the JS clock). */
export function formatGoTime(d: Date = new Date(), nanos?: number): string {
  const off = -d.getTimezoneOffset();
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const ns = nanos ?? d.getMilliseconds() * 1e6;
  const frac = ns ? '.' + String(ns).padStart(9, '0').replace(/0+$/, '') : '';
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return base + frac + zone;
}

/** Parse a Go RFC3339(Nano) time to epoch ms (NaN for ""). */
export function parseGoTime(s: string): number {
  if (!s) return NaN;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return Date.parse(s);
  const ms = m[2] ? Number(m[2].slice(0, 4).padEnd(4, '0').slice(1)) : 0;
  return Date.parse(m[1] + m[3]) + ms;
}

/** Go's "Mon Jan _2 15:04:05 2006" (time.ANSIC) as Helm prints LAST DEPLOYED / UPDATED, in local time. */
export function formatAnsic(s: string): string {
  const t = parseGoTime(s);
  if (Number.isNaN(t)) return '';
  const d = new Date(t);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getDay()]} ${months[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getFullYear()}`;
}

/** Deep copy of a release (values keep their Go model). */
export function cloneRelease(r: Release): Release {
  return releaseFromJson(releaseToJson(r));
}
