// Charts in OCI registries (Helm v3.13.3 pkg/registry): push, pull, tag resolution, login/logout, through the
// OCI distribution API with Helm's media types. Tags are chart versions with '+' written as '_'.
//
// Transport: HTTPS unless plainHttp is set; for a loopback registry (127.0.0.0/8, ::1, localhost) a failed
// HTTPS connection falls back to plain HTTP, as Docker does for local registries. Authentication answers the
// registry's challenge: Basic with stored/given credentials, or Bearer via the token realm (credentials sent
// only to the realm, tokens cached per scope). Credentials are read from the registry config (Docker's
// config.json: {"auths": {"HOST": {"auth": base64("user:pass")}}}).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Agent, request, type Dispatcher } from 'undici';
import { loadArchive } from '../chart/load.js';
import { metadataJson } from '../chart/package.js';
import { marshalJson } from '../funcs/json.js';
import { parseConstraint, parseVersion } from '../funcs/semver.js';
import { defaultKeyring, registryConfig, repositoryCache, type PathFlags } from './paths.js';
import { atomicWrite } from './repositories.js';
import { USER_AGENT } from './download.js';

export const CONFIG_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';
export const CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const LEGACY_CHART_LAYER_MEDIA_TYPE = 'application/tar+gzip';
export const PROV_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';
export const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';

export interface OciOptions extends PathFlags {
  plainHttp?: boolean;
  insecureSkipTlsVerify?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  username?: string;
  password?: string;
}

export interface OciRef {
  host: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** oci://HOST[:PORT]/PATH[:TAG][@sha256:DIGEST] */
export function parseOciRef(ref: string): OciRef {
  if (!ref.startsWith('oci://')) throw new Error(`invalid OCI reference ${JSON.stringify(ref)}: must start with oci://`);
  let rest = ref.slice('oci://'.length);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`invalid OCI reference ${JSON.stringify(ref)}: bad digest`);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new Error(`invalid OCI reference ${JSON.stringify(ref)}: expected oci://HOST/PATH`);
  const host = rest.slice(0, slash);
  let path = rest.slice(slash + 1).replace(/\/+$/, '');
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) {
    throw new Error(`invalid OCI reference ${JSON.stringify(ref)}: repository path ${JSON.stringify(path)} must be lower case letters, digits and separators`);
  }
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) throw new Error(`invalid OCI reference ${JSON.stringify(ref)}: bad tag ${JSON.stringify(tag)}`);
  return { host, repository: path, tag, digest };
}

export const versionToTag = (v: string) => v.replace(/\+/g, '_');
export const tagToVersion = (t: string) => t.replace(/_/g, '+');

function sha256(data: Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

// ------------------------------------------------------------------------------------------------------
// registry config (Docker's config.json)

export interface RegistryConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; [k: string]: unknown }>;
  [k: string]: unknown;
}

export function loadRegistryConfig(path: string): RegistryConfigFile {
  if (!existsSync(path)) return {};
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    return doc && typeof doc === 'object' ? doc : {};
  } catch (e) {
    // JSON.parse quotes the text it choked on, line breaks and all: on one line
    throw new Error(`${path}: invalid registry config: ${(e as Error).message.replace(/\r?\n/g, '\\n')}`);
  }
}

export function storedCredentials(cfgPath: string, host: string): { username: string; password: string } | undefined {
  const auths = loadRegistryConfig(cfgPath).auths ?? {};
  const e = auths[host] ?? auths[`https://${host}`] ?? auths[`http://${host}`];
  if (!e) return undefined;
  if (e.auth) {
    const dec = Buffer.from(e.auth, 'base64').toString('utf8');
    const i = dec.indexOf(':');
    if (i > 0) return { username: dec.slice(0, i), password: dec.slice(i + 1) };
  }
  if (e.username) return { username: e.username, password: e.password ?? '' };
  return undefined;
}

export function saveCredentials(cfgPath: string, host: string, username: string, password: string): void {
  const doc = loadRegistryConfig(cfgPath);
  doc.auths = { ...(doc.auths ?? {}), [host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } };
  mkdirSync(dirname(cfgPath), { recursive: true });
  atomicWrite(cfgPath, JSON.stringify(doc, null, '\t') + '\n', 0o600);
}

export function removeCredentials(cfgPath: string, host: string): boolean {
  const doc = loadRegistryConfig(cfgPath);
  if (!doc.auths?.[host]) return false;
  delete doc.auths[host];
  atomicWrite(cfgPath, JSON.stringify(doc, null, '\t') + '\n', 0o600);
  return true;
}

