// Saving charts as archives (Helm v3.13.3 chartutil.Save / writeTarContents) and `helm package`'s action
// (action.Package.Run), with one difference on purpose: the archive is deterministic. Every entry has the same
// fixed modification time (SOURCE_DATE_EPOCH when set, else 0), entries come in Helm's order (Chart.yaml,
// Chart.lock, values.yaml, values.schema.json, templates, files, then each subchart the same way), and the gzip
// header carries no time stamp, so packaging the same chart twice gives the same bytes.

import { existsSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { marshalYaml } from '../funcs/yaml.js';
import { parseVersion } from '../funcs/semver.js';
import { loadDir } from './load.js';
import { APIVersionV1, APIVersionV2, Chart, type Dependency, type Lock, type Metadata } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// Chart.yaml / Chart.lock as sigs.k8s.io/yaml.Marshal writes the structs (omitempty fields dropped, keys sorted)

function dependencyJson(d: Dependency): Record<string, unknown> {
  const o: Record<string, unknown> = { name: d.name ?? '' };
  if (d.version) o.version = d.version;
  o.repository = d.repository ?? '';
  if (d.condition) o.condition = d.condition;
  if (d.tags && d.tags.length > 0) o.tags = d.tags;
  if (d.enabled) o.enabled = true;
  if (d['import-values'] && d['import-values'].length > 0) o['import-values'] = d['import-values'];
  if (d.alias) o.alias = d.alias;
  return o;
}

/** chart.Metadata as JSON (Helm's tags, omitempty). v1 charts drop dependencies when saved. */
export function metadataJson(md: Metadata, forArchive = false): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const str = (k: keyof Metadata) => {
    const v = md[k];
    if (typeof v === 'string' && v !== '') o[k] = v;
  };
  str('name');
  str('home');
  if (md.sources && md.sources.length > 0) o.sources = md.sources;
  str('version');
  str('description');
  if (md.keywords && md.keywords.length > 0) o.keywords = md.keywords;
  if (md.maintainers && md.maintainers.length > 0) {
    o.maintainers = md.maintainers.map((m) => {
      if (m === null || m === undefined) return null;
      const r: Record<string, string> = {};
      if (m.name) r.name = m.name;
      if (m.email) r.email = m.email;
      if (m.url) r.url = m.url;
      return r;
    });
  }
  str('icon');
  str('apiVersion');
  str('condition');
  str('tags');
  str('appVersion');
  if (md.deprecated) o.deprecated = true;
  if (md.annotations && Object.keys(md.annotations).length > 0) o.annotations = md.annotations;
  str('kubeVersion');
  const dropDeps = forArchive && md.apiVersion === APIVersionV1;
  if (!dropDeps && md.dependencies && md.dependencies.length > 0) o.dependencies = md.dependencies.map(dependencyJson);
  str('type');
  return o;
}

/** yaml.Marshal(chart.Metadata): what `helm show chart` prints and what an archive's Chart.yaml holds. */
export function marshalMetadata(md: Metadata, forArchive = false): string {
  return marshalYaml(metadataJson(md, forArchive));
}

/** A time as Go's time.Time marshals it (RFC 3339 with nanoseconds, trailing zeros of the fraction dropped,
 *  the offset kept); text that is not such a time is kept as it is. */
export function rfc3339Nano(t: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m) return t;
  const frac = (m[2] ?? '').slice(0, 9).replace(/0+$/, '');
  const zone = m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3];
  return `${m[1]}${frac ? '.' + frac : ''}${zone}`;
}

