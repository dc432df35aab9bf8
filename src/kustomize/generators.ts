// configMapGenerator and secretGenerator, and the content hash kustomize appends to generated names.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { marshalJson } from '../funcs/json.js';
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

/** types.MergeGlobalOptionsIntoLocal. */
export function mergeOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions {
  if (!global) return local ?? {};
  const out: GeneratorOptions = { ...(local ?? {}) };
  if (global.labels) out.labels = { ...global.labels, ...(local?.labels ?? {}) };
  if (global.annotations) out.annotations = { ...global.annotations, ...(local?.annotations ?? {}) };
  if (out.disableNameSuffixHash === undefined && global.disableNameSuffixHash !== undefined) out.disableNameSuffixHash = global.disableNameSuffixHash;
  if (out.immutable === undefined && global.immutable !== undefined) out.immutable = global.immutable;
  return out;
}

function stripQuotes(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

function parseLiteral(src: string): [string, string] {
  const i = src.indexOf('=');
  if (i <= 0) throw new KustomizeError(`invalid literal source ${src}, expected key=value`);
  return [src.slice(0, i), stripQuotes(src.slice(i + 1))];
}

function parseEnvLines(text: string, file: string): [string, string][] {
  const out: [string, string][] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
      throw new KustomizeError(`"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (in ${file} line ${i + 1})`);
    }
    // a line without `=` is a key with an empty value (kustomize does not read the environment)
    out.push([key, eq >= 0 ? line.slice(eq + 1) : '']);
  });
  return out;
}

const VALID_KEY = /^[-._a-zA-Z0-9]+$/;

function collect(args: GeneratorArgs, ldr: Loader, kind: string): { data: [string, string | Buffer][] } {
  const data: [string, string | Buffer][] = [];
  const add = (k: string, v: string | Buffer) => {
    if (!VALID_KEY.test(k)) throw new KustomizeError(`configmap ${args.name}: invalid key name "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
    if (data.some(([x]) => x === k)) throw new KustomizeError(`${kind === 'Secret' ? 'secret' : 'configmap'} ${args.name} illegally repeats the key \`${k}\``);
    data.push([k, v]);
  };
  const envFiles = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  for (const f of envFiles) for (const [k, v] of parseEnvLines(ldr.readText(f), f)) add(k, v);
  for (const l of args.literals ?? []) {
    const [k, v] = parseLiteral(l);
    add(k, v);
  }
  for (const f of args.files ?? []) {
    const i = f.indexOf('=');
    const [key, path] = i > 0 ? [f.slice(0, i), f.slice(i + 1)] : [basename(f), f];
    if (i === 0) throw new KustomizeError(`key names or file paths cannot be empty: ${f}`);
    const abs = ldr.resolve(path);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new KustomizeError(`evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`);
    }
    if (st.isDirectory()) throw new KustomizeError(`${path} is a directory; only files are supported`);
    add(key, readFileSync(ldr.checkPath(abs)));
  }
  return { data };
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
  const opts = mergeOptions(args.options, global);
  const obj = baseObject('ConfigMap', args, opts);
  const { data } = collect(args, ldr, 'ConfigMap');
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
  const opts = mergeOptions(args.options, global);
  const obj = baseObject('Secret', args, opts);
  obj.data = {};
  const { data } = collect(args, ldr, 'Secret');
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
