// dependency update/build refresh the repositories' indexes first (Helm's Manager.UpdateRepositories), so a version
// published after the last `repo update` is chosen; --skip-refresh keeps the cached index.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeChartArchive, serveDir, tempDir, writeIndex, type TestServer } from './helpers.js';

const bin = join(__dirname, '..', '..', '..', 'bin', 'tshelm.js');
const built = existsSync(join(__dirname, '..', '..', '..', 'dist', 'repo', 'download.js'));

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end();
  });
}

describe.skipIf(!built)('dependency update/build refresh the repositories', () => {
  let dir: string;
  let srv: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = tempDir();
    await makeChartArchive(dir, 'metallb', '0.1.0');
    writeIndex(dir);
    srv = await serveDir(dir);
    const home = tempDir();
    env = { TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_DATA_HOME: join(home, 'data') };
  });
  afterAll(async () => {
    await srv.close();
  });

  it('picks a version published after the last repo update, with Helm\'s lines; --skip-refresh does not', async () => {
    expect((await run(['repo', 'add', 'edu', srv.url], env)).code).toBe(0);
    await makeChartArchive(dir, 'metallb', '0.1.1');
    writeIndex(dir);
    const mk = () => {
      const c = join(tempDir(), 'app');
      mkdirSync(join(c, 'templates'), { recursive: true });
      writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: metallb\n  version: 0.1.x\n  repository: "@edu"\n');
      return c;
    };
    const stale = mk();
    const s = await run(['dependency', 'update', stale, '--skip-refresh'], env);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).not.toContain('Hang tight');
    expect(readdirSync(join(stale, 'charts'))).toEqual(['metallb-0.1.0.tgz']);

    const c = mk();
    const r = await run(['dependency', 'update', c], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Hang tight while we grab the latest from your chart repositories...\n...Successfully got an update from the "edu" chart repository\nUpdate Complete. ⎈Happy Helming!⎈\nSaving 1 charts\nDownloading metallb from repo @edu\nDeleting outdated charts\n');
    expect(readdirSync(join(c, 'charts'))).toEqual(['metallb-0.1.1.tgz']);
    expect(readFileSync(join(c, 'Chart.lock'), 'utf8')).toContain('  version: 0.1.1\n');

    const b = await run(['dependency', 'build', c], env);
    expect(b.stdout.startsWith('Hang tight while we grab the latest from your chart repositories...\n')).toBe(true);
    expect(b.code).toBe(0);
  });
});