/** yaml.Marshal(chart.Lock) (generated as Go marshals a time.Time). */
export function marshalLock(lock: Lock): string {
  return marshalYaml({
    generated: rfc3339Nano(lock.generated),
    digest: lock.digest,
    dependencies: (lock.dependencies ?? []).map(dependencyJson),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic tar + gzip

/** Helm's gzip header extra field and comment (chartutil.Save), so our archives look like Helm's. */
const GZIP_EXTRA = Buffer.from('+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=');
const GZIP_COMMENT = Buffer.from('Helm');

function fixedMtime(): number {
  const e = process.env.SOURCE_DATE_EPOCH;
  if (e && /^\d+$/.test(e)) return Number(e);
  return 0;
}

function octal(buf: Buffer, off: number, len: number, n: number): void {
  // len-1 octal digits, zero padded, then NUL (Go's formatOctal)
  const s = n.toString(8).padStart(len - 1, '0');
  if (s.length > len - 1) throw new Error(`tar: value ${n} does not fit in a ${len}-byte field`);
  buf.write(s, off, 'ascii');
  buf[off + len - 1] = 0;
}

/** Split a long name into USTAR prefix/name at a slash, as Go's splitUSTARPath; undefined when impossible. */
function splitUstar(name: string): [string, string] | undefined {
  const b = Buffer.from(name);
  if (b.length <= 100) return ['', name];
  if (b.length > 256) return undefined;
  let i = Math.min(b.length - 1, 155);
  while (i > 0 && b[i] !== 0x2f) i--;
  if (i <= 0) return undefined;
  const prefix = b.subarray(0, i).toString();
  const rest = b.subarray(i + 1).toString();
  if (Buffer.byteLength(rest) > 100 || rest === '') return undefined;
  return [prefix, rest];
}

function header(name: string, size: number, mtime: number, type: '0' | 'x', prefix = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum placeholder
  h.write(type, 156, 'ascii');
  h.write('ustar\x0000', 257, 'latin1');
  octal(h, 329, 8, 0);
  octal(h, 337, 8, 0);
  if (prefix) h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  const cs = sum.toString(8).padStart(6, '0');
  h.write(cs, 148, 'ascii');
  h[154] = 0;
  h[155] = 0x20;
  return h;
}

function pad(n: number): Buffer {
  const r = n % 512;
  return r === 0 ? Buffer.alloc(0) : Buffer.alloc(512 - r);
}

/** A PAX record "LEN key=value\n" (LEN counts itself). */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** Regular files (mode 0644, uid/gid 0) as a tar stream, names that don't fit USTAR through a PAX header. */
export function tarFiles(files: { name: string; data: Uint8Array }[], mtime = fixedMtime()): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const split = splitUstar(f.name);
    if (split) parts.push(header(split[1], f.data.length, mtime, '0', split[0]));
    else {
      const pax = Buffer.from(paxRecord('path', f.name));
      const base = f.name.slice(f.name.lastIndexOf('/') + 1);
      parts.push(header(`PaxHeaders.0/${base}`.slice(0, 99), pax.length, mtime, 'x'), pax, pad(pax.length));
      parts.push(header(Buffer.from(f.name).subarray(0, 100).toString(), f.data.length, mtime, '0'));
    }
    parts.push(Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength), pad(f.data.length));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** gzip with Go's header layout (FEXTRA + FCOMMENT, no mtime, OS unknown), as Helm writes chart archives. */
export function gzipDeterministic(data: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head[0] = 0x1f;
  head[1] = 0x8b;
  head[2] = 8;
  head[3] = 0x04 | 0x10;
  head.writeUInt32LE(0, 4);
  head[8] = 0;
  head[9] = 255;
  const xlen = Buffer.alloc(2);
  xlen.writeUInt16LE(GZIP_EXTRA.length);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([head, xlen, GZIP_EXTRA, GZIP_COMMENT, Buffer.from([0]), deflateRawSync(data, { level: 6 }), trailer]);
}

// ---------------------------------------------------------------------------------------------------------
// chartutil.Save

const enc = new TextEncoder();

/** The archive's entries in writeTarContents' order. */
export function archiveEntries(c: Chart, prefix = ''): { name: string; data: Uint8Array }[] {
  const base = prefix ? `${prefix}/${c.name()}` : c.name();
  const out: { name: string; data: Uint8Array }[] = [];
  out.push({ name: `${base}/Chart.yaml`, data: enc.encode(marshalMetadata(c.metadata, true)) });
  if (c.metadata.apiVersion === APIVersionV2 && c.lock) out.push({ name: `${base}/Chart.lock`, data: enc.encode(marshalLock(c.lock)) });
  for (const f of c.raw) if (f.name === 'values.yaml') out.push({ name: `${base}/values.yaml`, data: f.data });
  if (c.schema) {
    try {
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(c.schema));
    } catch {
      throw new Error('Invalid JSON in values.schema.json');
    }
    out.push({ name: `${base}/values.schema.json`, data: c.schema });
  }
  for (const f of c.templates) out.push({ name: `${base}/${f.name}`, data: f.data });
  for (const f of c.files) out.push({ name: `${base}/${f.name}`, data: f.data });
  for (const d of c.dependencies) out.push(...archiveEntries(d, `${base}/charts`));
  return out;
}

/** The archive's bytes (validated as chartutil.Save validates). */
export function archiveBytes(c: Chart): Buffer {
  validateForSave(c);
  return gzipDeterministic(tarFiles(archiveEntries(c)));
}

function validateForSave(c: Chart): void {
  const md = c.metadata;
  const fail = (m: string): never => {
    throw new Error(`chart validation: validation: ${m}`);
  };
  if (!md) fail('chart.metadata is required');
  if (!md.apiVersion) fail('chart.metadata.apiVersion is required');
  if (!md.name) fail('chart.metadata.name is required');
  if (!md.version) fail('chart.metadata.version is required');
  try {
    parseVersion(md.version!);
  } catch {
    fail(`chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  }
  if (md.type && md.type !== 'application' && md.type !== 'library') fail('chart.metadata.type must be application or library');
}

/** chartutil.Save: write DIR/NAME-VERSION.tgz atomically; returns its path (DIR joined with the file name, as
 *  Helm returns it: absolute when DIR is). */
export function saveChart(c: Chart, outDir: string): string {
  const bytes = archiveBytes(c);
  const filename = join(outDir, `${c.name()}-${c.metadata.version}.tgz`);
  const dir = dirname(filename);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new Error(`is not a directory: ${dir}`);
  } else mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tmp = `${filename}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes, { mode: 0o644 });
    renameSync(tmp, filename);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing written */
    }
    throw e;
  }
  return filename;
}

