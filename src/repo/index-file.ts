// A chart repository's index.yaml (Helm's repo.IndexFile), loaded lazily: the file is scanned once for the
// byte range of each chart's entry list, and a chart's versions are parsed only when asked for. A bitnami-sized
// index (tens of MB) therefore loads in a fraction of the time and memory a full YAML parse needs; an index
// not in the usual block layout (e.g. JSON) falls back to a full parse.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import yaml from 'js-yaml';
import { parseVersion, parseConstraint, type Constraints, type Version } from '../funcs/semver.js';

export interface ChartVersion {
  name: string;
  version: string;
  apiVersion?: string;
  appVersion?: string;
  description?: string;
  keywords?: string[];
  home?: string;
  sources?: string[];
  icon?: string;
  deprecated?: boolean;
  type?: string;
  digest?: string;
  created?: string;
  urls: string[];
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

/** Largest index.yaml accepted (TSHELM_MAX_INDEX_SIZE bytes; default 256 MiB, ~8x the largest public index seen). */
export function maxIndexSize(): number {
  const v = Number(process.env.TSHELM_MAX_INDEX_SIZE);
  return Number.isFinite(v) && v > 0 ? v : 256 * 1024 * 1024;
}

const NL = 0x0a;
const SP = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const CR = 0x0d;

/** Helm's sort order within an entry: semver descending; unparsable versions compared as strings. */
export function compareVersionsDesc(a: string, b: string): number {
  let va, vb;
  try {
    va = parseVersion(a);
    vb = parseVersion(b);
  } catch {
    return a < b ? 1 : a > b ? -1 : 0;
  }
  return vb.compare(va);
}

function isValidVersion(v: string): boolean {
  try {
    parseVersion(v);
    return true;
  } catch {
    return false;
  }
}

function normalizeVersion(raw: any, name: string): ChartVersion | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const cv = raw as ChartVersion;
  cv.name = raw.name == null || raw.name === '' ? name : String(raw.name);
  cv.version = raw.version == null ? '' : String(raw.version);
  cv.urls = Array.isArray(raw.urls) ? raw.urls.map(String) : [];
  if (raw.appVersion != null) cv.appVersion = String(raw.appVersion);
  if (raw.description != null) cv.description = String(raw.description);
  if (raw.apiVersion == null || raw.apiVersion === '') cv.apiVersion = 'v1';
  if (raw.keywords !== undefined && !Array.isArray(raw.keywords)) cv.keywords = undefined;
  return cv;
}

export class IndexFile {
  apiVersion = '';
  generated = '';
  /** Warnings about skipped entries (Helm logs "skipping loading invalid entry ..."). */
  readonly warnings: string[] = [];
  private readonly ranges = new Map<string, [number, number]>();
  private readonly parsed = new Map<string, ChartVersion[]>();

  private constructor(private readonly buf: Buffer, private readonly source: string) {}

  /** Parse index.yaml bytes. Throws Helm's errors ("empty index.yaml file", "no API version specified"). */
  static parse(data: Buffer | string, source = 'index.yaml'): IndexFile {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    if (buf.length > maxIndexSize()) throw new Error(`${source}: index is ${buf.length} bytes, larger than the limit of ${maxIndexSize()} (TSHELM_MAX_INDEX_SIZE)`);
    if (buf.length === 0 || buf.toString('utf8', 0, Math.min(buf.length, 4096)).trim() === '') throw new Error('empty index.yaml file');
    const idx = new IndexFile(buf, source);
    if (!idx.scan()) idx.fullParse();
    if (idx.apiVersion === '') throw new Error('no API version specified');
    return idx;
  }

