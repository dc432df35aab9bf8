// Helm's HTTP getter and chart repository operations: fetch with TLS options, basic auth kept on the repository's
// host (a redirect elsewhere drops it unless pass_credentials_all), size limits, the index cache
// (NAME-index.yaml, NAME-charts.txt) and archive downloads checked against the index digest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { IndexFile, digestBytes, maxIndexSize, type ChartVersion } from './index-file.js';
import { atomicWrite, getRepo, loadRepoFileOrEmpty, type RepoEntry } from './repositories.js';
import { cacheChartsFile, cacheIndexFile, repositoryCache, repositoryConfig, type PathFlags } from './paths.js';

export interface GetterOptions {
  username?: string;
  password?: string;
  /** Send credentials to every host (--pass-credentials). */
  passCredentials?: boolean;
  /** The URL whose host the credentials belong to (defaults to the requested URL). */
  credentialsUrl?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** Largest body accepted (bytes). */
  maxBytes?: number;
  timeoutMs?: number;
  /** Called as the body arrives: bytes so far and the Content-Length when the server sent one (progress). */
  onProgress?: (received: number, total?: number) => void;
}

export const USER_AGENT = 'tshelm/0.1.0 (Helm/3.13.3 compatible)';

function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host;
}

function agentFor(o: GetterOptions): Agent {
  const connect: Record<string, unknown> = {};
  if (o.caFile) connect.ca = readFileSync(o.caFile);
  if (o.certFile) connect.cert = readFileSync(o.certFile);
  if (o.keyFile) connect.key = readFileSync(o.keyFile);
  if (o.insecureSkipTlsVerify) connect.rejectUnauthorized = false;
  return new Agent({ connect, headersTimeout: o.timeoutMs ?? 120000, bodyTimeout: o.timeoutMs ?? 120000 });
}

function urlScheme(url: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1].toLowerCase();
}

/** Another scheme is fetched by the downloader plugin that lists it (Helm's getter.All: http/https, then plugins);
 *  undefined when none does. */
async function pluginGet(url: string, o: GetterOptions): Promise<Buffer | undefined> {
  const { fetchWithPlugin } = await import('../plugin/plugin.js');
  return fetchWithPlugin(url, o);
}

/** Helm's getter.Providers.ByScheme + Get for a file argument (values -f, --set-file): an http(s) URL or one of a
 *  downloader plugin's schemes fetched; undefined when no getter serves the text's scheme, or it has none (Helm
 *  then reads it as a path). */
export async function getByScheme(url: string, o: GetterOptions = {}): Promise<Buffer | undefined> {
  const scheme = urlScheme(url);
  if (scheme === 'http' || scheme === 'https') return httpGet(url, o);
  return scheme ? pluginGet(url, o) : undefined;
}

/**
 * GET a URL into memory, following up to 10 redirects. Throws "failed to fetch URL : 404 Not Found" as Helm.
 * A URL of another scheme goes to the downloader plugin for it (src/plugin/plugin.ts), else "could not find
 * protocol handler for: SCHEME".
 */
