// The repository commands through the built CLI (dist/; `npm test` builds first), with TSHELM_* paths in temp dirs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { makeChartArchive, serveDir, tempDir, writeIndex, type TestServer } from './helpers.js';

const bin = join(__dirname, '..', '..', '..', 'bin', 'tshelm.js');
const built = existsSync(join(__dirname, '..', '..', '..', 'dist', 'repo', 'chartref.js'));

function run(args: string[], env: Record<string, string>, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
    else child.stdin!.end();
  });
}

describe.skipIf(!built)('repo commands (CLI)', () => {
  let dir: string;
  let srv: TestServer;
  let authSrv: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = tempDir();
    await makeChartArchive(dir, 'metallb', '0.1.0', { appVersion: 'v0.8.2', description: 'A network load-balancer implementation', keywords: ['network', 'load-balancer'] });
    await makeChartArchive(dir, 'metallb', '0.1.1', { appVersion: 'v0.8.3', description: 'A network load-balancer implementation', keywords: ['network', 'load-balancer'] });
    await makeChartArchive(dir, 'webapp', '1.0.0', { description: 'A web application with metallb in its description' });
    await makeChartArchive(dir, 'webapp', '1.1.0-rc.1', { description: 'A web application with metallb in its description' });
    writeIndex(dir, { metallb: { appVersion: 'v0.8.3', description: 'A network load-balancer implementation', keywords: ['network', 'load-balancer'] }, webapp: { description: 'A web application with metallb in its description' } });
    srv = await serveDir(dir);
    authSrv = await serveDir(dir, { auth: { username: 'admin', password: 's3cret' } });
    const home = tempDir();
    env = { TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_DATA_HOME: join(home, 'data') };
  });
  afterAll(async () => {
    await srv.close();
    await authSrv.close();
  });

  it('adds, lists, updates, searches, pulls and removes', async () => {
    let r = await run(['repo', 'add', 'edu', srv.url], env);
    expect(r.stdout).toBe('"edu" has been added to your repositories\n');
    expect(r.code).toBe(0);
    const cfg = readFileSync(join(env.TSHELM_CONFIG_HOME, 'repositories.yaml'), 'utf8');
    expect(cfg).toMatch(/^apiVersion: v1\ngenerated: ".+"\nrepositories:\n- caFile: ""\n  certFile: ""\n  insecure_skip_tls_verify: false\n  keyFile: ""\n  name: edu\n  pass_credentials_all: false\n  password: ""\n  url: http:\/\/127.0.0.1:\d+\n  username: ""\n$/);
    expect(readdirSync(join(env.TSHELM_CACHE_HOME, 'repository')).sort()).toEqual(['edu-charts.txt', 'edu-index.yaml']);
    r = await run(['repo', 'add', 'edu', srv.url], env);
    expect(r.stdout).toBe('"edu" already exists with the same configuration, skipping\n');
    r = await run(['repo', 'add', 'edu', srv.url + '/other'], env);
    expect(r.stderr).toBe('Error: repository name (edu) already exists, please specify a different name\n');
    expect(r.code).toBe(1);
    r = await run(['repo', 'add', 'bad/name', srv.url], env);
    expect(r.stderr).toBe("Error: repository name (bad/name) contains '/', please specify a different name without '/'\n");
    r = await run(['repo', 'add', 'nothere', srv.url + '/missing'], env);
    expect(r.stderr).toBe(`Error: looks like "${srv.url}/missing" is not a valid chart repository or cannot be reached: failed to fetch ${srv.url}/missing/index.yaml : 404 Not Found\n`);

    r = await run(['repo', 'add', 'private', authSrv.url, '--username', 'admin', '--password-stdin'], env, 's3cret\n');
    expect(r.stdout).toBe('"private" has been added to your repositories\n');

    r = await run(['repo', 'list'], env);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+\tURL/);
    r = await run(['repo', 'list', '-o', 'json'], env);
    expect(JSON.parse(r.stdout)).toEqual([{ name: 'edu', url: srv.url }, { name: 'private', url: authSrv.url }]);

    r = await run(['repo', 'update'], env);
    expect(r.stdout.split('\n')[0]).toBe('Hang tight while we grab the latest from your chart repositories...');
    expect(r.stdout).toContain('...Successfully got an update from the "edu" chart repository\n');
    expect(r.stdout).toContain('...Successfully got an update from the "private" chart repository\n');
    expect(r.stdout.endsWith('Update Complete. ⎈Happy Helming!⎈\n')).toBe(true);
    r = await run(['repo', 'update', 'nope'], env);
    expect(r.stderr).toBe("Error: no repositories found matching 'nope'.  Nothing will be updated\n");

    r = await run(['search', 'repo', 'metallb', '-o', 'json'], env);
    const found = JSON.parse(r.stdout);
    // name matches score 0 (metallb charts first), a description match scores 2
    expect(found.map((x: any) => `${x.name}@${x.version}`)).toEqual(['edu/metallb@0.1.1', 'private/metallb@0.1.1', 'edu/webapp@1.0.0', 'private/webapp@1.0.0']);
    r = await run(['search', 'repo', 'edu/', '--versions', '--devel', '-o', 'json'], env);
    expect(JSON.parse(r.stdout).map((x: any) => x.version)).toEqual(['0.1.1', '0.1.0', '1.1.0-rc.1', '1.0.0']);
    r = await run(['search', 'repo', 'edu/metallb', '--version', '~0.1.0', '--versions'], env);
    expect(r.stdout).toMatch(/^NAME\s+\tCHART VERSION\tAPP VERSION\tDESCRIPTION\s*\nedu\/metallb\s*\t0.1.1\s*\tv0.8.3\s*\tA network load-balancer implementation\s*\nedu\/metallb\s*\t0.1.0/);
    r = await run(['search', 'repo', 'zzz'], env);
    expect(r.stdout).toBe('No results found\n');
    r = await run(['search', 'repo', 'edu/w[a-z]+p', '--regexp', '-o', 'json'], env);
    expect(JSON.parse(r.stdout).map((x: any) => x.name)).toEqual(['edu/webapp']);

    const out = tempDir();
    r = await run(['pull', 'edu/metallb', '--version', '0.1.x', '--untar', '-d', out], env);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'metallb', 'Chart.yaml'), 'utf8')).toContain('version: 0.1.1');
    r = await run(['pull', 'edu/metallb', '--untar', '-d', out], env);
    expect(r.stderr).toBe(`Error: failed to untar: a file or directory with the name ${join(out, 'metallb')} already exists\n`);
    r = await run(['pull', 'private/webapp', '--devel', '-d', out], env);
    expect(existsSync(join(out, 'webapp-1.1.0-rc.1.tgz'))).toBe(true);
    r = await run(['pull', 'metallb', '--repo', srv.url, '--version', '0.1.0', '-d', out], env);
    expect(existsSync(join(out, 'metallb-0.1.0.tgz'))).toBe(true);

    r = await run(['repo', 'remove', 'private', 'edu'], env);
    expect(r.stdout).toBe('"private" has been removed from your repositories\n"edu" has been removed from your repositories\n');
    expect(readdirSync(join(env.TSHELM_CACHE_HOME, 'repository')).filter((f) => f.startsWith('edu-'))).toEqual([]);
    r = await run(['repo', 'remove', 'edu'], env);
    expect(r.stderr).toBe('Error: no repo named "edu" found\n');
    r = await run(['repo', 'list'], env);
    expect(r.stderr).toBe('Error: no repositories to show\n');
  }, 60000);

  it('reports a failed repository in repo update without hiding the others', async () => {
    const home = tempDir();
    const e = { TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_CACHE_HOME: join(home, 'cache') };
    const gone = await serveDir(dir);
    expect((await run(['repo', 'add', 'gone', gone.url], e)).code).toBe(0);
    expect((await run(['repo', 'add', 'edu', srv.url], e)).code).toBe(0);
    await gone.close();
    let r = await run(['repo', 'update'], e);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`...Unable to get an update from the "gone" chart repository (${gone.url}):\n\tGet "${gone.url}/index.yaml": dial tcp 127.0.0.1:${gone.port}: connect: connection refused\n`);
    expect(r.stdout).toContain('...Successfully got an update from the "edu" chart repository\n');
    expect(r.stdout.endsWith('Update Complete. ⎈Happy Helming!⎈\n')).toBe(true);
    r = await run(['repo', 'update', '--fail-on-repo-update-fail'], e);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: Failed to update the following repositories: [${gone.url}]\n`);
    // a garbage index is a clear error, and the cached one is kept
    const g = tempDir();
    writeFileSync(join(g, 'index.yaml'), '\u0000\u0001 garbage: [');
    const gs = await serveDir(g);
    try {
      r = await run(['repo', 'add', 'garbage', gs.url], e);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^Error: looks like "${gs.url}" is not a valid chart repository or cannot be reached: .+\n$`));
    } finally {
      await gs.close();
    }
  }, 60000);

  it('refuses a gigantic index with a clear error, without reading it all', async () => {
    const home = tempDir();
    const e = { TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_MAX_INDEX_SIZE: String(1024 * 1024) };
    let sent = 0;
    const huge = await serveDir(tempDir(), {
      handler: (req, res) => {
        // an endless chunked index: the client must stop at the limit
        res.writeHead(200, { 'content-type': 'text/yaml' });
        res.write('apiVersion: v1\nentries:\n');
        const chunk = '  x:\n  - name: x\n    version: 1.0.0\n'.repeat(1000);
        const pump = () => {
          while (sent < 200 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        pump();
        return true;
      },
    });
    try {
      const r = await run(['repo', 'add', 'huge', huge.url], e);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`Error: looks like "${huge.url}" is not a valid chart repository or cannot be reached: failed to fetch ${huge.url}/index.yaml : the response is larger than the limit of 1048576 bytes\n`);
    } finally {
      await huge.close();
    }
  }, 60000);

  it('verifies provenance with pull --verify and verify, and refuses tampering', async () => {
    const d = tempDir();
    const archive = await makeChartArchive(d, 'signed', '1.0.0');
    writeIndex(d);
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy' as any, userIDs: [{ name: 'Signer', email: 's@example.com' }], format: 'object' });
    writeFileSync(join(d, 'secring.asc'), privateKey.armor());
    writeFileSync(join(d, 'pubring.gpg'), publicKey.write());
    const { signChart } = await import('../../../src/repo/provenance.js');
    await signChart(archive, { key: 's@example.com', keyring: join(d, 'secring.asc') });
    const s = await serveDir(d);
    try {
      const out = tempDir();
      let r = await run(['pull', 'signed', '--repo', s.url, '--verify', '--keyring', join(d, 'pubring.gpg'), '-d', out], env);
      expect(r.stdout).toMatch(/^Signed by: Signer <s@example.com>\nUsing Key With Fingerprint: [0-9A-F]{40}\nChart Hash Verified: sha256:[0-9a-f]{64}\n$/);
      expect(existsSync(join(out, 'signed-1.0.0.tgz.prov'))).toBe(true);
      r = await run(['verify', join(out, 'signed-1.0.0.tgz'), '--keyring', join(d, 'pubring.gpg')], env);
      expect(r.code).toBe(0);
      writeFileSync(join(out, 'signed-1.0.0.tgz.prov'), readFileSync(join(out, 'signed-1.0.0.tgz.prov'), 'utf8').replace(/sha256:[0-9a-f]{4}/, 'sha256:0000'));
      r = await run(['verify', join(out, 'signed-1.0.0.tgz'), '--keyring', join(d, 'pubring.gpg')], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: openpgp: invalid signature/);
    } finally {
      await s.close();
    }
  }, 60000);
});
