// configMapGenerator and secretGenerator, and the content hash kustomize appends to generated names.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { marshalJson } from '../funcs/json.js';
import { goQuote } from '../template/lex.js';
import { KustomizeError } from './errors.js';
import { Obj, Resource } from './resource.js';
import type { Loader } from './loader.js';

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptions;
  type?: string;
}

/** types.MergeGlobalOptionsIntoLocal: the global labels and annotations the local options lack are added; a
 *  global disableNameSuffixHash or immutable turns the local one on. Without global options, the local ones. */
export function mergeOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions | undefined {
  if (!global) return local;
  const out: GeneratorOptions = { ...(local ?? {}) };
  if (global.labels) out.labels = { ...global.labels, ...(local?.labels ?? {}) };
  if (global.annotations) out.annotations = { ...global.annotations, ...(local?.annotations ?? {}) };
  if (global.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global.immutable) out.immutable = true;
  return out;
}

function stripQuotes(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/** Go's %v of a []string. */
export function goList(xs: string[]): string {
  return `[${xs.join(' ')}]`;
}

/** generators.ParseFileSource: "[key=]path" (a file's key defaults to its base name). */
export function parseFileSource(source: string): [key: string, path: string] {
  const parts = source.split('=');
  if (parts.length === 1) return [posix.basename(source) || '.', source];
  if (parts.length > 2) throw new KustomizeError(`source ${goQuote(source)} key name or file path contains '='`);
  if (parts[0] === '') throw new KustomizeError(`missing key name for file path ${goQuote(parts[1])} in source ${goQuote(source)}`);
  if (parts[1] === '') throw new KustomizeError(`missing file path for key name ${goQuote(parts[0])} in source ${goQuote(source)}`);
  return [parts[0], parts[1]];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** KeyValuesFromLines: KEY=VALUE lines; blank lines and # comments skipped; a line without `=` is a key with an
 *  empty value (kustomize does not read the environment). */
function envPairs(text: string, file: string, validateKeys: boolean): [string, string][] {
  const out: [string, string][] = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (validateKeys && !ENV_NAME.test(key)) {
      throw new KustomizeError(`"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (in ${file} line ${i + 1})`);
    }
    out.push([key, eq >= 0 ? line.slice(eq + 1) : '']);
  });
  return out;
}

/** kustomize's KvLoader.Load and makeValidatedDataMap: env files, then literals, then files, each source
 *  loaded through the kustomization's loader, errors worded as kustomize's. `validateKeys`: the key checks
 *  `build` makes (kubectl's validator); `edit` makes none (kustomize edit's validator is a no-op). */
export function loadKvPairs(args: GeneratorArgs, ldr: Loader, validateKeys: boolean): [string, string | Buffer][] {
  const pairs: [string, string | Buffer][] = [];
  const envs = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  const step = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      throw new KustomizeError(`loading KV pairs: ${what}: ${(e as Error).message}`);
    }
  };
  step(`env source files: ${goList(envs)}`, () => {
    for (const f of envs) pairs.push(...envPairs(ldr.readText(f), f, validateKeys));
  });
  const lits = args.literals ?? [];
  step(`literal sources ${goList(lits)}`, () => {
    for (const l of lits) {
      const i = l.indexOf('=');
      if (i <= 0) throw new KustomizeError(`invalid literal source ${l}, expected key=value`);
      pairs.push([l.slice(0, i), stripQuotes(l.slice(i + 1))]);
    }
  });
  const files = args.files ?? [];
  step(`file sources: ${goList(files)}`, () => {
    for (const f of files) {
      const [key, path] = parseFileSource(f);
      pairs.push([key, ldr.readBytes(path)]);
    }
  });
  const seen = new Set<string>();
  for (const [k] of pairs) {
    if (validateKeys && !CONFIG_KEY.test(k)) throw new KustomizeError(`configmap ${args.name}: invalid key name "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
    // makeValidatedDataMap says "configmap" for secrets too
    if (seen.has(k)) throw new KustomizeError(`configmap ${args.name} illegally repeats the key \`${k}\``);
    seen.add(k);
  }
  return pairs;
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

function baseObject(kind: string, args: GeneratorArgs, opts: GeneratorOptions): Obj {
  const metadata: Obj = { name: args.name ?? '' };
  if (args.namespace) metadata.namespace = args.namespace;
  if (opts.labels && Object.keys(opts.labels).length) metadata.labels = { ...opts.labels };
  if (opts.annotations && Object.keys(opts.annotations).length) metadata.annotations = { ...opts.annotations };
  return { apiVersion: 'v1', kind, metadata };
}

export function generateConfigMap(args: GeneratorArgs, ldr: Loader, global?: GeneratorOptions): Resource {
  const opts = mergeOptions(args.options, global) ?? {};
  const obj = baseObject('ConfigMap', args, opts);
  const data = loadKvPairs(args, ldr, true);
  for (const [k, v] of data) {
    if (typeof v === 'string' || isUtf8(v)) {
      (obj.data ??= {})[k] = typeof v === 'string' ? v : v.toString('utf8');
    } else {
      (obj.binaryData ??= {})[k] = v.toString('base64');
    }
  }
  if (opts.immutable) obj.immutable = true;
  return finish(obj, args, opts);
}

export function generateSecret(args: GeneratorArgs, ldr: Loader, global?: GeneratorOptions): Resource {
  const opts = mergeOptions(args.options, global) ?? {};
  const obj = baseObject('Secret', args, opts);
  obj.data = {};
  const data = loadKvPairs(args, ldr, true);
  for (const [k, v] of data) obj.data[k] = Buffer.from(v).toString('base64');
  obj.type = args.type || 'Opaque';
  if (opts.immutable) obj.immutable = true;
  return finish(obj, args, opts);
}

function finish(obj: Obj, args: GeneratorArgs, opts: GeneratorOptions): Resource {
  const r = new Resource(obj);
  const behavior = (args.behavior || 'create') as 'create' | 'merge' | 'replace';
  if (!['create', 'merge', 'replace'].includes(behavior)) throw new KustomizeError(`invalid generator behavior: ${args.behavior}`);
  r.generator = { behavior, hash: !opts.disableNameSuffixHash };
  return r;
}

// ---------------------------------------------------------------------------------------------------------
// The content hash (kustomize's hasher): sha256 of a JSON encoding of the object's identity and data, the first
// ten hex digits with 0, 1, 3, a, e replaced so that no word can be spelt.

function encode(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join('');
}

function jsonOf(v: unknown): unknown {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'object') return String(v);
  return v;
}

export function contentHash(obj: Obj): string {
  let encoded: string;
  // kustomize v5.5 looks the name up as one field called "metadata/name", which never exists: the name it
  // hashes is always empty (so a prefix or suffix never changes the hash). kubectl kustomize does the same.
  const name = '';
  if (obj.kind === 'ConfigMap') {
    const m: Obj = { kind: 'ConfigMap', name: jsonOf(name), data: jsonOf(obj.data) };
    if (obj.binaryData && typeof obj.binaryData === 'object') m.binaryData = obj.binaryData;
    encoded = marshalJson(m);
  } else if (obj.kind === 'Secret') {
    const m: Obj = { kind: 'Secret', type: jsonOf(obj.type), name: jsonOf(name), data: jsonOf(obj.data) };
    if (obj.stringData && typeof obj.stringData === 'object') m.stringData = obj.stringData;
    encoded = marshalJson(m);
  } else {
    encoded = marshalJson(obj);
  }
  return encode(createHash('sha256').update(encoded, 'utf8').digest('hex'));
}
