// Chart references (Helm's ChartPathOptions.LocateChart + ChartDownloader): local directories and archives,
// REPO/CHART from repositories.yaml's cached indexes, http(s) URLs (or a downloader plugin's scheme), --repo URL, and oci:// (delegated to
// src/repo/oci.ts). Downloads are checked against the index digest and cached in the repository cache.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { checkDigest, entryGetterOptions, findChartInRepoUrl, httpGet, loadCachedIndex, resolveReferenceUrl, type GetterOptions } from './download.js';
import type { ChartVersion } from './index-file.js';
import { digestBytes } from './index-file.js';
import { defaultKeyring, repositoryCache, repositoryConfig, type PathFlags } from './paths.js';
import { atomicWrite, getRepo, loadRepoFileOrEmpty } from './repositories.js';

export interface ResolveOptions extends PathFlags {
  version?: string;
  devel?: boolean;
  /** Check the provenance file (.prov) against the keyring; fails when it is missing or does not verify. */
  verify?: boolean;
  keyring?: string;
  /** A chart repository URL to look the chart up in (--repo). */
  repo?: string;
  username?: string;
  password?: string;
  passCredentials?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** oci:// references: talk to the registry over plain HTTP (--plain-http). */
  plainHttp?: boolean;
  /** Also fetch the .prov file next to the archive when the repository has one (pull --prov). */
  prov?: boolean;
  /** Where downloads go (default: the repository cache). */
  destDir?: string;
  /** Progress of the chart archive's download: bytes so far and its size when known. */
  onProgress?: (received: number, total?: number) => void;
}

export interface ResolvedChart {
  /** A local .tgz or chart directory. */
  path: string;
  /** The .prov file downloaded next to it, if any. */
  provPath?: string;
  /** The index entry the chart came from (repository references). */
  chartVersion?: ChartVersion;
  /** The URL it was downloaded from. */
  url?: string;
  /** Warnings for the user (e.g. "WARNING: Verification not found for REF: ..." when --prov found none). */
  warnings?: string[];
  /** Provenance verification result (when verify was asked). */
  verification?: { signedBy: string[]; fingerprint: string; fileHash: string };
}

function getterOpts(o: ResolveOptions): GetterOptions {
  return {
    username: o.username,
    password: o.password,
    passCredentials: o.passCredentials,
    caFile: o.caFile,
    certFile: o.certFile,
    keyFile: o.keyFile,
    insecureSkipTlsVerify: o.insecureSkipTlsVerify,
  };
}

async function verifyLocal(archive: string, provPath: string, keyring: string | undefined): Promise<ResolvedChart['verification']> {
  const { verifyChart } = await import('./provenance.js');
  return verifyChart(archive, provPath, keyring ?? defaultKeyring());
}

async function fetchTo(url: string, o: GetterOptions, dest: string, digest?: string): Promise<string> {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'chart.tgz');
  const file = join(dest, name);
  if (digest && existsSync(file)) {
    try {
      if (digestBytes(readFileSync(file)) === digest.replace(/^sha256:/, '').toLowerCase()) return file;
    } catch {
      /* refetch */
    }
  }
  const data = await httpGet(url, o);
  checkDigest(data, digest, name);
  atomicWrite(file, data);
  return file;
}

async function fetchProv(url: string, o: GetterOptions, archive: string, required: boolean, warn: (s: string) => void): Promise<string | undefined> {
  try {
    const data = await httpGet(url + '.prov', o);
    atomicWrite(archive + '.prov', data);
    return archive + '.prov';
  } catch (e: any) {
    if (required) throw new Error(`failed to fetch provenance "${url}.prov": ${e.message}`);
    warn(e.message);
    return undefined;
  }
}

