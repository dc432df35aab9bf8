// `tshelm serve`: a chart repository server. Serves index.yaml, the archives (and .prov files), a
// ChartMuseum-compatible API (GET/POST/PUT/DELETE /api/charts..., GET /health) and a web page at `/`.
// Uploads are validated with the chart loader's hostile-archive checks, stored atomically (temp file +
// rename), and the index is updated under one in-process lock so concurrent uploads are never lost.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, mkdirSync, readFileSync, statSync, unlinkSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadArchive } from '../chart/load.js';
import { digestBytes, type ChartVersion } from './index-file.js';
import { indexAdd, indexDirectory, indexNow, marshalIndex, readIndex, sortEntries, writeIndex, type BuiltIndex } from './index-build.js';
import { atomicWrite } from './repositories.js';
import { CSP, renderChartPage, renderIndexPage } from './web.js';

export interface ServeOptions {
  storage: string;
  address?: string;
  port?: number;
  /** Public URL of the repository (index urls become absolute). */
  url?: string;
  allowUpload?: boolean;
  allowOverwrite?: boolean;
  basicAuthUser?: string;
  basicAuthPass?: string;
  /** Bearer token accepted for uploads and deletes. */
  token?: string;
  /** Require credentials for reads too. */
  authReads?: boolean;
  maxUploadSize?: number;
  tlsCert?: string;
  tlsKey?: string;
  /** Name suggested in the web page's `tshelm repo add` line. */
  repoName?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const ARCHIVE_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]*\.tgz(\.prov)?$/;