  static load(path: string): IndexFile {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e: any) {
      throw new Error(`open ${path}: ${e?.code === 'ENOENT' ? 'no such file or directory' : e?.message}`);
    }
    try {
      const size = fstatSync(fd).size;
      if (size > maxIndexSize()) throw new Error(`${path}: index is ${size} bytes, larger than the limit of ${maxIndexSize()} (TSHELM_MAX_INDEX_SIZE)`);
      const buf = Buffer.allocUnsafe(size);
      let off = 0;
      while (off < size) {
        const n = readSync(fd, buf, off, size - off, off);
        if (n <= 0) break;
        off += n;
      }
      return IndexFile.parse(buf.subarray(0, off), path);
    } finally {
      closeSync(fd);
    }
  }

  /** The fast path: find "entries:" at the top level and each chart's key line at indent 2. */
  private scan(): boolean {
    const b = this.buf;
    const n = b.length;
    // Top-level lines outside entries are collected as text and parsed with YAML.
    let top = '';
    let pos = 0;
    let inEntries = false;
    let sawEntries = false;
    let curName: string | undefined;
    let curStart = 0;
    let entryIndent = -1;
    const close = (end: number) => {
      if (curName !== undefined) this.ranges.set(curName, [curStart, end]);
      curName = undefined;
    };
    if (b[0] === 0x7b /* { */) return false;
    while (pos < n) {
      let eol = b.indexOf(NL, pos);
      if (eol < 0) eol = n;
      let ind = 0;
      while (pos + ind < eol && b[pos + ind] === SP) ind++;
      const first = pos + ind < eol ? b[pos + ind] : -1;
      const blank = first === -1 || first === CR || first === HASH;
      if (!blank && ind === 0) {
        if (inEntries) {
          close(pos);
          inEntries = false;
        }
        const line = b.toString('utf8', pos, eol).replace(/\r$/, '');
        if (/^entries:\s*$/.test(line)) {
          if (sawEntries) return false;
          inEntries = true;
          sawEntries = true;
        } else if (/^entries:/.test(line) || line.startsWith('---') || line.startsWith('...')) {
          if (/^entries:\s*\{\}\s*$/.test(line)) sawEntries = true;
          else if (line.startsWith('---') && top.trim() === '' && !sawEntries) {
            /* a document start marker */
          } else return false;
        } else top += line + '\n';
        // multi-line top-level values (e.g. annotations) are gathered line by line below
      } else if (inEntries && !blank) {
        if (entryIndent < 0 && first !== DASH) entryIndent = ind;
        if (ind === entryIndent && first !== DASH) {
          close(pos);
          const line = b.toString('utf8', pos + ind, eol).replace(/\r$/, '');
          const m = line.match(/^(.*?):\s*(\[\]\s*)?$/);
          if (!m) return false;
          let key = m[1];
          if (/^["']/.test(key)) {
            try {
              key = String(yaml.load(key));
            } catch {
              return false;
            }
          }
          if (m[2]) {
            this.ranges.set(key, [pos, pos]);
          } else {
            curName = key;
            curStart = pos;
          }
        } else if (ind < entryIndent) return false;
      } else if (!inEntries && !blank) {
        top += b.toString('utf8', pos, eol).replace(/\r$/, '') + '\n';
      }
      pos = eol + 1;
    }
    if (inEntries) close(n);
    if (!sawEntries && this.ranges.size === 0) {
      // no entries at all: parse everything normally
      return false;
    }
    let doc: any;
    try {
      doc = top.trim() === '' ? {} : yaml.load(top, { schema: yaml.CORE_SCHEMA });
    } catch {
      return false;
    }
    if (doc == null || typeof doc !== 'object' || Array.isArray(doc)) return false;
    this.apiVersion = doc.apiVersion == null ? '' : String(doc.apiVersion);
    this.generated = doc.generated == null ? '' : String(doc.generated);
    return true;
  }

  private fullParse(): void {
    let doc: any;
    try {
      doc = yaml.load(this.buf.toString('utf8'), { schema: yaml.CORE_SCHEMA, json: true });
    } catch (e: any) {
      throw new Error(`error unmarshaling ${this.source}: ${String(e?.message ?? e).split('\n')[0]}`);
    }
    if (doc == null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`error unmarshaling ${this.source}: the document is not a mapping`);
    this.apiVersion = doc.apiVersion == null ? '' : String(doc.apiVersion);
    this.generated = doc.generated == null ? '' : String(doc.generated);
    const entries = doc.entries ?? {};
    if (typeof entries !== 'object' || Array.isArray(entries)) throw new Error(`error unmarshaling ${this.source}: entries is not a mapping`);
    for (const name of Object.keys(entries)) {
      this.ranges.set(name, [0, 0]);
      this.parsed.set(name, this.finish(name, entries[name]));
    }
  }

  private finish(name: string, list: unknown): ChartVersion[] {
    const out: Array<{ cv: ChartVersion; v: Version }> = [];
    if (!Array.isArray(list)) return [];
    for (const raw of list) {
      const cv = normalizeVersion(raw, name);
      if (!cv) continue;
      let v: Version | undefined;
      try {
        if (cv.version !== '') v = parseVersion(cv.version);
      } catch {
        v = undefined;
      }
      if (!v) {
        this.warnings.push(`skipping loading invalid entry for chart ${JSON.stringify(name)} ${JSON.stringify(cv.version)} from ${this.source}: validation: chart.metadata.version ${JSON.stringify(cv.version)} is invalid`);
        continue;
      }
      out.push({ cv, v });
    }
    // newest first (stable for equal versions)
    return out.sort((a, b) => b.v.compare(a.v)).map((x) => x.cv);
  }

  /** Chart names, sorted. */
  names(): string[] {
    return [...this.ranges.keys()].sort();
  }

  has(name: string): boolean {
    return this.ranges.has(name);
  }

  /** All versions of a chart, newest first (Helm's SortEntries). Parsed on first use; `cache` keeps them. */
  versions(name: string, cache = true): ChartVersion[] {
    const hit = this.parsed.get(name);
    if (hit) return hit;
    const r = this.ranges.get(name);
    if (!r) return [];
    if (r[0] === r[1]) return [];
    let doc: any;
    try {
      doc = yaml.load(this.buf.toString('utf8', r[0], r[1]), { schema: yaml.CORE_SCHEMA });
    } catch (e: any) {
      throw new Error(`error unmarshaling ${this.source} (chart ${JSON.stringify(name)}): ${String(e?.message ?? e).split('\n')[0]}`);
    }
    const list = doc && typeof doc === 'object' ? doc[name] : undefined;
    const out = this.finish(name, list);
    if (cache) this.parsed.set(name, out);
    return out;
  }

  /** The versions of a chart with only the fields search needs (name, version, appVersion, description,
   *  keywords, deprecated), newest first: the other fields' lines are skipped before the YAML parse. */
  summaries(name: string): ChartVersion[] {
    const hit = this.parsed.get(name);
    if (hit) return hit;
    const r = this.ranges.get(name);
    if (!r || r[0] === r[1]) return this.versions(name, false);
    const direct = summarizeEntryBytes(this.buf, r[0], r[1]);
    if (direct) return this.finish(name, direct);
    const text = this.buf.toString('utf8', r[0], r[1]);
    const slim = slimEntryText(text);
    if (slim === undefined) return this.versions(name, false);
    let doc: any;
    try {
      doc = yaml.load(slim, { schema: yaml.CORE_SCHEMA });
    } catch {
      return this.versions(name, false);
    }
    const list = doc && typeof doc === 'object' ? doc[name] : undefined;
    if (!Array.isArray(list)) return this.versions(name, false);
    return this.finish(name, list.map((o: any) => (o && typeof o === 'object' ? (delete o.__, o) : o)));
  }

  /** Every chart with its versions, newest first, in name order (each parsed and dropped in turn). */
  *entries(): Generator<[string, ChartVersion[]]> {
    for (const name of this.names()) yield [name, this.versions(name, false)];
  }

  /** As entries(), with summaries() (search). */
  *summaryEntries(): Generator<[string, ChartVersion[]]> {
    for (const name of this.names()) yield [name, this.summaries(name)];
  }

  /** Helm's IndexFile.Get: the exact version if listed, else the newest matching the constraint ("" = any). */
  get(name: string, version = ''): ChartVersion {
    if (!this.has(name)) throw new Error('no chart name found');
    const vs = this.versions(name);
    if (vs.length === 0) throw new Error('no chart version found');
    let c: Constraints;
    c = parseConstraint(version === '' ? '*' : version);
    if (version !== '') for (const v of vs) if (v.version === version) return v;
    for (const v of vs) {
      let pv;
      try {
        pv = parseVersion(v.version);
      } catch {
        continue;
      }
      if (c.check(pv)) return v;
    }
    throw new Error(`no chart version found for ${name}-${version}`);
  }

  /** The NAME-charts.txt content Helm writes next to the cached index. */
  chartsTxt(): string {
    return this.names().map((n) => n + '\n').join('');
  }
}