// ---------------------------------------------------------------------------------------------------------
// action.Package

export interface PackageOptions {
  /** Set the chart's version (must be SemVer). */
  version?: string;
  /** Set the chart's appVersion. */
  appVersion?: string;
}

/** action.CheckDependencies: every dependency of Chart.yaml must be present in charts/. */
export function checkDependencies(c: Chart, reqs: Dependency[]): void {
  const missing: string[] = [];
  const present = new Set(c.dependencies.map((d) => d.name()));
  for (const r of reqs) if (!present.has(r.name)) missing.push(r.name);
  if (missing.length > 0) throw new Error(`found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
}

/** Package a chart (a loaded Chart, or a chart directory) into DESTDIR/NAME-VERSION.tgz; returns the path.
 *  Deterministic: the same chart gives the same bytes. */
export async function packageChart(chartOrDir: Chart | string, destDir: string, opts: PackageOptions = {}): Promise<string> {
  const ch = typeof chartOrDir === 'string' ? await loadDir(chartOrDir) : chartOrDir;
  if (opts.version) ch.metadata.version = opts.version;
  try {
    parseVersion(ch.metadata.version ?? '');
  } catch {
    throw new Error('Invalid Semantic Version');
  }
  if (opts.appVersion) ch.metadata.appVersion = opts.appVersion;
  if (ch.metadata.dependencies) checkDependencies(ch, ch.metadata.dependencies);
  try {
    return saveChart(ch, destDir);
  } catch (e) {
    throw new Error(`failed to save: ${(e as Error).message}`, { cause: e });
  }
}