// ------------------------------------------------------------------------------------------------------
// HTTP client with challenge-based auth

interface Resp {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

function parseChallenge(h: string): { scheme: string; params: Record<string, string> } {
  const m = /^(\w+)\s*(.*)$/.exec(h.trim());
  if (!m) return { scheme: '', params: {} };
  const params: Record<string, string> = {};
  const re = /(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  let p;
  while ((p = re.exec(m[2]))) params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  return { scheme: m[1].toLowerCase(), params };
}

export class RegistryClient {
  private scheme: 'https' | 'http';
  private schemeSettled: boolean;
  private readonly agent: Dispatcher;
  private readonly tokens = new Map<string, string>();
  private basic: string | undefined;
  /** The registry asked for Basic auth once: send it with every later request. */
  private basicChallenged = false;

  constructor(readonly host: string, private readonly o: OciOptions = {}) {
    this.scheme = o.plainHttp ? 'http' : 'https';
    this.schemeSettled = !!o.plainHttp || !isLoopback(host);
    const connect: Record<string, unknown> = {};
    if (o.caFile) connect.ca = readFileSync(o.caFile);
    if (o.certFile) connect.cert = readFileSync(o.certFile);
    if (o.keyFile) connect.key = readFileSync(o.keyFile);
    if (o.insecureSkipTlsVerify) connect.rejectUnauthorized = false;
    this.agent = new Agent({ connect, headersTimeout: 120000, bodyTimeout: 300000 });
    const creds = o.username ? { username: o.username, password: o.password ?? '' } : storedCredentials(registryConfig(o), host);
    if (creds) this.basic = 'Basic ' + Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
  }

  base(): string {
    return `${this.scheme}://${this.host}`;
  }

  /** One HTTP exchange. onBody (a blob download): a 200 body is read chunk by chunk, reporting the bytes so far. */
  private async raw(method: string, url: string, headers: Record<string, string>, body?: Buffer, onBody?: (received: number) => void): Promise<Resp> {
    let res;
    try {
      res = await request(url, { method: method as Dispatcher.HttpMethod, headers: { 'user-agent': USER_AGENT, ...headers }, body, dispatcher: this.agent });
    } catch (e: any) {
      const code = e?.code ?? e?.cause?.code ?? '';
      const what = `${code} ${e?.message ?? ''} ${e?.cause?.message ?? ''}`;
      // Fall back to HTTP only when the server does not speak TLS at all: a registry whose certificate does not
      // verify, or that wants a client certificate, gets an error (as Helm gives), not a plain-HTTP retry.
      if (!this.schemeSettled && this.scheme === 'https' && /WRONG_VERSION_NUMBER|wrong version number|packet length too long|http request/i.test(what)) {
        this.scheme = 'http';
        this.schemeSettled = true;
        return this.raw(method, url.replace(/^https:/, 'http:'), headers, body, onBody);
      }
      let hint = '';
      if (/SSL|TLS|EPROTO|CERT|SIGNATURE|ALTNAME/i.test(what)) hint = ' (use --plain-http for a registry without TLS, or --insecure-skip-tls-verify / --ca-file)';
      else if (url.startsWith('https:') && code === 'UND_ERR_SOCKET' && !this.o.certFile) hint = ' (the registry may require a client certificate: --cert-file / --key-file)';
      throw new Error(`${method} "${url}": ${e?.cause?.message ?? e?.message ?? code}${hint}`);
    }
    this.schemeSettled = true;
    let buf: Buffer;
    if (onBody && res.statusCode === 200) {
      const chunks: Buffer[] = [];
      let n = 0;
      for await (const c of res.body) {
        chunks.push(c as Buffer);
        n += (c as Buffer).length;
        onBody(n);
      }
      buf = Buffer.concat(chunks, n);
    } else buf = Buffer.from(await res.body.arrayBuffer());
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    return { status: res.statusCode, headers: h, body: buf };
  }

  /** A request to the registry (path starting with /v2/ or an absolute URL on it), answering auth challenges. */
  async req(method: string, pathOrUrl: string, scope: string, headers: Record<string, string> = {}, body?: Buffer, redirects = 5, onBody?: (received: number) => void): Promise<Resp> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.base() + pathOrUrl;
    const sameHost = new URL(url).host === this.host;
    const auth = (): Record<string, string> => {
      if (!sameHost) return {};
      const t = this.tokens.get(scope);
      if (t) return { authorization: `Bearer ${t}` };
      if (this.basicChallenged && this.basic) return { authorization: this.basic };
      return {};
    };
    let r = await this.raw(method, url, { ...headers, ...auth() }, body, onBody);
    const fixedUrl = /^https?:\/\//.test(pathOrUrl) ? url : this.base() + pathOrUrl;
    if (r.status === 401 && sameHost) {
      const ch = parseChallenge(r.headers['www-authenticate'] ?? '');
      if (ch.scheme === 'basic') {
        if (!this.basic) throw new Error(`${method} ${fixedUrl}: unauthorized: authentication required (run 'tshelm registry login ${this.host}')`);
        this.basicChallenged = true;
        r = await this.raw(method, fixedUrl, { ...headers, authorization: this.basic }, body, onBody);
      } else if (ch.scheme === 'bearer') {
        const token = await this.fetchToken(ch.params, scope);
        this.tokens.set(scope, token);
        r = await this.raw(method, fixedUrl, { ...headers, authorization: `Bearer ${token}` }, body, onBody);
      }
      if (r.status === 401) throw new Error(`${method} ${fixedUrl}: unauthorized: authentication required${this.basic ? ' (credentials rejected)' : ` (run 'tshelm registry login ${this.host}')`}`);
    }
    if ([301, 302, 303, 307, 308].includes(r.status) && r.headers.location && (method === 'GET' || method === 'HEAD')) {
      if (redirects <= 0) throw new Error(`${method} ${fixedUrl}: too many redirects`);
      const next = new URL(r.headers.location, fixedUrl).toString();
      if (new URL(next).host === this.host) return this.req(method, next, scope, headers, body, redirects - 1, onBody);
      return this.raw(method, next, headers, body, onBody); // another host (e.g. blob storage): no registry credentials
    }
    if (r.status === 403) throw new Error(`${method} ${fixedUrl}: denied: ${errorText(r)}`);
    return r;
  }

  private async fetchToken(p: Record<string, string>, scope: string): Promise<string> {
    if (!p.realm) throw new Error(`registry ${this.host} sent a Bearer challenge without a realm`);
    let u: URL;
    try {
      u = new URL(p.realm);
    } catch {
      throw new Error(`registry ${this.host} sent a Bearer challenge with a realm that is not a URL: ${JSON.stringify(p.realm)}`);
    }
    if (p.service) u.searchParams.set('service', p.service);
    for (const s of (p.scope ?? scope).split(' ')) if (s) u.searchParams.append('scope', s);
    const headers: Record<string, string> = {};
    if (this.basic) headers.authorization = this.basic;
    const r = await this.raw('GET', u.toString(), headers);
    if (r.status !== 200) throw new Error(`failed to get a token from ${u.origin}${u.pathname}: ${r.status} ${errorText(r)}`);
    let doc: any;
    try {
      doc = JSON.parse(r.body.toString('utf8'));
    } catch {
      throw new Error(`failed to get a token from ${u.origin}${u.pathname}: response is not JSON`);
    }
    const t = doc?.token ?? doc?.access_token;
    if (typeof t !== 'string' || !t) throw new Error(`failed to get a token from ${u.origin}${u.pathname}: no token in the response`);
    return t;
  }

  async ping(): Promise<void> {
    const r = await this.req('GET', '/v2/', '');
    if (r.status !== 200) throw new Error(`registry ${this.host}: ${r.status} ${errorText(r)}`);
  }

  async blobExists(repo: string, digest: string): Promise<boolean> {
    const r = await this.req('HEAD', `/v2/${repo}/blobs/${digest}`, `repository:${repo}:pull,push`);
    return r.status === 200;
  }

  async pushBlob(repo: string, data: Buffer): Promise<string> {
    const digest = sha256(data);
    const scope = `repository:${repo}:pull,push`;
    if (await this.blobExists(repo, digest)) return digest;
    const start = await this.req('POST', `/v2/${repo}/blobs/uploads/`, scope, { 'content-length': '0' });
    if (start.status !== 202 || !start.headers.location) throw new Error(`failed to start a blob upload to ${this.host}/${repo}: ${start.status} ${errorText(start)}`);
    const loc = new URL(start.headers.location, this.base() + '/');
    loc.searchParams.set('digest', digest);
    const put = await this.req('PUT', loc.toString(), scope, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) }, data);
    if (put.status !== 201) throw new Error(`failed to upload blob ${digest} to ${this.host}/${repo}: ${put.status} ${errorText(put)}`);
    return digest;
  }

  async pushManifest(repo: string, tag: string, manifest: Buffer): Promise<string> {
    const r = await this.req('PUT', `/v2/${repo}/manifests/${tag}`, `repository:${repo}:pull,push`, { 'content-type': MANIFEST_MEDIA_TYPE }, manifest);
    if (r.status !== 201) throw new Error(`failed to push manifest ${this.host}/${repo}:${tag}: ${r.status} ${errorText(r)}`);
    return sha256(manifest);
  }

  async tags(repo: string): Promise<string[]> {
    const out: string[] = [];
    let path: string | undefined = `/v2/${repo}/tags/list`;
    for (let pages = 0; path && pages < 100; pages++) {
      const r = await this.req('GET', path, `repository:${repo}:pull`);
      if (r.status === 404) throw new Error(`${this.host}/${repo}: not found`);
      if (r.status !== 200) throw new Error(`failed to list tags of ${this.host}/${repo}: ${r.status} ${errorText(r)}`);
      const doc = JSON.parse(r.body.toString('utf8'));
      out.push(...(Array.isArray(doc?.tags) ? doc.tags : []));
      const link = /<([^>]+)>;\s*rel="?next"?/.exec(r.headers.link ?? '');
      path = link ? link[1] : undefined;
    }
    return out;
  }

  async manifest(repo: string, reference: string): Promise<{ bytes: Buffer; digest: string; doc: any }> {
    const r = await this.req('GET', `/v2/${repo}/manifests/${reference}`, `repository:${repo}:pull`, { accept: `${MANIFEST_MEDIA_TYPE}, application/vnd.docker.distribution.manifest.v2+json` });
    if (r.status === 404) throw new Error(`${this.host}/${repo}:${reference}: not found`);
    if (r.status !== 200) throw new Error(`failed to fetch manifest ${this.host}/${repo}:${reference}: ${r.status} ${errorText(r)}`);
    const digest = sha256(r.body);
    if (reference.startsWith('sha256:') && digest !== reference) throw new Error(`manifest digest mismatch for ${this.host}/${repo}: expected ${reference}, got ${digest}`);
    const hdr = r.headers['docker-content-digest'];
    if (hdr && hdr.startsWith('sha256:') && hdr !== digest) throw new Error(`manifest digest mismatch for ${this.host}/${repo}:${reference}: registry says ${hdr}, content is ${digest}`);
    let doc: any;
    try {
      doc = JSON.parse(r.body.toString('utf8'));
    } catch {
      throw new Error(`manifest of ${this.host}/${repo}:${reference} is not JSON`);
    }
    return { bytes: r.body, digest, doc };
  }

  async blob(repo: string, desc: { digest: string; size?: number }, maxBytes = 1024 * 1024 * 1024, onProgress?: (received: number, total?: number) => void): Promise<Buffer> {
    if (typeof desc.size === 'number' && desc.size > maxBytes) throw new Error(`blob ${desc.digest} is larger than ${maxBytes} bytes`);
    onProgress?.(0, desc.size);
    const r = await this.req('GET', `/v2/${repo}/blobs/${desc.digest}`, `repository:${repo}:pull`, {}, undefined, undefined, onProgress && ((n) => onProgress(n, desc.size)));
    if (r.status !== 200) throw new Error(`failed to fetch blob ${desc.digest} from ${this.host}/${repo}: ${r.status} ${errorText(r)}`);
    const got = sha256(r.body);
    if (got !== desc.digest) throw new Error(`digest mismatch for ${this.host}/${repo} blob: expected ${desc.digest}, got ${got}`);
    if (typeof desc.size === 'number' && desc.size !== r.body.length) throw new Error(`size mismatch for ${this.host}/${repo} blob ${desc.digest}: expected ${desc.size}, got ${r.body.length}`);
    return r.body;
  }
}

