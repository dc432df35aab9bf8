// Loading charts as Helm v3.13.3's pkg/chart/loader: from a directory (honouring .helmignore) or a gzipped tar
// archive, into a Chart with its subcharts (charts/*, as directories or archives).

import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { parseVersion } from '../funcs/semver.js';
import { isPrint } from '../template/fmt.js';
import { decodeLock, decodeMetadata, decodeValues } from './decode.js';
import { IgnoreRules } from './ignore.js';
import { APIVersionV1, Chart, ValidationError, type Dependency, type File, type Metadata } from './types.js';

/** Largest total size of an archive's decompressed files (Helm: MaxDecompressedChartSize, 100 MiB). */
export let maxDecompressedChartSize = 100 * 1024 * 1024;
/** Largest single file of an archive (Helm: MaxDecompressedFileSize, 5 MiB). */
export let maxDecompressedFileSize = 5 * 1024 * 1024;
export function setArchiveLimits(chart: number, file: number): void {
  maxDecompressedChartSize = chart;
  maxDecompressedFileSize = file;
}

export const HELM_IGNORE = '.helmignore';

/** A file as read from a directory or an archive (loader.BufferedFile). */
export interface BufferedFile {
  name: string;
  data: Uint8Array;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
function trimBom(b: Uint8Array): Uint8Array {
  return b.length >= 3 && b[0] === UTF8_BOM[0] && b[1] === UTF8_BOM[1] && b[2] === UTF8_BOM[2] ? b.subarray(3) : b;
}

const decoder = new TextDecoder();
const text = (b: Uint8Array) => decoder.decode(b);

/** Load a chart from a directory or an archive (loader.Load). */
export async function loadChart(path: string): Promise<Chart> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new Error(`stat ${path}: no such file or directory`, { cause: e });
  }
  if (st.isDirectory()) return loadDir(path);
  return loadFile(path);
}

// ---------------------------------------------------------------------------------------------------------
// Directories

/** loader.LoadDir */
export async function loadDir(dir: string): Promise<Chart> {
  return loadFilesAsync(readDirFiles(dir));
}

/** The files of a chart directory as LoadDir reads them (sorted walk, .helmignore, symlinks followed). */
export function readDirFiles(dir: string): BufferedFile[] {
  const topdir = resolve(dir);
  let rules = new IgnoreRules();
  const ifile = join(topdir, HELM_IGNORE);
  let ignoreText: string | undefined;
  try {
    ignoreText = readFileSync(ifile, 'utf8');
  } catch {
    /* no .helmignore */
  }
  if (ignoreText !== undefined) rules = IgnoreRules.parse(ignoreText);
  rules.addDefaults();

  const files: BufferedFile[] = [];
  const visit = (abs: string, rel: string, seen: Set<string>) => {
    let lst = lstatSync(abs);
    let real = abs;
    if (lst.isSymbolicLink()) {
      try {
        real = realpathSync(abs);
      } catch (e) {
        throw new Error(`error evaluating symlink ${abs}: ${(e as Error).message}`);
      }
      lst = lstatSync(real);
    }
    if (rel !== '') {
      if (lst.isDirectory()) {
        if (rules.ignore(rel, true)) return;
      } else {
        if (rules.ignore(rel, false)) return;
        if (!lst.isFile()) throw new Error(`cannot load irregular file ${abs} as it has file mode type bits set`);
        let data: Uint8Array;
        try {
          data = readFileSync(real);
        } catch (e) {
          throw new Error(`error reading ${rel}: ${(e as Error).message}`);
        }
        files.push({ name: rel, data: trimBom(data) });
        return;
      }
    }
    if (!lst.isDirectory()) return;
    if (seen.has(real)) throw new Error(`symlink loop at ${abs}`);
    const next = new Set(seen).add(real);
    for (const name of readdirSync(real).sort()) visit(join(abs, name), rel ? `${rel}/${name}` : name, next);
  };
  visit(topdir, '', new Set());
  return files;
}

// ---------------------------------------------------------------------------------------------------------
// Archives

/** loader.LoadFile: a chart archive on disk. */
export async function loadFile(name: string): Promise<Chart> {
  let raw: Buffer;
  try {
    raw = readFileSync(name);
  } catch (e) {
    throw new Error(`file '${name}' cannot be read: ${(e as Error).message}`);
  }
  ensureArchive(name, raw);
  return loadArchive(raw);
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08;
}