export async function httpGet(url: string, o: GetterOptions = {}): Promise<Buffer> {
  const scheme = urlScheme(url);
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    const data = await pluginGet(url, o);
    if (data) return data;
    throw new Error(`could not find protocol handler for: ${scheme}`);
  }
  const agent = agentFor(o);
  const credUrl = new URL(o.credentialsUrl ?? url);
  const max = o.maxBytes ?? 1024 * 1024 * 1024;
  try {
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new Error(`could not find protocol handler for: ${current.protocol.replace(/:$/, '')}`);
      const headers: Record<string, string> = { 'user-agent': USER_AGENT };
      if (o.username && o.password && (o.passCredentials || sameOrigin(credUrl, current))) {
        headers.authorization = 'Basic ' + Buffer.from(`${o.username}:${o.password}`).toString('base64');
      }
      let res;
      try {
        res = await request(current, { method: 'GET', headers, dispatcher: agent });
      } catch (e: any) {
        throw new Error(`Get "${current.href}": ${netError(e, current)}`);
      }
      if ([301, 302, 303, 307, 308].includes(res.statusCode)) {
        await res.body.dump();
        const loc = res.headers.location;
        if (!loc || hop >= 9) throw new Error(`Get "${current.href}": ${hop >= 9 ? 'stopped after 10 redirects' : 'redirect without a Location'}`);
        current = new URL(String(loc), current);
        continue;
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(`failed to fetch ${url} : ${res.statusCode} ${statusText(res.statusCode)}`);
      }
      const len = Number(res.headers['content-length']);
      if (Number.isFinite(len) && len > max) {
        await res.body.destroy();
        throw new Error(`failed to fetch ${url} : the response is ${len} bytes, larger than the limit of ${max}`);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      const expected = Number.isFinite(len) ? len : undefined;
      o.onProgress?.(0, expected);
      for await (const c of res.body) {
        total += c.length;
        o.onProgress?.(total, expected);
        if (total > max) {
          res.body.destroy();
          throw new Error(`failed to fetch ${url} : the response is larger than the limit of ${max} bytes`);
        }
        chunks.push(c as Buffer);
      }
      return Buffer.concat(chunks, total);
    }
  } finally {
    agent.close().catch(() => {});
  }
}

/** Node's network errors in Go's net/http words where they have one. */
function netError(e: any, u: URL): string {
  const code = e?.code ?? e?.cause?.code;
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const hostPort = `${u.hostname}:${port}`;
  if (code === 'ECONNREFUSED') return `dial tcp ${hostPort}: connect: connection refused`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `dial tcp: lookup ${u.hostname}: no such host`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'EOF';
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY')
    return `tls: failed to verify certificate: x509: certificate signed by unknown authority`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `tls: failed to verify certificate: x509: certificate is not valid for ${u.hostname}`;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
  const msg = e?.message ?? String(e);
  const cause = e?.cause?.message;
  return cause && !msg.includes(cause) ? `${msg}: ${cause}` : msg;
}

function statusText(code: number): string {
  const t: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };
  return t[code] ?? '';
}

export function entryGetterOptions(e: RepoEntry): GetterOptions {
  return {
    username: e.username || undefined,
    password: e.password || undefined,
    passCredentials: e.pass_credentials_all,
    credentialsUrl: e.url,
    caFile: e.caFile || undefined,
    certFile: e.certFile || undefined,
    keyFile: e.keyFile || undefined,
    insecureSkipTlsVerify: e.insecure_skip_tls_verify,
  };
}

/** url.JoinPath(repoURL, "index.yaml"), keeping the query. */
export function indexUrl(repoUrl: string): string {
  const u = new URL(repoUrl);
  u.pathname = u.pathname.replace(/\/+$/, '') + '/index.yaml';
  return u.href;
}

/** repo.ResolveReferenceURL: a chart's URL from the index, relative to the repository URL. */
export function resolveReferenceUrl(baseUrl: string, refUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(refUrl)) return refUrl;
  const base = new URL(baseUrl);
  base.pathname = base.pathname.replace(/\/+$/, '') + '/';
  const q = base.search;
  const r = new URL(refUrl, base);
  if (!r.search && q) r.search = q;
  return r.href;
}

/** ChartRepository.DownloadIndexFile: fetch, validate and cache the index. Returns the cached path. */
export async function downloadIndexFile(entry: RepoEntry, cacheDir: string, timeoutMs?: number, onProgress?: GetterOptions['onProgress']): Promise<string> {
  const data = await httpGet(indexUrl(entry.url), { ...entryGetterOptions(entry), maxBytes: maxIndexSize(), timeoutMs, onProgress });
  const idx = IndexFile.parse(data, indexUrl(entry.url));
  const indexPath = join(cacheDir, cacheIndexFile(entry.name));
  atomicWrite(join(cacheDir, cacheChartsFile(entry.name)), idx.chartsTxt());
  atomicWrite(indexPath, data);
  return indexPath;
}

/** Helm's parallelRepoUpdate: every repository's index downloaded into the cache at once, each one's success or
 *  failure written in Helm's words as it comes (a failure does not stop the others). Returns the failed ones.
 *  onProgress/onDone follow each download (repo update's status line). */