function errorText(r: Resp): string {
  try {
    const doc = JSON.parse(r.body.toString('utf8'));
    if (Array.isArray(doc?.errors) && doc.errors.length) return doc.errors.map((e: any) => `${String(e.code ?? '').toLowerCase().replace(/_/g, ' ')}: ${e.message ?? ''}`.trim()).join('; ');
  } catch {
    /* not JSON */
  }
  return r.body.toString('utf8', 0, Math.min(r.body.length, 200)).trim();
}

// ------------------------------------------------------------------------------------------------------
// push / pull

function ociTime(): string {
  const sde = process.env.SOURCE_DATE_EPOCH;
  const d = sde && /^\d+$/.test(sde) ? new Date(Number(sde) * 1000) : new Date();
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export interface PushResult {
  ref: string;
  digest: string;
  name: string;
  version: string;
}

/** `helm push CHART.tgz oci://HOST/PATH`: the chart goes to HOST/PATH/NAME:VERSION. */
export async function pushChart(archivePath: string, remote: string, o: OciOptions & { provPath?: string } = {}): Promise<PushResult> {
  let data: Buffer;
  try {
    data = readFileSync(archivePath);
  } catch (e: any) {
    throw new Error(`${archivePath}: ${e?.code === 'ENOENT' ? 'no such file or directory' : e?.message}`);
  }
  const chart = await loadArchive(data).catch((e: Error) => {
    throw new Error(`${archivePath}: ${e.message}`);
  });
  const ref = parseOciRef(remote);
  if (ref.tag || ref.digest) throw new Error(`${remote}: the remote must not contain a tag or digest (the chart version is the tag)`);
  const md = chart.metadata;
  const name = md.name ?? '';
  const version = md.version ?? '';
  const repo = `${ref.repository}/${name}`;
  const tag = versionToTag(version);
  const client = new RegistryClient(ref.host, o);
  const configBytes = Buffer.from(marshalJson(metadataJson(md)));
  const layers: { mediaType: string; digest: string; size: number }[] = [];
  const cfgDigest = await client.pushBlob(repo, configBytes);
  layers.push({ mediaType: CHART_LAYER_MEDIA_TYPE, digest: await client.pushBlob(repo, data), size: data.length });
  const provPath = o.provPath ?? (existsSync(archivePath + '.prov') ? archivePath + '.prov' : undefined);
  if (provPath) {
    const prov = readFileSync(provPath);
    layers.push({ mediaType: PROV_LAYER_MEDIA_TYPE, digest: await client.pushBlob(repo, prov), size: prov.length });
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(md.annotations ?? {})) annotations[k] = String(v);
  const set = (k: string, v: string | undefined) => {
    if (v) annotations[k] = v;
  };
  set('org.opencontainers.image.created', ociTime());
  set('org.opencontainers.image.description', md.description);
  set('org.opencontainers.image.title', name);
  set('org.opencontainers.image.url', md.home);
  set('org.opencontainers.image.source', md.sources?.[0]);
  set('org.opencontainers.image.version', version);
  const authors = (md.maintainers ?? []).map((m) => (m.email ? `${m.name} (${m.email})` : m.name ?? '')).filter(Boolean).join(', ');
  set('org.opencontainers.image.authors', authors);
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(annotations).sort()) sorted[k] = annotations[k];
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    config: { mediaType: CONFIG_MEDIA_TYPE, digest: cfgDigest, size: configBytes.length },
    layers,
    annotations: sorted,
  }));
  const digest = await client.pushManifest(repo, tag, manifest);
  return { ref: `${ref.host}/${repo}:${tag}`, digest, name, version };
}