function ensureArchive(name: string, raw: Uint8Array): void {
  if (isGzip(raw)) return;
  if (name.endsWith('.yml') || name.endsWith('.yaml')) throw new Error(`file '${name}' seems to be a YAML file, but expected a gzipped archive`);
  throw new Error(`file '${name}' does not appear to be a gzipped archive; got '${detectContentType(raw)}'`);
}

/** A few of Go's http.DetectContentType answers, enough for the error message. */
function detectContentType(b: Uint8Array): string {
  const head = b.subarray(0, 512);
  const s = Buffer.from(head).toString('latin1');
  if (s.startsWith('%PDF-')) return 'application/pdf';
  if (s.startsWith('PK\x03\x04')) return 'application/zip';
  if (s.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png';
  if (s.startsWith('BZh')) return 'application/x-bzip2'; // not in Go's table; kept for clarity
  if (head.length >= 262 && s.slice(257, 262) === 'ustar') return 'application/octet-stream';
  if (head.length === 0) return 'text/plain; charset=utf-8';
  for (const c of head) if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b)) return 'application/octet-stream';
  return 'text/plain; charset=utf-8';
}

/** loader.LoadArchive: a gzipped tar stream in memory. */
export async function loadArchive(data: Uint8Array): Promise<Chart> {
  return loadFilesAsync(await loadArchiveFiles(data));
}

const DRIVE_PATH = /^[a-zA-Z]:\//;

/** loader.LoadArchiveFiles: the files of a chart archive, names relative to the chart's top directory.
 *  Refuses absolute paths, `..`, links pointing out of the chart and oversized content. */
export async function loadArchiveFiles(data: Uint8Array): Promise<BufferedFile[]> {
  let tarData: Buffer;
  try {
    // Bounded inflation: a decompression bomb stops at the limit instead of filling memory.
    tarData = gunzipSync(data, { maxOutputLength: maxDecompressedChartSize + 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new Error(`decompressed chart is larger than the maximum size ${maxDecompressedChartSize}`);
    }
    if (!isGzip(data)) throw new Error('gzip: invalid header');
    throw new Error(`unable to load chart archive: ${err.message.replace(/^incorrect header check$/, 'gzip: invalid header')}`);
  }

  const files: BufferedFile[] = [];
  let remaining = maxDecompressedChartSize;
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure ??= e;
  };

  await new Promise<void>((resolveP) => {
    const p = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (failure) {
          entry.resume();
          return;
        }
        const t = entry.type;
        if (t === 'Directory' || t === 'GNUDumpDir') {
          entry.resume();
          return;
        }
        const hdName = entry.path;
        const delimiter = hdName.includes('\\') ? '\\' : '/';
        const parts = hdName.split(delimiter);
        let n = parts.slice(1).join(delimiter).split(delimiter).join('/');
        if (n.startsWith('/')) {
          fail(new Error('chart illegally contains absolute paths'));
          entry.resume();
          return;
        }
        n = pathClean(n);
        if (n === '.') {
          fail(new Error(`chart illegally contains content outside the base directory: ${JSON.stringify(hdName)}`));
        } else if (n.startsWith('..')) {
          fail(new Error('chart illegally references parent directory'));
        } else if (DRIVE_PATH.test(n)) {
          fail(new Error('chart contains illegally named files'));
        } else if (parts[0] === 'Chart.yaml') {
          fail(new Error('chart yaml not in base directory'));
        } else if (t === 'SymbolicLink' || t === 'Link') {
          const target = (entry.linkpath ?? '').split('\\').join('/');
          const base = t === 'Link' ? '' : n.includes('/') ? n.slice(0, n.lastIndexOf('/')) : '';
          const resolved = target.startsWith('/') ? '/' : pathClean(base ? `${base}/${target}` : target);
          if (target.startsWith('/') || resolved === '..' || resolved.startsWith('../')) {
            fail(new Error(`chart illegally contains a link pointing outside the chart: ${JSON.stringify(hdName)} -> ${JSON.stringify(entry.linkpath ?? '')}`));
          }
        } else if (entry.size > maxDecompressedFileSize) {
          fail(new Error(`decompressed chart file ${JSON.stringify(hdName)} is larger than the maximum file size ${maxDecompressedFileSize}`));
        }
        if (failure) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        entry.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxDecompressedFileSize) {
            fail(new Error(`decompressed chart file ${JSON.stringify(hdName)} is larger than the maximum file size ${maxDecompressedFileSize}`));
            return;
          }
          chunks.push(c);
        });
        entry.on('end', () => {
          if (failure) return;
          remaining -= size;
          if (remaining < 0) {
            fail(new Error(`decompressed chart is larger than the maximum size ${maxDecompressedChartSize}`));
            return;
          }
          files.push({ name: n, data: trimBom(new Uint8Array(Buffer.concat(chunks))) });
        });
      },
    });
    p.on('warn', (_code: string, msg: string | Error) => fail(new Error(`unable to load chart archive: ${typeof msg === 'string' ? msg : msg.message}`)));
    p.on('error', (e: Error) => fail(new Error(`unable to load chart archive: ${e.message}`)));
    p.on('end', () => resolveP());
    p.on('close', () => resolveP());
    p.end(tarData);
  });
  if (failure) throw failure;
  if (files.length === 0) throw new Error('no files in chart archive');
  return files;
}

