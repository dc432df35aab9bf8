import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpGet, downloadIndexFile, resolveReferenceUrl, indexUrl } from '../../../src/repo/download.js';
import { resolveChart } from '../../../src/repo/chartref.js';
import { newEntry, newRepoFile, updateRepo, writeRepoFile } from '../../../src/repo/repositories.js';
import { makeChartArchive, serveDir, tempDir, writeIndex, type TestServer } from './helpers.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('URLs', () => {
  it('joins index.yaml and resolves chart URLs as Helm', () => {
    expect(indexUrl('http://h/charts/')).toBe('http://h/charts/index.yaml');
    expect(indexUrl('http://h/charts?x=1')).toBe('http://h/charts/index.yaml?x=1');
    expect(resolveReferenceUrl('http://h/charts', 'a-1.0.0.tgz')).toBe('http://h/charts/a-1.0.0.tgz');
    expect(resolveReferenceUrl('http://h/charts/', '/abs/a.tgz')).toBe('http://h/abs/a.tgz');
    expect(resolveReferenceUrl('http://h/charts', 'https://cdn/a.tgz')).toBe('https://cdn/a.tgz');
  });
});

describe('HTTP getter and chart references', () => {
  let dir: string;
  let srv: TestServer;
  let auth: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    dir = tempDir();
    await makeChartArchive(dir, 'alpine', '0.1.0');
    await makeChartArchive(dir, 'alpine', '0.2.0');
    await makeChartArchive(dir, 'alpine', '0.3.0-beta.1');
    writeIndex(dir);
    srv = await serveDir(dir);
    auth = await serveDir(dir, { auth: { username: 'u', password: 'p' } });
    // a server on another port (another host:port) that the auth server's charts redirect to
    other = await serveDir(dir);
  });
  afterAll(async () => {
    await srv.close();
    await auth.close();
    await other.close();
  });

  it('downloads the index into NAME-index.yaml and NAME-charts.txt', async () => {
    const cache = tempDir();
    const p = await downloadIndexFile(newEntry({ name: 'edu', url: srv.url }), cache);
    expect(p).toBe(join(cache, 'edu-index.yaml'));
    expect(readFileSync(p, 'utf8')).toBe(readFileSync(join(dir, 'index.yaml'), 'utf8'));
    expect(readFileSync(join(cache, 'edu-charts.txt'), 'utf8')).toBe('alpine\n');
  });

  it('sends basic auth to the repository host and reports 401 otherwise', async () => {
    await expect(httpGet(auth.url + '/index.yaml')).rejects.toThrow(`failed to fetch ${auth.url}/index.yaml : 401 Unauthorized`);
    const data = await httpGet(auth.url + '/index.yaml', { username: 'u', password: 'p', credentialsUrl: auth.url });
    expect(data.toString()).toContain('alpine');
  });

  it('drops credentials on a redirect to another host unless pass-credentials', async () => {
    const redir = await serveDir(dir, { redirect: (p) => (p.endsWith('.tgz') ? other.url + p : undefined) });
    try {
      other.requests.length = 0;
      await httpGet(redir.url + '/alpine-0.1.0.tgz', { username: 'u', password: 'p', credentialsUrl: redir.url });
      expect(redir.requests.at(-1)!.auth).toMatch(/^Basic /);
      expect(other.requests.at(-1)!.path).toBe('/alpine-0.1.0.tgz');
      expect(other.requests.at(-1)!.auth).toBeUndefined();
      await httpGet(redir.url + '/alpine-0.1.0.tgz', { username: 'u', password: 'p', credentialsUrl: redir.url, passCredentials: true });
      expect(other.requests.at(-1)!.auth).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
    } finally {
      await redir.close();
    }
  });

  it('resolves REPO/CHART with constraints and --devel, caching the archive', async () => {
    const home = tempDir();
    const cfg = join(home, 'repositories.yaml');
    const cache = join(home, 'cache');
    const f = newRepoFile();
    updateRepo(f, newEntry({ name: 'edu', url: srv.url }));
    writeRepoFile(cfg, f);
    await expect(resolveChart('edu/alpine', { repositoryConfig: cfg, repositoryCache: cache })).rejects.toThrow(/no cached repo found/);
    await downloadIndexFile(newEntry({ name: 'edu', url: srv.url }), cache);
    const latest = await resolveChart('edu/alpine', { repositoryConfig: cfg, repositoryCache: cache });
    expect(latest.path).toBe(join(cache, 'alpine-0.2.0.tgz'));
    expect(existsSync(latest.path)).toBe(true);
    expect((await resolveChart('edu/alpine', { repositoryConfig: cfg, repositoryCache: cache, version: '0.1.*' })).chartVersion!.version).toBe('0.1.0');
    expect((await resolveChart('edu/alpine', { repositoryConfig: cfg, repositoryCache: cache, devel: true })).chartVersion!.version).toBe('0.3.0-beta.1');
    await expect(resolveChart('edu/alpine', { repositoryConfig: cfg, repositoryCache: cache, version: '9.x' })).rejects.toThrow(`chart "alpine" matching 9.x not found in edu index. (try 'tshelm repo update'): no chart version found for alpine-9.x`);
    await expect(resolveChart('nope/alpine', { repositoryConfig: cfg, repositoryCache: cache })).rejects.toThrow('repo nope not found');
    await expect(resolveChart('alpine', { repositoryConfig: cfg, repositoryCache: cache })).rejects.toThrow('non-absolute URLs should be in form of repo_name/path_to_chart, got: alpine');
    // --repo URL and a direct URL
    expect((await resolveChart('alpine', { repo: srv.url, version: '0.1.0', destDir: tempDir() })).chartVersion!.version).toBe('0.1.0');
    const direct = await resolveChart(srv.url + '/alpine-0.1.0.tgz', { destDir: tempDir() });
    expect(direct.path.endsWith('alpine-0.1.0.tgz')).toBe(true);
    // a local archive
    expect((await resolveChart(direct.path)).path).toBe(direct.path);
  });

  it('fetches repository dependencies by URL and by @alias (dependencyFetcher)', async () => {
    const { dependencyFetcher } = await import('../../../src/repo/download.js');
    const home = tempDir();
    const cfg = join(home, 'repositories.yaml');
    const f = newRepoFile();
    updateRepo(f, newEntry({ name: 'edu', url: srv.url }));
    writeRepoFile(cfg, f);
    const fetcher = await dependencyFetcher({ repositoryConfig: cfg, repositoryCache: join(home, 'cache') });
    expect(await fetcher.resolveVersion('alpine', '~0.1', srv.url)).toBe('0.1.0');
    expect(await fetcher.resolveVersion('alpine', '>=0.1.0', '@edu')).toBe('0.2.0');
    await expect(fetcher.resolveVersion('alpine', '9.x', 'alias:edu')).rejects.toThrow("can't get a valid version for repositories alpine");
    await expect(fetcher.resolveVersion('alpine', '*', '@nope')).rejects.toThrow('no repository definition for @nope');
    const out = tempDir();
    const p = await fetcher.download('alpine', '0.1.0', '@edu', out);
    expect(p).toBe(join(out, 'alpine-0.1.0.tgz'));
    expect(existsSync(p)).toBe(true);
  });

  it('does not send --repo credentials to a chart host the index points to', async () => {
    const d = tempDir();
    await makeChartArchive(d, 'alpine', '0.1.0');
    writeIndex(d, {}, other.url + '/');
    copyFileSync(join(d, 'alpine-0.1.0.tgz'), join(dir, 'alpine-0.1.0.tgz'));
    const repoSrv = await serveDir(d, { auth: { username: 'u', password: 'p' } });
    try {
      other.requests.length = 0;
      await resolveChart('alpine', { repo: repoSrv.url, username: 'u', password: 'p', destDir: tempDir() }).catch(() => undefined);
      expect(repoSrv.requests.at(-1)!.auth).toMatch(/^Basic /);
      expect(other.requests.length).toBe(1);
      expect(other.requests[0].auth).toBeUndefined();
      await resolveChart('alpine', { repo: repoSrv.url, username: 'u', password: 'p', passCredentials: true, destDir: tempDir() }).catch(() => undefined);
      expect(other.requests.at(-1)!.auth).toMatch(/^Basic /);
    } finally {
      await repoSrv.close();
    }
  });

  it('refuses a download whose digest does not match the index', async () => {
    const bad = tempDir();
    await makeChartArchive(bad, 'alpine', '0.1.0');
    writeIndex(bad);
    // tamper: replace the archive after indexing
    await makeChartArchive(tempDir(), 'x', '1.0.0').then((p) => writeFileSync(join(bad, 'alpine-0.1.0.tgz'), readFileSync(p)));
    const s = await serveDir(bad);
    const dest = tempDir();
    try {
      await expect(resolveChart('alpine', { repo: s.url, destDir: dest })).rejects.toThrow(/digest mismatch for alpine-0.1.0.tgz/);
      expect(existsSync(join(dest, 'alpine-0.1.0.tgz'))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it.skipIf(!hasOpenssl())('talks TLS with a generated CA (--ca-file), and refuses an unknown CA', async () => {
    const d = tempDir();
    const o = (args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: 'ignore' });
    o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=tshelm test CA']);
    o(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1']);
    writeFileSync(join(d, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    o(['x509', '-req', '-in', 'srv.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.crt', '-days', '2', '-extfile', 'ext.cnf']);
    const s = await serveDir(dir, { tls: { key: readFileSync(join(d, 'srv.key'), 'utf8'), cert: readFileSync(join(d, 'srv.crt'), 'utf8') } });
    try {
      await expect(httpGet(s.url + '/index.yaml')).rejects.toThrow(/certificate/);
      const data = await httpGet(s.url + '/index.yaml', { caFile: join(d, 'ca.crt') });
      expect(data.toString()).toContain('alpine');
      const data2 = await httpGet(s.url + '/index.yaml', { insecureSkipTlsVerify: true });
      expect(data2.length).toBe(data.length);
    } finally {
      await s.close();
    }
  });
});