export interface OciResolveOptions extends OciOptions {
  version?: string;
  devel?: boolean;
  destDir?: string;
  prov?: boolean;
  verify?: boolean;
  keyring?: string;
  /** Progress of the chart layer's download: bytes so far and its size from the manifest. */
  onProgress?: (received: number, total?: number) => void;
  /** Where `Pulled: REF` / `Digest: DIGEST` go (Helm's registry client writes them to stderr); false: nowhere. */
  out?: ((s: string) => void) | false;
}

/** Picks the tag: the reference's own tag or digest, an exact --version, else the highest version in the
 *  repository's tags that satisfies the constraint (Helm's GetTagMatchingVersionOrConstraint). */
async function resolveReference(client: RegistryClient, ref: OciRef, version: string, devel: boolean): Promise<string> {
  if (ref.digest) return ref.digest;
  if (ref.tag) {
    if (version && tagToVersion(ref.tag) !== version && ref.tag !== version) throw new Error(`chart reference and version mismatch: ${ref.tag} is not ${version}`);
    return ref.tag;
  }
  if (version) {
    try {
      const v = parseVersion(version);
      if (/^v?\d+\.\d+\.\d+/.test(version) && v) return versionToTag(version);
    } catch {
      /* a constraint */
    }
  }
  const constraint = version || (devel ? '>0.0.0-0' : '*');
  let c;
  try {
    c = parseConstraint(constraint);
  } catch (e) {
    throw new Error(`improper constraint: ${constraint}`);
  }
  const tags = await client.tags(ref.repository);
  let best: { tag: string; v: any } | undefined;
  for (const t of tags) {
    let v;
    try {
      v = parseVersion(tagToVersion(t));
    } catch {
      continue;
    }
    if (!c.check(v)) continue;
    if (!best || v.compare(best.v) > 0) best = { tag: t, v };
  }
  if (!best) throw new Error(`could not locate a version matching provided version string ${constraint} in ${ref.host}/${ref.repository}`);
  return best.tag;
}