/** Go's path.Clean */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? (rooted ? '/' : '.') : s;
}

// ---------------------------------------------------------------------------------------------------------
// From files to a Chart

function wrap(msg: string, e: unknown): Error {
  return new Error(`${msg}: ${(e as Error).message}`, { cause: e });
}

async function loadFilesAsync(files: BufferedFile[]): Promise<Chart> {
  // Subchart archives are decoded ahead of time so that loadFiles can stay synchronous.
  const archives = new Map<string, Chart | Error>();
  await preloadArchives(files, archives);
  return loadFilesWith(files, archives);
}

const SUBCHART_ARCHIVE = /^(charts\/[^/]+\/)*charts\/[^/]+\.tgz$/;

async function preloadArchives(files: BufferedFile[], out: Map<string, Chart | Error>): Promise<void> {
  for (const f of files) {
    if (!f.name.startsWith('charts/')) continue;
    if (!SUBCHART_ARCHIVE.test(f.name)) continue;
    try {
      out.set(f.name, await loadArchive(f.data));
    } catch (e) {
      out.set(f.name, e as Error);
    }
  }
}

/** loader.LoadFiles for files with no subchart archives to unpack asynchronously. Directory charts with
 *  charts/*.tgz subcharts go through loadChart (async). */
export function loadFiles(files: BufferedFile[]): Chart {
  return loadFilesWith(files, undefined);
}

