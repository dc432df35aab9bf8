// OCI client against an in-process mock registry: Bearer token challenges (credentials only to the realm),
// digests checked, cross-host blob redirects without credentials, reference parsing, config.json format.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { createServer, type Server, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parseOciRef, pushChart, resolveOciChart, saveCredentials, storedCredentials, CHART_LAYER_MEDIA_TYPE, CONFIG_MEDIA_TYPE } from '../../../src/repo/oci.js';
import { chartArchive } from './helpers.js';

const sha = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');
const blobs = new Map<string, Buffer>();
const manifests = new Map<string, Buffer>();
const log: { url: string; auth?: string; host: string }[] = [];
let registry: Server;
let other: Server;
let host = '';
let otherUrl = '';
let tamper = false;
let redirectBlobs = false;
let dir: string;

async function body(req: IncomingMessage): Promise<Buffer> {
  const c: Buffer[] = [];
  for await (const x of req) c.push(x as Buffer);
  return Buffer.concat(c);
}

beforeAll(async () => {
  other = createServer((req, res) => {
    log.push({ url: req.url!, auth: req.headers.authorization, host: 'other' });
    const d = decodeURIComponent(req.url!.slice(1));
    const b = blobs.get(d);
    res.writeHead(b ? 200 : 404).end(b);
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  registry = createServer(async (req, res) => {
    const u = new URL(req.url!, 'http://x');
    log.push({ url: req.url!, auth: req.headers.authorization, host: 'registry' });
    if (u.pathname === '/token') {
      if (req.headers.authorization !== 'Basic ' + Buffer.from('u:p').toString('base64')) return void res.writeHead(401).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ token: `tok:${u.searchParams.getAll('scope').join(' ')}` }));
    }
    if (!String(req.headers.authorization ?? '').startsWith('Bearer tok:')) {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="mock",scope="repository:${u.pathname.split('/').slice(2, -2).join('/')}:pull,push"` });
      return void res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    }
    let m;
    if (u.pathname === '/v2/') return void res.writeHead(200).end('{}');
    if ((m = /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(u.pathname)) && req.method === 'POST') return void res.writeHead(202, { location: `/upload/${m[1]}?state=1` }).end();
    if (u.pathname.startsWith('/upload/') && req.method === 'PUT') {
      const b = await body(req);
      if (sha(b) !== u.searchParams.get('digest')) return void res.writeHead(400).end('{"errors":[{"code":"DIGEST_INVALID","message":"bad digest"}]}');
      blobs.set(sha(b), b);
      return void res.writeHead(201).end();
    }
    if ((m = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]+)$/.exec(u.pathname))) {
      const b = blobs.get(m[2]);
      if (!b) return void res.writeHead(404).end();
      if (req.method === 'HEAD') return void res.writeHead(200, { 'content-length': b.length }).end();
      if (redirectBlobs) return void res.writeHead(307, { location: `${otherUrl}/${encodeURIComponent(m[2])}` }).end();
      return void res.writeHead(200).end(tamper ? Buffer.concat([b, Buffer.from('x')]) : b);
    }
    if ((m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(u.pathname))) {
      if (req.method === 'PUT') {
        manifests.set(`${m[1]}:${m[2]}`, await body(req));
        return void res.writeHead(201).end();
      }
      const b = manifests.get(`${m[1]}:${m[2]}`);
      return void (b ? res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(b) : res.writeHead(404).end());
    }
    if ((m = /^\/v2\/(.+)\/tags\/list$/.exec(u.pathname))) {
      const tags = [...manifests.keys()].filter((k) => k.startsWith(m![1] + ':')).map((k) => k.slice(m![1].length + 1));
      return void res.writeHead(200).end(JSON.stringify({ name: m[1], tags }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => registry.close(r));
  await new Promise((r) => other.close(r));
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tshelm-ocimock-'));
  tamper = false;
  redirectBlobs = false;
  log.length = 0;
  return () => rmSync(dir, { recursive: true, force: true });
});

describe('OCI client', () => {
  it('parses references', () => {
    expect(parseOciRef('oci://localhost:5000/a/b/chart:1.2.3_x')).toEqual({ host: 'localhost:5000', repository: 'a/b/chart', tag: '1.2.3_x', digest: undefined });
    expect(parseOciRef('oci://r.io/c@sha256:' + 'a'.repeat(64)).digest).toBe('sha256:' + 'a'.repeat(64));
    expect(() => parseOciRef('https://r.io/c')).toThrow(/must start with oci:\/\//);
    expect(() => parseOciRef('oci://r.io')).toThrow(/expected oci:\/\/HOST\/PATH/);
    expect(() => parseOciRef('oci://r.io/Upper')).toThrow(/lower case/);
  });

  it('stores credentials as Docker config.json and keeps other keys', () => {
    const p = join(dir, 'config.json');
    writeFileSync(p, JSON.stringify({ credsStore: 'x', auths: { 'a.io': { auth: Buffer.from('a:b').toString('base64') } } }));
    saveCredentials(p, 'r.io', 'user', 'pa:ss');
    const doc = JSON.parse(readFileSync(p, 'utf8'));
    expect(doc.credsStore).toBe('x');
    expect(storedCredentials(p, 'r.io')).toEqual({ username: 'user', password: 'pa:ss' });
    expect(storedCredentials(p, 'a.io')).toEqual({ username: 'a', password: 'b' });
  });

  it('answers Bearer challenges with a token from the realm; credentials go only to the realm', async () => {
    const cfg = join(dir, 'config.json');
    saveCredentials(cfg, host, 'u', 'p');
    const tgz = join(dir, 'tok-0.1.0.tgz');
    writeFileSync(tgz, chartArchive('tok', '0.1.0'));
    const r = await pushChart(tgz, `oci://${host}/proj`, { plainHttp: true, registryConfig: cfg });
    expect(r.ref).toBe(`${host}/proj/tok:0.1.0`);
    const man = JSON.parse(manifests.get('proj/tok:0.1.0')!.toString());
    expect(man.config.mediaType).toBe(CONFIG_MEDIA_TYPE);
    expect(man.layers[0]).toEqual({ mediaType: CHART_LAYER_MEDIA_TYPE, digest: sha(readFileSync(tgz)), size: readFileSync(tgz).length });
    expect(log.filter((l) => l.url.startsWith('/token')).every((l) => l.url.includes('scope=repository%3Aproj%2Ftok%3Apull%2Cpush'))).toBe(true);
    expect(log.filter((l) => l.url.startsWith('/v2/') && l.auth?.startsWith('Basic'))).toEqual([]);
    const got = await resolveOciChart(`oci://${host}/proj/tok`, { plainHttp: true, registryConfig: cfg, destDir: dir });
    expect(readFileSync(got.path).equals(readFileSync(tgz))).toBe(true);
  });

  it('refuses a blob whose digest does not match, writing nothing', async () => {
    const cfg = join(dir, 'config.json');
    saveCredentials(cfg, host, 'u', 'p');
    const tgz = join(dir, 'bad-0.1.0.tgz');
    writeFileSync(tgz, chartArchive('bad', '0.1.0'));
    await pushChart(tgz, `oci://${host}/proj`, { plainHttp: true, registryConfig: cfg });
    tamper = true;
    const out = join(dir, 'out');
    await expect(resolveOciChart(`oci://${host}/proj/bad:0.1.0`, { plainHttp: true, registryConfig: cfg, destDir: out })).rejects.toThrow(/digest mismatch for 127\.0\.0\.1:\d+\/proj\/bad blob/);
    expect(() => readFileSync(join(out, 'bad-0.1.0.tgz'))).toThrow();
  });

  it('follows a blob redirect to another host without the registry credentials', async () => {
    const cfg = join(dir, 'config.json');
    saveCredentials(cfg, host, 'u', 'p');
    const tgz = join(dir, 'redir-0.1.0.tgz');
    writeFileSync(tgz, chartArchive('redir', '0.1.0'));
    await pushChart(tgz, `oci://${host}/proj`, { plainHttp: true, registryConfig: cfg });
    redirectBlobs = true;
    const got = await resolveOciChart(`oci://${host}/proj/redir`, { plainHttp: true, registryConfig: cfg, destDir: dir });
    expect(readFileSync(got.path).equals(readFileSync(tgz))).toBe(true);
    const o = log.filter((l) => l.host === 'other');
    expect(o.length).toBeGreaterThan(0);
    expect(o.every((l) => l.auth === undefined)).toBe(true);
  });

  it('without credentials the token realm refuses: one clear error', async () => {
    await expect(resolveOciChart(`oci://${host}/proj/none`, { plainHttp: true, registryConfig: join(dir, 'nothing.json'), destDir: dir })).rejects.toThrow(/failed to get a token from http:\/\/127\.0\.0\.1:\d+\/token: 401/);
  });
});
