// Building a chart repository's index.yaml (Helm v3.13.3 pkg/repo/index.go: IndexDirectory, Add, Merge,
// SortEntries, WriteFile) for `tshelm repo index` and `tshelm serve`.
//
// Determinism: Helm stamps every entry's `created` and the file's `generated` with time.Now(). tshelm does too,
// except that (1) when SOURCE_DATE_EPOCH is set every time stamp is that instant (UTC), and (2) an entry that
// already exists in the previous index (--merge, or the server's current index) with the same digest keeps its
// `created` time. Indexing the same archives twice with SOURCE_DATE_EPOCH set gives the same bytes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { marshalYaml } from '../funcs/yaml.js';
import { loadArchive } from '../chart/load.js';
import { metadataJson } from '../chart/package.js';
import type { Metadata } from '../chart/types.js';
import { compareVersionsDesc, digestBytes, IndexFile, type ChartVersion } from './index-file.js';
import { atomicWrite } from './repositories.js';

export const INDEX_API_VERSION = 'v1';

export interface BuiltIndex {
  apiVersion: string;
  entries: Record<string, ChartVersion[]>;
  generated: string;
}

/** A time as Go marshals time.Time (RFC 3339, nanosecond fraction without trailing zeros, UTC as Z). */
export function goTime(d: Date, extraNanos = 0): string {
  const iso = d.toISOString(); // 2006-01-02T15:04:05.000Z
  const base = iso.slice(0, 19);
  const nanos = d.getUTCMilliseconds() * 1e6 + extraNanos;
  const frac = nanos ? '.' + String(nanos).padStart(9, '0').replace(/0+$/, '') : '';
  return `${base}${frac}Z`;
}

/** The time stamp to use now: SOURCE_DATE_EPOCH (seconds) when set, else the clock. */
export function indexNow(): string {
  const sde = process.env.SOURCE_DATE_EPOCH;
  if (sde !== undefined && sde !== '') {
    if (!/^\d+$/.test(sde)) throw new Error(`SOURCE_DATE_EPOCH must be a number of seconds, got ${JSON.stringify(sde)}`);
    return goTime(new Date(Number(sde) * 1000));
  }
  return goTime(new Date());
}

export function newIndex(): BuiltIndex {
  return { apiVersion: INDEX_API_VERSION, entries: {}, generated: indexNow() };
}

export function indexHas(idx: BuiltIndex, name: string, version: string): boolean {
  return (idx.entries[name] ?? []).some((v) => v.version === version);
}

/** IndexFile.MustAdd: one chart version with its archive file name, base URL and digest. */
export function indexAdd(idx: BuiltIndex, md: Metadata, filename: string, baseUrl: string, digest: string, created = indexNow()): ChartVersion {
  const url = baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${filename}` : filename;
  const cv = { ...(metadataJson(md) as Record<string, unknown>), name: md.name ?? '', version: md.version ?? '', urls: [url], created, digest } as ChartVersion;
  if (!cv.apiVersion) cv.apiVersion = 'v1';
  (idx.entries[cv.name] ??= []).push(cv);
  return cv;
}

/** IndexFile.SortEntries: each chart's versions newest first. */
export function sortEntries(idx: BuiltIndex): void {
  for (const k of Object.keys(idx.entries)) idx.entries[k].sort((a, b) => compareVersionsDesc(a.version, b.version));
}

/** IndexFile.Merge: versions of `old` missing from `idx` are added (idx wins on a name/version clash). */
export function mergeIndex(idx: BuiltIndex, old: BuiltIndex): void {
  for (const [name, vs] of Object.entries(old.entries)) {
    for (const v of vs) if (!indexHas(idx, name, v.version)) (idx.entries[name] ??= []).push(v);
  }
}

/** Reads an index.yaml (any layout) into a BuiltIndex. */
export function readIndex(path: string): BuiltIndex {
  const f = IndexFile.load(path);
  const idx: BuiltIndex = { apiVersion: f.apiVersion || INDEX_API_VERSION, entries: {}, generated: f.generated };
  for (const n of f.names()) idx.entries[n] = f.versions(n).map((v) => ({ ...v }));
  return idx;
}

/** yaml.Marshal(IndexFile): keys sorted, Helm's field set. */
export function marshalIndex(idx: BuiltIndex): string {
  const entries: Record<string, unknown> = {};
  for (const n of Object.keys(idx.entries).sort()) {
    entries[n] = idx.entries[n].map((v) => {
      const o: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) {
        if (val === undefined || val === null || val === '') continue;
        if (Array.isArray(val) && val.length === 0 && k !== 'urls') continue;
        o[k] = val;
      }
      o.urls = v.urls ?? [];
      return o;
    });
  }
  return marshalYaml({ apiVersion: idx.apiVersion, entries, generated: idx.generated });
}

export function writeIndex(path: string, idx: BuiltIndex): void {
  atomicWrite(path, marshalIndex(idx));
}

/** The chart archives of a directory as Helm's IndexDirectory finds them: DIR/*.tgz and DIR/* /*.tgz. */
export function findArchives(dir: string): string[] {
  const out: string[] = [];
  const names = readdirSync(dir).sort();
  for (const n of names) if (n.endsWith('.tgz') && statSync(join(dir, n)).isFile()) out.push(join(dir, n));
  for (const n of names) {
    const sub = join(dir, n);
    if (n.startsWith('.') || !statSync(sub).isDirectory()) continue;
    for (const m of readdirSync(sub).sort()) if (m.endsWith('.tgz') && statSync(join(sub, m)).isFile()) out.push(join(sub, m));
  }
  return out;
}

export interface IndexDirOptions {
  url?: string;
  /** Previous index: its entries are merged in (Helm's --merge), and unchanged entries keep their created time. */
  previous?: BuiltIndex;
  /** Merge the previous index's entries that have no archive here (--merge); without it they only lend times. */
  merge?: boolean;
}

/** IndexDirectory: an index of the archives in dir. A file that is not a valid chart archive is an error naming it. */
export async function indexDirectory(dir: string, o: IndexDirOptions = {}): Promise<BuiltIndex> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  const idx = newIndex();
  const prevTimes = new Map<string, string>();
  for (const vs of Object.values(o.previous?.entries ?? {})) for (const v of vs) if (v.digest && v.created) prevTimes.set(v.digest, v.created);
  for (const file of findArchives(dir)) {
    const data = readFileSync(file);
    let chart;
    try {
      chart = await loadArchive(data);
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
    const rel = relative(dir, file).split(sep);
    const fname = rel[rel.length - 1];
    const parent = rel.length > 1 ? rel.slice(0, -1).join('/') : '';
    const base = o.url ? (parent ? `${o.url.replace(/\/+$/, '')}/${parent}` : o.url) : parent;
    const md = chart.metadata;
    if (indexHas(idx, md.name ?? '', md.version ?? '')) continue;
    const digest = digestBytes(data);
    indexAdd(idx, md, fname, base, digest, prevTimes.get(digest) ?? indexNow());
  }
  if (o.merge && o.previous) mergeIndex(idx, o.previous);
  sortEntries(idx);
  return idx;
}
