// Starts Debian's docker-registry (github.com/docker/distribution; apt-get install docker-registry) on loopback
// for the OCI tests, with or without htpasswd (Basic) auth.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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
  /** With tls: the CA that signed the registry's certificate, and a client certificate/key it signed (PEM files). */
  caFile?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
  stop(): Promise<void>;
}

let opensslChecked: boolean | undefined;
/** Whether openssl (for the TLS registries' certificates) is on PATH. */
export function haveOpenssl(): boolean {
  if (opensslChecked === undefined) {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      opensslChecked = true;
    } catch {
      opensslChecked = false;
    }
  }
  return opensslChecked;
}

/** A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with openssl in dir. */
function makeTls(dir: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=tshelm-registry-test-ca']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '30', '-extfile', 'server.ext']);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  run(['req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=tshelm-client']);
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '30', '-extfile', 'client.ext']);
}

/** auth: htpasswd (Basic) auth; tls: HTTPS with a test CA's certificate (needs openssl); clientCerts: TLS that
 *  also requires a client certificate signed by that CA. */
export async function startRegistry(opts: { auth?: boolean; tls?: boolean; clientCerts?: boolean } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-registry-'));
  mkdirSync(join(dir, 'data'));
  const port = await freePort();
  const auth = opts.auth ? `auth:\n  htpasswd:\n    realm: tshelm-test\n    path: ${join(dir, 'htpasswd')}\n` : '';
  if (opts.auth) writeFileSync(join(dir, 'htpasswd'), HTPASSWD);
  const tls = opts.tls || opts.clientCerts;
  if (tls) makeTls(dir);
  const tlsConf = tls
    ? `  tls:\n    certificate: ${join(dir, 'server.crt')}\n    key: ${join(dir, 'server.key')}\n${opts.clientCerts ? `    clientcas:\n      - ${join(dir, 'ca.crt')}\n` : ''}`
    : '';
  writeFileSync(join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${tlsConf}${auth}`);
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  const { connect } = await import('node:net');
  const listening = () =>
    new Promise<boolean>((res) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => (sock.destroy(), res(true)));
      sock.once('error', () => res(false));
    });
  for (;;) {
    try {
      if (tls) {
        if (await listening()) break;
      } else {
        const r = await fetch(`http://${host}/v2/`);
        if (r.status === 200 || r.status === 401) break;
      }
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
    ...(tls ? { caFile: join(dir, 'ca.crt'), clientCertFile: join(dir, 'client.crt'), clientKeyFile: join(dir, 'client.key') } : {}),
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