/** sha256 of a file, hex (Helm's provenance.DigestFile, as index digests use). */
export function digestFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
export function digestBytes(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const SUMMARY_KEYS = new Set(['name', 'version', 'appVersion', 'description', 'keywords', 'deprecated']);

/** One chart's entry text reduced to the summary keys, or undefined when its layout is not the usual one. */
function slimEntryText(text: string): string | undefined {
  const lines = text.split('\n');
  const out: string[] = [lines[0]];
  let listIndent = -1;
  let keyIndent = -1;
  let keep = false;
  for (let i = 1; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const t = line.trimStart();
    if (t === '' || t.startsWith('#')) {
      if (keep) out.push(line);
      continue;
    }
    const ind = line.length - t.length;
    if (listIndent < 0) {
      if (!t.startsWith('- ')) return undefined;
      listIndent = ind;
      keyIndent = ind + 2;
    }
    let keyLine: string | undefined;
    if (ind === listIndent && t.startsWith('- ')) {
      out.push(' '.repeat(listIndent) + '- __: 0');
      keyLine = ' '.repeat(keyIndent) + t.slice(2);
      if (t.slice(2).startsWith('- ') || t.slice(2).trimStart() === '') return undefined;
    } else if (ind < listIndent) return undefined;
    else if (ind === keyIndent && !t.startsWith('- ')) keyLine = line;
    if (keyLine !== undefined) {
      const m = /^\s*("?)([A-Za-z_]+)\1\s*:/.exec(keyLine);
      if (!m) return undefined;
      keep = SUMMARY_KEYS.has(m[2]);
      if (keep) out.push(keyLine);
      continue;
    }
    if (ind < keyIndent && !(ind === listIndent)) return undefined;
    if (keep) out.push(line);
  }
  return out.join('\n') + '\n';
}

/** A one-line YAML scalar as the core schema reads it for the summary fields, or undefined when not simple. */
function simpleScalar(v: string): string | null | undefined {
  v = v.trim();
  const hash = v.indexOf(' #');
  if (hash >= 0 && v[0] !== '"' && v[0] !== "'") v = v.slice(0, hash).trimEnd();
  if (v === '' || v === '~' || v === 'null' || v === 'Null' || v === 'NULL') return null;
  const c = v[0];
  if (c === '"') {
    if (!v.endsWith('"') || v.length < 2) return undefined;
    const inner = v.slice(1, -1);
    if (/\\/.test(inner)) return undefined;
    if (inner.includes('"')) return undefined;
    return inner;
  }
  if (c === "'") {
    if (!v.endsWith("'") || v.length < 2) return undefined;
    const inner = v.slice(1, -1);
    if (/'(?!')/.test(inner.replace(/''/g, ''))) return undefined;
    return inner.replace(/''/g, "'");
  }
  if ('|>&*!{[%@`,?:-'.includes(c) && !(c === '-' && v.length > 1 && v[1] !== ' ')) return undefined;
  if (v.includes(': ') || v.endsWith(':')) return undefined;
  return v;
}

const KEY_BYTES: Array<[string, Buffer]> = [...SUMMARY_KEYS].map((k) => [k, Buffer.from(k + ':')]);

function keyAt(b: Buffer, p: number, end: number): string | undefined {
  for (const [k, kb] of KEY_BYTES) {
    if (p + kb.length <= end && b[p] === kb[0] && b.compare(kb, 0, kb.length, p, p + kb.length) === 0) {
      const after = p + kb.length;
      if (after === end || b[after] === SP || b[after] === CR) return k;
    }
  }
  return undefined;
}

/** The summary fields of each version, read straight from the bytes of the usual block layout (only the
 *  kept values are decoded); undefined when anything in them is not a simple one-line scalar (then YAML
 *  parses the entry). */
function summarizeEntryBytes(b: Buffer, start: number, end: number): Array<Record<string, unknown>> | undefined {
  const out: Array<Record<string, unknown>> = [];
  let listIndent = -1;
  let keyIndent = -1;
  let cur: Record<string, unknown> | undefined;
  let inKeywords = false;
  // the last key line was a kept one: a deeper line after it continues its value (a folded plain scalar)
  let keptKey = false;
  let pos = b.indexOf(NL, start);
  if (pos < 0 || pos >= end) return undefined;
  pos++;
  while (pos < end) {
    let eol = b.indexOf(NL, pos);
    if (eol < 0 || eol > end) eol = end;
    let p = pos;
    while (p < eol && b[p] === SP) p++;
    const ind = p - pos;
    const first = p < eol ? b[p] : -1;
    const line = pos;
    pos = eol + 1;
    if (first === -1 || first === CR || first === HASH) {
      if (inKeywords) return undefined;
      continue;
    }
    if (listIndent < 0) {
      if (first !== DASH || b[p + 1] !== SP) return undefined;
      listIndent = ind;
      keyIndent = ind + 2;
    }
    const dash = first === DASH && (p + 1 === eol || b[p + 1] === SP || b[p + 1] === CR);
    let keyPos = -1;
    if (ind === listIndent && dash) {
      cur = {};
      out.push(cur);
      inKeywords = false;
      keyPos = p + 2;
      if (keyPos >= eol || b[keyPos] === SP || b[keyPos] === DASH) return undefined;
    } else if (ind < listIndent) return undefined;
    else if (ind === keyIndent && !dash) keyPos = p;
    else if (inKeywords && dash && ind >= keyIndent) {
      const v = simpleScalar(b.toString('utf8', p + 2, eol));
      if (v === undefined) return undefined;
      (cur!.keywords as unknown[]).push(v);
      continue;
    } else {
      if (inKeywords || keptKey) return undefined;
      continue;
    }
    if (!cur) return undefined;
    inKeywords = false;
    const key = keyAt(b, keyPos, eol);
    keptKey = key !== undefined;
    if (key === undefined) {
      // another key: make sure it looks like one (a plain key followed by ':')
      continue;
    }
    const rest = b.toString('utf8', keyPos + key.length + 1, eol);
    if (key === 'keywords') {
      const v = rest.trim();
      if (v === '') {
        cur.keywords = [];
        inKeywords = true;
        continue;
      }
      if (v === '[]') {
        cur.keywords = [];
        continue;
      }
      return undefined;
    }
    const v = simpleScalar(rest);
    if (v === undefined) return undefined;
    if (v === null && rest.trim() === '') {
      // the value may be on the following, deeper lines: not simple
      let q = pos;
      while (q < end && b[q] === SP) q++;
      if (q - pos > keyIndent && q < end && b[q] !== NL && b[q] !== CR) return undefined;
    }
    cur[key] = key === 'deprecated' ? v === 'true' || v === 'True' || v === 'TRUE' : v;
  }
  return out;
}
