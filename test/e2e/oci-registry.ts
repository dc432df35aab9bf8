// Starts Debian's docker-registry (github.com/docker/distribution; apt-get install docker-registry) on loopback
// for the OCI tests, with or without htpasswd (Basic) auth.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BIN = process.env.TSHELM_DOCKER_REGISTRY ?? '/usr/bin/docker-registry';
export const haveRegistry = existsSync(REGISTRY_BIN);
export const REGISTRY_SKIP_MESSAGE = `${REGISTRY_BIN} not found: OCI tests skipped (apt-get install -y docker-registry)`;

export const TEST_USER = 'tshelm';
export const TEST_PASS = 'tshelm-test-pass';
// bcrypt of TEST_PASS (the registry's htpasswd accepts only bcrypt)
const HTPASSWD = `${TEST_USER}:$2b$05$nNvXHwh/rY1B30ULjO/AR.vEE6Fga4krD8ArwN7ziCl5k/eKyDX3O\n`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as any).port;
      s.close(() => resolve(p));
    });
  });
}

export interface TestRegistry {
  host: string;
  stop(): Promise<void>;
}

export async function startRegistry(opts: { auth?: boolean } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-registry-'));
  mkdirSync(join(dir, 'data'));
  const port = await freePort();
  const auth = opts.auth ? `auth:\n  htpasswd:\n    realm: tshelm-test\n    path: ${join(dir, 'htpasswd')}\n` : '';
  if (opts.auth) writeFileSync(join(dir, 'htpasswd'), HTPASSWD);
  writeFileSync(join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`);
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      const r = await fetch(`http://${host}/v2/`);
      if (r.status === 200 || r.status === 401) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    stop: async () => {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