function loadFilesWith(files: BufferedFile[], archives: Map<string, Chart | Error> | undefined): Chart {
  const c = new Chart();
  const subcharts = new Map<string, BufferedFile[]>();
  let haveMetadata = false;

  for (const f of files) {
    c.raw.push({ name: f.name, data: f.data });
    if (f.name === 'Chart.yaml') {
      try {
        c.metadata = decodeMetadata(text(f.data), haveMetadata ? c.metadata : {});
      } catch (e) {
        throw wrap('cannot load Chart.yaml', e);
      }
      haveMetadata = true;
      if (!c.metadata.apiVersion) c.metadata.apiVersion = APIVersionV1;
    }
  }
  for (const f of files) {
    const name = f.name;
    if (name === 'Chart.yaml') continue;
    if (name === 'Chart.lock') {
      try {
        c.lock = decodeLock(text(f.data));
      } catch (e) {
        throw wrap('cannot load Chart.lock', e);
      }
    } else if (name === 'values.yaml') {
      try {
        c.values = decodeValues(text(f.data));
      } catch (e) {
        throw wrap('cannot load values.yaml', e);
      }
    } else if (name === 'values.schema.json') {
      c.schema = f.data;
    } else if (name === 'requirements.yaml') {
      if (!haveMetadata) haveMetadata = true;
      if (c.metadata.apiVersion !== APIVersionV1) {
        process.stderr.write(`Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.\n`);
      }
      try {
        decodeMetadata(text(f.data), c.metadata);
      } catch (e) {
        throw wrap('cannot load requirements.yaml', e);
      }
      if (c.metadata.apiVersion === APIVersionV1) c.files.push({ name, data: f.data });
    } else if (name === 'requirements.lock') {
      try {
        c.lock = decodeLock(text(f.data));
      } catch (e) {
        throw wrap('cannot load requirements.lock', e);
      }
      if (c.metadata.apiVersion === APIVersionV1) c.files.push({ name, data: f.data });
    } else if (name.startsWith('templates/')) {
      c.templates.push({ name, data: f.data });
    } else if (name.startsWith('charts/')) {
      if (name.endsWith('.prov')) {
        c.files.push({ name, data: f.data });
        continue;
      }
      const fname = name.slice('charts/'.length);
      const cname = fname.split('/')[0];
      if (!subcharts.has(cname)) subcharts.set(cname, []);
      subcharts.get(cname)!.push({ name: fname, data: f.data });
    } else {
      c.files.push({ name, data: f.data });
    }
  }

  if (!haveMetadata) throw new Error('Chart.yaml file is missing');
  validateMetadata(c.metadata);

  // Go iterates a map here (random order); we take subcharts in name order.
  for (const n of [...subcharts.keys()].sort()) {
    const sfiles = subcharts.get(n)!;
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sc: Chart;
    try {
      if (n.endsWith('.tgz')) {
        const file = sfiles[0];
        if (file.name !== n) throw new Error(`error unpacking tar in ${c.name()}: expected ${n}, got ${file.name}`);
        const pre = archives?.get(`charts/${n}`);
        if (pre === undefined) throw new Error(`subchart archive ${n} must be loaded with loadChart`);
        if (pre instanceof Error) throw pre;
        sc = pre;
      } else {
        const buff: BufferedFile[] = [];
        for (const f of sfiles) {
          const i = f.name.indexOf('/');
          if (i < 0) continue;
          buff.push({ name: f.name.slice(i + 1), data: f.data });
        }
        // Nested archives of a directory subchart were preloaded under their full path.
        let sub: Map<string, Chart | Error> | undefined;
        if (archives) {
          sub = new Map();
          const prefix = `charts/${n}/`;
          for (const [k, v] of archives) if (k.startsWith(prefix)) sub.set(k.slice(prefix.length), v);
        }
        sc = loadFilesWith(buff, sub);
      }
    } catch (e) {
      if ((e as Error).message.startsWith('error unpacking tar in')) throw e;
      throw wrap(`error unpacking ${n} in ${c.name()}`, e);
    }
    c.addDependency(sc);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------------------
// Validation (chart.Metadata.Validate)

/** Go's unicode.IsSpace */
function isSpace(cp: number): boolean {
  return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/** sanitizeString: whitespace becomes ' ', unprintable runes are dropped. */
export function sanitizeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (isSpace(cp)) out += ' ';
    else if (isPrint(cp)) out += ch;
  }
  return out;
}

const ALIAS_NAME = /^[a-zA-Z0-9_-]+$/;

export function isValidSemver(v: string): boolean {
  try {
    parseVersion(v);
    return true;
  } catch {
    return false;
  }
}

/** chart.Metadata.Validate: sanitizes strings in place; throws ValidationError. */
export function validateMetadata(md: Metadata | undefined): void {
  if (!md) throw new ValidationError('chart.metadata is required');
  for (const k of ['name', 'description', 'home', 'icon', 'condition', 'tags', 'appVersion', 'kubeVersion'] as const) {
    if (typeof md[k] === 'string') md[k] = sanitizeString(md[k]!);
  }
  if (md.sources) md.sources = md.sources.map(sanitizeString);
  if (md.keywords) md.keywords = md.keywords.map(sanitizeString);
  if (!md.apiVersion) throw new ValidationError('chart.metadata.apiVersion is required');
  if (!md.name) throw new ValidationError('chart.metadata.name is required');
  if (!md.version) throw new ValidationError('chart.metadata.version is required');
  if (!isValidSemver(md.version)) throw new ValidationError(`chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  const type = md.type ?? '';
  if (type !== '' && type !== 'application' && type !== 'library') throw new ValidationError('chart.metadata.type must be application or library');
  for (const m of md.maintainers ?? []) {
    if (m === null || m === undefined) throw new ValidationError('maintainers must not contain empty or null nodes');
    if (m.name !== undefined) m.name = sanitizeString(m.name);
    if (m.email !== undefined) m.email = sanitizeString(m.email);
    if (m.url !== undefined) m.url = sanitizeString(m.url);
  }
  for (const d of md.dependencies ?? []) validateDependency(d);
}

export function validateDependency(d: Dependency | null | undefined): void {
  if (d === null || d === undefined) throw new ValidationError('dependencies must not contain empty or null nodes');
  d.name = sanitizeString(d.name ?? '');
  if (d.version !== undefined) d.version = sanitizeString(d.version);
  d.repository = sanitizeString(d.repository ?? '');
  if (d.condition !== undefined) d.condition = sanitizeString(d.condition);
  if (d.tags) d.tags = d.tags.map(sanitizeString);
  if (d.alias && !ALIAS_NAME.test(d.alias)) throw new ValidationError(`dependency ${JSON.stringify(d.name)} has disallowed characters in the alias`);
}

export type { File };