/** Pulls a chart from an OCI registry into destDir (default: the repository cache); returns the .tgz path.
 *  The manifest, chart layer and provenance layer are checked against their digests and sizes. */
export async function resolveOciChart(refText: string, o: OciResolveOptions = {}): Promise<{ path: string; provPath?: string; verification?: { signedBy: string[]; fingerprint: string; fileHash: string } }> {
  const ref = parseOciRef(refText.trim());
  const client = new RegistryClient(ref.host, o);
  const reference = await resolveReference(client, ref, (o.version ?? '').trim(), !!o.devel);
  const m = await client.manifest(ref.repository, reference);
  const cfgType = m.doc?.config?.mediaType;
  if (cfgType !== CONFIG_MEDIA_TYPE) throw new Error(`${ref.host}/${ref.repository}:${reference} is not a Helm chart (config media type ${JSON.stringify(cfgType ?? '')})`);
  const layers: any[] = Array.isArray(m.doc?.layers) ? m.doc.layers : [];
  const chartLayer = layers.find((l) => l?.mediaType === CHART_LAYER_MEDIA_TYPE) ?? layers.find((l) => l?.mediaType === LEGACY_CHART_LAYER_MEDIA_TYPE);
  if (!chartLayer) throw new Error(`${ref.host}/${ref.repository}:${reference}: manifest has no chart layer (${CHART_LAYER_MEDIA_TYPE})`);
  const provLayer = layers.find((l) => l?.mediaType === PROV_LAYER_MEDIA_TYPE);
  const data = await client.blob(ref.repository, chartLayer, undefined, o.onProgress);
  const chart = await loadArchive(data).catch((e: Error) => {
    throw new Error(`${ref.host}/${ref.repository}:${reference}: ${e.message}`);
  });
  const name = chart.metadata.name ?? '';
  const version = chart.metadata.version ?? '';
  const last = ref.repository.split('/').pop();
  if (last !== name) throw new Error(`${ref.host}/${ref.repository}: chart name ${JSON.stringify(name)} does not match the repository name ${JSON.stringify(last)}`);
  const dest = o.destDir ?? repositoryCache(o);
  mkdirSync(dest, { recursive: true });
  const path = join(dest, `${name}-${version}.tgz`);
  atomicWrite(path, data);
  if (o.out !== false) {
    const write = o.out ?? ((t: string) => void process.stderr.write(t));
    const shown = reference.startsWith('sha256:') ? `${ref.host}/${ref.repository}@${reference}` : `${ref.host}/${ref.repository}:${reference}`;
    write(`Pulled: ${shown}\nDigest: ${m.digest}\n`);
  }
  let provPath: string | undefined;
  if (o.prov || o.verify) {
    if (!provLayer) {
      if (o.verify) throw new Error(`${ref.host}/${ref.repository}:${reference}: no provenance layer to verify (the chart was pushed without a .prov)`);
    } else {
      provPath = path + '.prov';
      atomicWrite(provPath, await client.blob(ref.repository, provLayer));
    }
  }
  let verification;
  if (o.verify) {
    const { verifyChart } = await import('./provenance.js');
    verification = await verifyChart(path, provPath!, o.keyring ?? defaultKeyring());
  }
  return { path, provPath, verification };
}

/** `registry login`: checks the credentials against HOST/v2/ and stores them. */
export async function registryLogin(host: string, username: string, password: string, o: OciOptions = {}): Promise<void> {
  const client = new RegistryClient(host, { ...o, username, password });
  await client.ping();
  saveCredentials(registryConfig(o), host, username, password);
}

export function registryLogout(host: string, o: PathFlags = {}): void {
  if (!removeCredentials(registryConfig(o), host)) throw new Error('not logged in');
}