export async function updateRepositories(
  repos: RepoEntry[],
  cacheDir: string,
  out: (s: string) => void,
  onProgress?: (r: RepoEntry, received: number, total?: number) => void,
  onDone?: (r: RepoEntry) => void,
): Promise<RepoEntry[]> {
  const failed: RepoEntry[] = [];
  await Promise.all(
    repos.map(async (r) => {
      try {
        await downloadIndexFile(r, cacheDir, undefined, onProgress && ((got, total) => onProgress(r, got, total)));
        onDone?.(r);
        out(`...Successfully got an update from the ${JSON.stringify(r.name)} chart repository\n`);
      } catch (e: any) {
        onDone?.(r);
        failed.push(r);
        out(`...Unable to get an update from the ${JSON.stringify(r.name)} chart repository (${r.url}):\n\t${e?.message ?? e}\n`);
      }
    }),
  );
  return failed;
}

/** Load a repository's cached index; Helm's message when it was never fetched. */
export function loadCachedIndex(name: string, cacheDir: string): IndexFile {
  const p = join(cacheDir, cacheIndexFile(name));
  try {
    return IndexFile.load(p);
  } catch (e: any) {
    if (/no such file/.test(String(e?.message))) throw new Error(`no cached repo found. (try 'tshelm repo update'): open ${p}: no such file or directory`);
    throw e;
  }
}

/** Verify bytes against an index digest ("sha256:hex" or hex). */
export function checkDigest(data: Uint8Array, expected: string | undefined, what: string): void {
  if (!expected) return;
  const want = expected.replace(/^sha256:/, '').toLowerCase();
  const got = digestBytes(data);
  if (got !== want) throw new Error(`digest mismatch for ${what}: the index says sha256:${want}, the download is sha256:${got}`);
}

/** Find a chart in a repository given by URL (no repositories.yaml entry): repo.FindChartInAuthAndTLSAndPassRepoURL. */
export async function findChartInRepoUrl(repoUrl: string, name: string, version: string, o: GetterOptions): Promise<{ url: string; cv: ChartVersion }> {
  const data = await httpGet(indexUrl(repoUrl), { ...o, credentialsUrl: repoUrl, maxBytes: maxIndexSize() });
  let idx: IndexFile;
  try {
    idx = IndexFile.parse(data, indexUrl(repoUrl));
  } catch (e: any) {
    throw new Error(`looks like "${repoUrl}" is not a valid chart repository or cannot be reached: ${e.message}`);
  }
  let cv: ChartVersion;
  try {
    cv = idx.get(name, version);
  } catch {
    if (version) throw new Error(`chart "${name}" version "${version}" not found in ${repoUrl} repository`);
    throw new Error(`chart "${name}" not found in ${repoUrl} repository`);
  }
  if (cv.urls.length === 0) throw new Error(`chart "${name}" has no downloadable URLs`);
  return { url: resolveReferenceUrl(repoUrl, cv.urls[0]), cv };
}