function eq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class ChartRepoServer {
  private index: BuiltIndex;
  private indexText: string;
  private lock: Promise<unknown> = Promise.resolve();
  private readmeCache = new Map<string, { readme?: string; values?: string }>();
  readonly o: ServeOptions;

  private constructor(o: ServeOptions, idx: BuiltIndex) {
    this.o = o;
    this.index = idx;
    this.indexText = marshalIndex(idx);
  }

  static async create(o: ServeOptions): Promise<ChartRepoServer> {
    mkdirSync(o.storage, { recursive: true });
    const prevPath = join(o.storage, 'index.yaml');
    let previous: BuiltIndex | undefined;
    if (existsSync(prevPath)) {
      try {
        previous = readIndex(prevPath);
      } catch {
        previous = undefined;
      }
    }
    const idx = await indexDirectory(o.storage, { url: o.url, previous });
    // an unchanged repository keeps its index.yaml byte for byte (and its generated time)
    if (previous && marshalIndex({ ...idx, generated: previous.generated }) === marshalIndex(previous)) idx.generated = previous.generated;
    const s = new ChartRepoServer(o, idx);
    if (!previous || idx.generated !== previous.generated) writeIndex(prevPath, idx);
    return s;
  }

  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private writeIndexFile(): void {
    this.index.generated = indexNow();
    sortEntries(this.index);
    this.indexText = marshalIndex(this.index);
    atomicWrite(join(this.o.storage, 'index.yaml'), this.indexText);
  }

  private authorized(req: IncomingMessage): boolean {
    const { basicAuthUser: u, basicAuthPass: p, token } = this.o;
    if (!u && !token) return true;
    const h = req.headers.authorization ?? '';
    if (token && /^Bearer /i.test(h) && eq(h.slice(7).trim(), token)) return true;
    if (u && /^Basic /i.test(h)) {
      const dec = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
      const i = dec.indexOf(':');
      if (i >= 0 && eq(dec.slice(0, i), u) && eq(dec.slice(i + 1), p ?? '')) return true;
    }
    return false;
  }

  private async readBody(req: IncomingMessage): Promise<Buffer> {
    const max = this.o.maxUploadSize ?? 20 * 1024 * 1024;
    const len = Number(req.headers['content-length']);
    if (Number.isFinite(len) && len > max) throw new HttpError(413, `upload larger than the limit of ${max} bytes`);
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of req) {
      n += (c as Buffer).length;
      if (n > max) throw new HttpError(413, `upload larger than the limit of ${max} bytes`);
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  }

  /** Validates and stores one chart archive (and optional provenance); updates the index. */
  async upload(data: Buffer, prov?: Buffer, force = false): Promise<ChartVersion> {
    if (data.length === 0) throw new HttpError(400, 'no chart archive in the request');
    let chart;
    try {
      chart = await loadArchive(data);
    } catch (e) {
      throw new HttpError(400, `invalid chart archive: ${(e as Error).message}`);
    }
    const name = chart.metadata.name ?? '';
    const version = chart.metadata.version ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new HttpError(400, `invalid chart name ${JSON.stringify(name)}`);
    const fname = `${name}-${version}.tgz`;
    if (!ARCHIVE_RE.test(fname)) throw new HttpError(400, `invalid chart version ${JSON.stringify(version)}`);
    return this.serial(() => {
      const existing = (this.index.entries[name] ?? []).findIndex((v) => v.version === version);
      if (existing >= 0 && !(force && this.o.allowOverwrite)) throw new HttpError(409, `${fname} already exists`);
      atomicWrite(join(this.o.storage, fname), data);
      if (prov) atomicWrite(join(this.o.storage, fname + '.prov'), prov);
      if (existing >= 0) this.index.entries[name].splice(existing, 1);
      this.readmeCache.clear();
      const cv = indexAdd(this.index, chart.metadata, fname, this.o.url ?? '', digestBytes(data));
      this.writeIndexFile();
      return cv;
    });
  }

  async remove(name: string, version: string): Promise<void> {
    return this.serial(() => {
      const vs = this.index.entries[name] ?? [];
      const i = vs.findIndex((v) => v.version === version);
      if (i < 0) throw new HttpError(404, `${name}-${version} not found`);
      const fname = `${name}-${version}.tgz`;
      for (const f of [fname, fname + '.prov']) {
        try {
          unlinkSync(join(this.o.storage, f));
        } catch {
          /* already gone */
        }
      }
      vs.splice(i, 1);
      if (vs.length === 0) delete this.index.entries[name];
      this.readmeCache.clear();
      this.writeIndexFile();
    });
  }

  private async multipart(req: IncomingMessage, body: Buffer): Promise<{ chart?: Buffer; prov?: Buffer }> {
    let form;
    try {
      form = await new Response(body, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    } catch {
      throw new HttpError(400, 'malformed multipart body');
    }
    const get = async (k: string) => {
      const v = form.get(k);
      if (v == null) return undefined;
      return typeof v === 'string' ? Buffer.from(v) : Buffer.from(await v.arrayBuffer());
    };
    return { chart: await get('chart'), prov: await get('prov') };
  }

  private async loadDetails(cv: ChartVersion): Promise<{ readme?: string; values?: string }> {
    const key = cv.digest ?? `${cv.name}-${cv.version}`;
    const hit = this.readmeCache.get(key);
    if (hit) return hit;
    const out: { readme?: string; values?: string } = {};
    try {
      const data = readFileSync(join(this.o.storage, `${cv.name}-${cv.version}.tgz`));
      const c = await loadArchive(data);
      const readme = c.files.find((f) => /^readme(\.md)?$/i.test(f.name));
      if (readme) out.readme = Buffer.from(readme.data).toString('utf8');
      const values = c.raw.find((f) => f.name === 'values.yaml');
      if (values) out.values = Buffer.from(values.data).toString('utf8');
    } catch {
      /* archive unreadable: page without details */
    }
    this.readmeCache.set(key, out);
    return out;
  }

  private webContext(req: IncomingMessage) {
    const host = req.headers.host ?? `${this.o.address ?? '127.0.0.1'}:${this.o.port ?? 8879}`;
    const proto = this.o.tlsCert ? 'https' : 'http';
    return { repoUrl: this.o.url ?? `${proto}://${host}`, repoName: this.o.repoName ?? 'myrepo' };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    res.on('finish', () => this.o.log?.(`${req.socket.remoteAddress ?? '-'} "${req.method} ${req.url}" ${res.statusCode} ${res.getHeader('content-length') ?? '-'} ${Date.now() - started}ms`));
    try {
      await this.route(req, res);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      const msg = e instanceof HttpError ? e.message : 'internal error';
      if (!(e instanceof HttpError)) this.o.log?.(`error: ${(e as Error)?.message}`);
      if (!res.headersSent) this.json(res, status, { error: msg });
      else res.end();
    }
  }

  private json(res: ServerResponse, status: number, data: unknown): void {
    const body = Buffer.from(JSON.stringify(data));
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  }

  private send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
    const b = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': type, 'content-length': b.length, 'x-content-type-options': 'nosniff', ...extra });
    res.end(b);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(u.pathname);
    const method = req.method ?? 'GET';
    const read = method === 'GET' || method === 'HEAD';
    if (path === '/health') return this.json(res, 200, { healthy: true });
    if (!read || this.o.authReads) {
      if (!this.authorized(req)) {
        res.setHeader('www-authenticate', this.o.token && !this.o.basicAuthUser ? 'Bearer realm="tshelm"' : 'Basic realm="tshelm"');
        throw new HttpError(401, 'unauthorized');
      }
    }
    if (read && path === '/index.yaml') return this.send(res, 200, 'application/x-yaml', this.indexText);
    if (read && (path === '/' || path === '/index.html')) {
      return this.send(res, 200, 'text/html; charset=utf-8', renderIndexPage(this.index.entries, this.webContext(req)), { 'content-security-policy': CSP });
    }
    let m = /^\/chart\/([^/]+)\/?$/.exec(path);
    if (read && m) {
      const vs = this.index.entries[m[1]];
      if (!vs || vs.length === 0) throw new HttpError(404, `chart ${m[1]} not found`);
      const d = await this.loadDetails(vs[0]);
      return this.send(res, 200, 'text/html; charset=utf-8', renderChartPage({ versions: vs, ...d }, this.webContext(req)), { 'content-security-policy': CSP });
    }
    m = /^\/(?:charts\/)?([^/]+\.tgz(?:\.prov)?)$/.exec(path);
    if (read && m) {
      if (!ARCHIVE_RE.test(m[1])) throw new HttpError(404, 'not found');
      const f = join(this.o.storage, m[1]);
      if (!existsSync(f)) throw new HttpError(404, `${m[1]} not found`);
      const st = statSync(f);
      res.writeHead(200, { 'content-type': m[1].endsWith('.prov') ? 'application/pgp-signature' : 'application/gzip', 'content-length': st.size });
      if (method === 'HEAD') return void res.end();
      createReadStream(f).pipe(res);
      return;
    }
    if (path === '/api/charts' || path === '/api/prov') {
      if (read) {
        const out: Record<string, ChartVersion[]> = {};
        for (const n of Object.keys(this.index.entries).sort()) out[n] = this.index.entries[n];
        return this.json(res, 200, out);
      }
      if (method === 'POST' || method === 'PUT') {
        if (!this.o.allowUpload) throw new HttpError(405, 'uploads are disabled (start the server with --allow-upload)');
        const body = await this.readBody(req);
        const force = u.searchParams.has('force') && u.searchParams.get('force') !== 'false';
        let chart: Buffer | undefined = body;
        let prov: Buffer | undefined;
        if (String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) ({ chart, prov } = await this.multipart(req, body));
        if (path === '/api/prov') throw new HttpError(400, 'upload the provenance file together with its chart (multipart fields chart and prov)');
        if (!chart) throw new HttpError(400, 'no chart archive in the request (multipart field "chart")');
        await this.upload(chart, prov, force);
        return this.json(res, 201, { saved: true });
      }
    }
    m = /^\/api\/charts\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (m) {
      const [, name, version] = m;
      if (read) {
        const vs = this.index.entries[name];
        if (!vs) throw new HttpError(404, `chart not found`);
        if (!version) return this.json(res, 200, vs);
        const v = version === 'latest' ? vs[0] : vs.find((x) => x.version === version);
        if (!v) throw new HttpError(404, `improper constraint: ${version}`);
        return this.json(res, 200, v);
      }
      if (method === 'DELETE' && version) {
        if (!this.o.allowUpload) throw new HttpError(405, 'deletes are disabled (start the server with --allow-upload)');
        await this.remove(name, version);
        return this.json(res, 200, { deleted: true });
      }
    }
    throw new HttpError(404, 'not found');
  }

  /** Chart versions (newest first) currently in the index. */
  entries(): Record<string, ChartVersion[]> {
    return this.index.entries;
  }

}

/** Starts the server; port 0 picks a free port. */
export async function startServer(o: ServeOptions): Promise<RunningServer & { repo: ChartRepoServer }> {
  // the certificate, the key and the port first: a server that cannot start writes nothing in the storage folder
  // (ChartRepoServer.create makes it and its index.yaml); requests wait for the repository
  let ready!: (r: ChartRepoServer) => void;
  const repoReady = new Promise<ChartRepoServer>((resolve) => (ready = resolve));
  const handler = (req: IncomingMessage, res: ServerResponse) => void repoReady.then((r) => r.handle(req, res));
  const server: Server = o.tlsCert && o.tlsKey ? createHttpsServer({ cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) }, handler) : createHttpServer(handler);
  const address = o.address ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8879, address, () => resolve());
  });
  let repo: ChartRepoServer;
  try {
    repo = await ChartRepoServer.create(o);
  } catch (e) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw e;
  }
  ready(repo);
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' || address.includes(':') ? `[${a.address}]` : a.address;
  const url = `${o.tlsCert ? 'https' : 'http'}://${host}:${a.port}`;
  return {
    url,
    server,
    repo,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
      }),
  };
}