/** Resolve a chart reference to a local path, downloading it when needed. */
export async function resolveChart(ref: string, opts: ResolveOptions = {}): Promise<ResolvedChart> {
  const name = ref.trim();
  let version = (opts.version ?? '').trim();
  if (version === '' && opts.devel) version = '>0.0.0-0';
  const dest = opts.destDir ?? repositoryCache(opts);

  if (!opts.repo && existsSync(name)) {
    const abs = resolve(name);
    if (opts.verify) {
      if (statSync(abs).isDirectory()) throw new Error('cannot verify a directory');
      return { path: abs, verification: await verifyLocal(abs, abs + '.prov', opts.keyring) };
    }
    return { path: abs };
  }
  if (!opts.repo && (isAbsolute(name) || name.startsWith('.'))) throw new Error(`path ${JSON.stringify(name)} not found`);

  if (name.startsWith('oci://')) {
    const mod = './oci.js';
    let m: any;
    try {
      m = await import(mod);
    } catch {
      throw new Error(`cannot fetch ${JSON.stringify(name)}: OCI registries are not available in this build`);
    }
    const fn = m.resolveOciChart ?? m.pullChart;
    if (typeof fn !== 'function') throw new Error(`cannot fetch ${JSON.stringify(name)}: OCI registries are not available in this build`);
    // P2's contract: resolveOciChart(ref, options) → { path } (or pullChart(ref, options) → path | { path })
    const got = await fn(name, { ...opts, version: opts.version, destDir: dest });
    return typeof got === 'string' ? { path: got } : got;
  }

  let url: string;
  let o: GetterOptions;
  let cv: ChartVersion | undefined;
  if (opts.repo) {
    // the credentials belong to the repository's host, not to wherever its index points
    o = { ...getterOpts(opts), credentialsUrl: opts.repo };
    const found = await findChartInRepoUrl(opts.repo, name, version, o);
    url = found.url;
    cv = found.cv;
  } else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]/.test(name)) {
    // a full URL: http(s), or a scheme a downloader plugin offers (httpGet hands it over)
    url = name;
    o = getterOpts(opts);
  } else {
    const slash = name.indexOf('/');
    if (slash < 0) throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
    const repoName = name.slice(0, slash);
    const chartName = name.slice(slash + 1);
    const rf = loadRepoFileOrEmpty(repositoryConfig(opts));
    const entry = getRepo(rf, repoName);
    if (!entry) throw new Error(`repo ${repoName} not found`);
    const idx = loadCachedIndex(repoName, repositoryCache(opts));
    try {
      cv = idx.get(chartName, version);
    } catch (e: any) {
      throw new Error(`chart ${JSON.stringify(chartName)}${version ? ` matching ${version}` : ''} not found in ${repoName} index. (try 'tshelm repo update'): ${e.message}`);
    }
    if (cv.urls.length === 0) throw new Error(`chart ${JSON.stringify(chartName)} has no downloadable URLs`);
    url = resolveReferenceUrl(entry.url, cv.urls[0]);
    o = { ...entryGetterOptions(entry) };
    if (opts.username) o.username = opts.username;
    if (opts.password) o.password = opts.password;
    if (opts.passCredentials) o.passCredentials = true;
  }
  const path = await fetchTo(url, { ...o, onProgress: opts.onProgress }, dest, cv?.digest);
  const out: ResolvedChart = { path, url, chartVersion: cv };
  if (opts.verify || opts.prov) out.provPath = await fetchProv(url, o, path, !!opts.verify, (m) => (out.warnings ??= []).push(`WARNING: Verification not found for ${name}: ${m}`));
  if (opts.verify) out.verification = await verifyLocal(path, out.provPath!, opts.keyring);
  return out;
}

/** The contract F2's template/show use: `locateChart(name, commandOptions, globals) → path`. */
export async function locateChart(name: string, opts: Record<string, any> = {}, globals: Record<string, any> = {}): Promise<string> {
  const r = await resolveChart(name, {
    version: opts.version,
    devel: opts.devel,
    verify: opts.verify,
    keyring: opts.keyring,
    repo: opts.repo,
    username: opts.username,
    password: opts.password,
    passCredentials: opts.passCredentials,
    caFile: opts.caFile,
    certFile: opts.certFile,
    keyFile: opts.keyFile,
    insecureSkipTlsVerify: opts.insecureSkipTlsVerify,
    plainHttp: opts.plainHttp,
    repositoryConfig: globals.repositoryConfig,
    repositoryCache: globals.repositoryCache,
    registryConfig: globals.registryConfig,
    onProgress: typeof opts.onProgress === 'function' ? opts.onProgress : undefined,
  });
  return r.path;
}