/** The RepoFetcher the dependency manager uses for repository dependencies (URL, @alias, alias:NAME). */
export async function dependencyFetcher(globals: PathFlags & Record<string, any>) {
  const cfgPath = repositoryConfig(globals);
  const cache = repositoryCache(globals);
  const resolveRepo = (repository: string): { url: string; o: GetterOptions; name?: string } => {
    const f = loadRepoFileOrEmpty(cfgPath);
    let alias: string | undefined;
    if (repository.startsWith('@')) alias = repository.slice(1);
    else if (repository.startsWith('alias:')) alias = repository.slice(6);
    if (alias !== undefined) {
      const e = getRepo(f, alias);
      if (!e) throw new Error(`no repository definition for ${repository}. Please add the missing repos via 'tshelm repo add'`);
      return { url: e.url, o: entryGetterOptions(e), name: e.name };
    }
    const norm = (u: string) => u.replace(/\/+$/, '');
    const e = f.repositories.find((r) => norm(r.url) === norm(repository));
    return e ? { url: e.url, o: entryGetterOptions(e), name: e.name } : { url: repository, o: {} };
  };
  // Indexes fetched from the repositories themselves (not from the cache), once each per URL for the whole run:
  // the refresh of unconfigured repositories, version resolution and the downloads share them.
  const fetched = new Map<string, Promise<IndexFile>>();
  const fetchIndex = (url: string, o: GetterOptions): Promise<IndexFile> => {
    let p = fetched.get(url);
    if (!p) {
      p = httpGet(indexUrl(url), { ...o, maxBytes: maxIndexSize() }).then((b) => IndexFile.parse(b, indexUrl(url)));
      fetched.set(url, p);
    }
    return p;
  };
  const findIn = async (name: string, constraint: string, repository: string) => {
    if (repository.startsWith('oci://')) throw new Error(`OCI dependencies (${repository}) are handled by the OCI client`);
    const r = resolveRepo(repository);
    let idx: IndexFile | undefined;
    if (r.name) {
      try {
        idx = loadCachedIndex(r.name, cache);
      } catch {
        idx = undefined;
      }
    }
    const fresh = () => fetchIndex(r.url, r.o);
    let cv: ChartVersion | undefined;
    if (idx) {
      try {
        cv = idx.get(name, constraint);
      } catch {
        cv = undefined; // the cached index may be stale: ask the repository
      }
    }
    if (!cv) {
      let fetched: IndexFile;
      try {
        fetched = await fresh();
      } catch (e: any) {
        throw new Error(`could not find ${name}: looks like ${JSON.stringify(r.url)} is not a valid chart repository or cannot be reached: ${e?.message ?? e}`);
      }
      try {
        cv = fetched.get(name, constraint);
      } catch (e: any) {
        if (/no chart (name|version) found/.test(String(e?.message))) throw new Error(`can't get a valid version for repositories ${name}. Try changing the version constraint in Chart.yaml`);
        throw e;
      }
    }
    return { r, cv };
  };
  return {
    /** Manager.ensureMissingRepos + UpdateRepositories: refresh the index of every repository a dependency names
     *  by URL without being configured (reported by its URL; kept for this run instead of Helm's helm-manager-*
     *  cache entries), then of every configured repository, in Helm's words; a failed repository is reported and
     *  the others go on. */
    async refresh(deps: { repository?: string }[], out: (s: string) => void): Promise<void> {
      const f = loadRepoFileOrEmpty(cfgPath);
      const norm = (u: string) => u.replace(/\/+$/, '');
      const missing = [...new Set(deps.map((d) => d.repository ?? '').filter((u) => /^https?:\/\//i.test(u) && !f.repositories.some((r) => norm(r.url) === norm(u))))];
      if (missing.length > 0) out('Getting updates for unmanaged Helm repositories...\n');
      await Promise.all(
        missing.map(async (u) => {
          try {
            await fetchIndex(u, {});
            out(`...Successfully got an update from the ${JSON.stringify(u)} chart repository\n`);
          } catch (e: any) {
            fetched.delete(u); // resolution asks again and words its own error
            out(`...Unable to get an update from the ${JSON.stringify(u)} chart repository:\n\t${e?.message ?? e}\n`);
          }
        }),
      );
      if (f.repositories.length === 0) return;
      out('Hang tight while we grab the latest from your chart repositories...\n');
      await updateRepositories(f.repositories, cache, out);
      out('Update Complete. ⎈Happy Helming!⎈\n');
    },
    async resolveVersion(name: string, constraint: string, repository: string): Promise<string> {
      return (await findIn(name, constraint, repository)).cv.version;
    },
    async download(name: string, version: string, repository: string, dir: string): Promise<string> {
      const { r, cv } = await findIn(name, version, repository);
      if (cv.urls.length === 0) throw new Error(`chart "${name}" has no downloadable URLs`);
      const url = resolveReferenceUrl(r.url, cv.urls[0]);
      const data = await httpGet(url, r.o);
      checkDigest(data, cv.digest, `${name}-${cv.version}`);
      const file = join(dir, decodeURIComponent(new URL(url).pathname.split('/').pop() || `${name}-${cv.version}.tgz`));
      atomicWrite(file, data);
      return file;
    },
  };
}
