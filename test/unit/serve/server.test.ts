import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import yaml from 'js-yaml';
import { startServer } from '../../../src/repo/server.js';
import { tarFiles, gzipDeterministic } from '../../../src/chart/package.js';
import { chartArchive } from './helpers.js';

let dir: string;
let srv: Awaited<ReturnType<typeof startServer>>;
const auth = 'Basic ' + Buffer.from('ci:s3cret').toString('base64');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tshelm-serve-'));
  srv = await startServer({ storage: dir, port: 0, allowUpload: true, basicAuthUser: 'ci', basicAuthPass: 's3cret', token: 'tok-123', maxUploadSize: 200_000 });
});
afterEach(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(body: Buffer | FormData, headers: Record<string, string> = { authorization: auth }, q = '') {
  return fetch(`${srv.url}/api/charts${q}`, { method: 'POST', body, headers });
}
async function index(): Promise<any> {
  return yaml.load(await (await fetch(`${srv.url}/index.yaml`)).text());
}

describe('tshelm serve', () => {
  it('accepts an upload, serves the archive with a matching digest, and lists it in index.yaml and the API', async () => {
    const data = chartArchive('alpha', '1.0.0');
    const r = await upload(data);
    expect(r.status).toBe(201);
    const doc = await index();
    expect(doc.entries.alpha[0].version).toBe('1.0.0');
    expect(doc.entries.alpha[0].urls).toEqual(['alpha-1.0.0.tgz']);
    const dl = Buffer.from(await (await fetch(`${srv.url}/alpha-1.0.0.tgz`)).arrayBuffer());
    expect(createHash('sha256').update(dl).digest('hex')).toBe(doc.entries.alpha[0].digest);
    expect((await fetch(`${srv.url}/charts/alpha-1.0.0.tgz`)).status).toBe(200);
    const api = await (await fetch(`${srv.url}/api/charts/alpha/1.0.0`)).json();
    expect(api.digest).toBe(doc.entries.alpha[0].digest);
    expect(Object.keys(await (await fetch(`${srv.url}/api/charts`)).json())).toEqual(['alpha']);
    expect(await (await fetch(`${srv.url}/health`)).json()).toEqual({ healthy: true });
    // the index on disk is what is served
    expect(yaml.load(readFileSync(join(dir, 'index.yaml'), 'utf8'))).toEqual(doc);
  });

  it('multipart upload with provenance, bearer token auth, and PUT', async () => {
    const fd = new FormData();
    fd.set('chart', new Blob([chartArchive('beta', '0.2.0')]), 'beta-0.2.0.tgz');
    fd.set('prov', new Blob(['-----BEGIN PGP SIGNED MESSAGE-----\n']), 'beta-0.2.0.tgz.prov');
    expect((await upload(fd, { authorization: 'Bearer tok-123' })).status).toBe(201);
    expect(await (await fetch(`${srv.url}/beta-0.2.0.tgz.prov`)).text()).toContain('PGP SIGNED');
    const put = await fetch(`${srv.url}/api/charts`, { method: 'PUT', body: chartArchive('beta', '0.3.0'), headers: { authorization: 'Bearer tok-123' } });
    expect(put.status).toBe(201);
    expect((await index()).entries.beta.map((v: any) => v.version)).toEqual(['0.3.0', '0.2.0']);
  });

  it('refuses uploads without valid credentials (401 with a challenge), nothing stored', async () => {
    const r = await upload(chartArchive('alpha', '1.0.0'), { authorization: 'Basic ' + Buffer.from('ci:wrong').toString('base64') });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await upload(chartArchive('alpha', '1.0.0'), {})).status).toBe(401);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tgz'))).toEqual([]);
  });

  it('refuses an existing version (409) unless overwriting is allowed, and refuses hostile or bogus archives', async () => {
    expect((await upload(chartArchive('alpha', '1.0.0'))).status).toBe(201);
    const dup = await upload(chartArchive('alpha', '1.0.0', { 'NOTES.txt': 'x' }));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error).toMatch(/already exists/);
    const hostile = gzipDeterministic(tarFiles([
      { name: 'evil/Chart.yaml', data: Buffer.from('apiVersion: v2\nname: evil\nversion: 1.0.0\n') },
      { name: 'evil/../../../etc/passwd-owned', data: Buffer.from('x') },
    ]));
    const h = await upload(hostile);
    expect(h.status).toBe(400);
    expect((await h.json()).error).toMatch(/invalid chart archive/);
    expect((await upload(Buffer.from('garbage'))).status).toBe(400);
    const big = await upload(Buffer.alloc(300_000, 1));
    expect(big.status).toBe(413);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort()).toEqual(['alpha-1.0.0.tgz']);
    expect(Object.keys((await index()).entries)).toEqual(['alpha']);
  });

  it('loses no concurrent upload', async () => {
    const n = 20;
    const rs = await Promise.all(Array.from({ length: n }, (_, i) => upload(chartArchive(i % 2 ? 'odd' : 'even', `1.${i}.0`))));
    expect(rs.map((r) => r.status)).toEqual(Array(n).fill(201));
    const doc = await index();
    expect(doc.entries.even.length + doc.entries.odd.length).toBe(n);
    expect(doc.entries.even[0].version).toBe('1.18.0');
    const disk: any = yaml.load(readFileSync(join(dir, 'index.yaml'), 'utf8'));
    expect(disk.entries.even.length + disk.entries.odd.length).toBe(n);
  });

  it('deletes a version', async () => {
    await upload(chartArchive('alpha', '1.0.0'));
    await upload(chartArchive('alpha', '1.1.0'));
    expect((await fetch(`${srv.url}/api/charts/alpha/1.0.0`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${srv.url}/api/charts/alpha/1.0.0`, { method: 'DELETE', headers: { authorization: auth } })).status).toBe(200);
    expect(existsSync(join(dir, 'alpha-1.0.0.tgz'))).toBe(false);
    expect((await index()).entries.alpha.map((v: any) => v.version)).toEqual(['1.1.0']);
    expect((await fetch(`${srv.url}/api/charts/alpha/1.0.0`)).status).toBe(404);
  });

  it('indexes archives already in the storage directory at start-up, and read-only mode refuses uploads', async () => {
    await upload(chartArchive('alpha', '1.0.0'));
    await srv.close();
    const before = readFileSync(join(dir, 'index.yaml'), 'utf8');
    await new Promise((r) => setTimeout(r, 5));
    srv = await startServer({ storage: dir, port: 0 });
    expect((await index()).entries.alpha[0].version).toBe('1.0.0');
    // an unchanged repository keeps its index.yaml byte for byte
    expect(readFileSync(join(dir, 'index.yaml'), 'utf8')).toBe(before);
    const r = await upload(chartArchive('alpha', '2.0.0'), {});
    expect(r.status).toBe(405);
  });

  it('web page: list and chart page escape chart metadata and README HTML; no script allowed by CSP', async () => {
    const evil = '<script>window.pwned=1</script>';
    await upload(chartArchive('gamma', '1.0.0', { 'README.md': `# Gamma\n\nSome **bold** text.\n\n${evil}\n\n[x](javascript:alert(1))\n` }, { description: `desc ${evil}` }));
    const home = await fetch(`${srv.url}/`);
    expect(home.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await home.text();
    expect(html).toContain('gamma');
    expect(html).not.toContain('<script>');
    expect(html).toContain('desc &lt;script&gt;');
    const page = await (await fetch(`${srv.url}/chart/gamma`)).text();
    expect(page).toContain('<h1>Gamma</h1>');
    expect(page).toContain('<strong>bold</strong>');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('javascript:');
    expect(page).toContain('replicaCount: 1');
    expect(page).toMatch(/tshelm install my-gamma myrepo\/gamma --version 1\.0\.0/);
    expect((await fetch(`${srv.url}/chart/nope`)).status).toBe(404);
  });
});
