// The hosting flow end to end: `tshelm serve` hosting repo-index/ (our charts), then the client commands
// against it: repo add, repo update, search repo, template from the repo, pull --untar, push a new version,
// repo update, and the new version is there.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import yaml from 'js-yaml';
import { startServer } from '../../src/repo/server.js';
import { chartArchive } from '../unit/serve/helpers.js';
import { runCli } from './cli.js';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'tshelm.js');

const run = (args: string[], env: Record<string, string>, cwd?: string) => runCli(args, { env, cwd });

describe('hosting flow: tshelm serve + repo client', () => {
  let dir: string;
  let srv: Awaited<ReturnType<typeof startServer>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tshelm-flow-'));
    cpSync(join(root, 'repo-index'), join(dir, 'store'), { recursive: true });
    srv = await startServer({ storage: join(dir, 'store'), port: 0, allowUpload: true, basicAuthUser: 'ci', basicAuthPass: 'pw' });
    env = { TSHELM_REPOSITORY_CONFIG: join(dir, 'repositories.yaml'), TSHELM_REPOSITORY_CACHE: join(dir, 'cache'), TSHELM_REGISTRY_CONFIG: join(dir, 'reg.json') };
  });
  afterAll(async () => {
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the committed repo-index/index.yaml matches its archives', () => {
    const doc: any = yaml.load(readFileSync(join(root, 'repo-index', 'index.yaml'), 'utf8'));
    expect(Object.keys(doc.entries).sort()).toEqual(['metallb', 'webapp']);
    for (const vs of Object.values<any[]>(doc.entries)) {
      for (const v of vs) {
        const data = readFileSync(join(root, 'repo-index', v.urls[0]));
        expect(createHash('sha256').update(data).digest('hex')).toBe(v.digest);
      }
    }
  });

  it('repo add / update / search / template / pull, then push a new version and see it after update', async () => {
    const add = await run(['repo', 'add', 'edu', srv.url], env);
    expect(add.stdout, add.stderr).toBe('"edu" has been added to your repositories\n');
    const search = await run(['search', 'repo', 'edu/', '-o', 'json'], env);
    const found = JSON.parse(search.stdout);
    expect(found.map((r: any) => [r.name, r.version])).toEqual([['edu/metallb', '0.1.0'], ['edu/webapp', '0.1.0']]);
    const t = await run(['template', 'metallb', 'edu/metallb', '--version', '0.1.x'], env);
    expect(t.stderr).toBe('');
    expect(t.stdout).toContain('# Source: metallb/templates/');
    const pull = await run(['pull', 'edu/metallb', '--untar', '-d', join(dir, 'pulled')], env);
    expect(pull.status, pull.stderr).toBe(0);
    expect(existsSync(join(dir, 'pulled', 'metallb', 'Chart.yaml'))).toBe(true);

    const newer = join(dir, 'metallb-0.1.1.tgz');
    writeFileSync(newer, chartArchive('metallb', '0.1.1'));
    const denied = await run(['push', newer, srv.url, '--username', 'ci', '--password', 'nope'], env);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toMatch(/^Error: failed to push metallb-0\.1\.1\.tgz to .*: 401 unauthorized\n$/);
    const push = await run(['push', newer, srv.url, '--username', 'ci', '--password', 'pw'], env);
    expect(push.status, push.stderr).toBe(0);
    const dup = await run(['push', newer, srv.url, '--username', 'ci', '--password', 'pw'], env);
    expect(dup.stderr).toMatch(/409 metallb-0\.1\.1\.tgz already exists/);
    const upd = await run(['repo', 'update'], env);
    expect(upd.status, upd.stderr).toBe(0);
    const again = JSON.parse((await run(['search', 'repo', 'edu/metallb', '--versions', '-o', 'json'], env)).stdout);
    expect(again.map((r: any) => r.version)).toEqual(['0.1.1', '0.1.0']);
  });
});
