import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/kube/http.js';
import { clearExecCache } from '../../../src/kube/auth.js';
import type { RestConfig } from '../../../src/kube/kubeconfig.js';
import { KubeApiError, KubeConfigError } from '../../../src/kube/types.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: Server[] = [];
const clients: HttpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  clearExecCache();
});

async function serve(h: Handler): Promise<string> {
  let n = 0;
  const s = createServer((req, res) => h(req, res, n++));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}
function client(server: string, extra: Partial<RestConfig> = {}, opts = {}): HttpClient {
  const c = new HttpClient({ server, insecureSkipTlsVerify: false, namespace: 'default', contextName: 'test', kubeconfigPaths: ['/tmp/kc'], ...extra }, { backoffMs: 5, ...opts });
  clients.push(c);
  return c;
}
const json = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

describe('HTTP transport', () => {
  it('retries 5xx on GET with backoff and succeeds', async () => {
    const url = await serve((_q, res, n) => (n < 2 ? json(res, 503, status(503, 'ServiceUnavailable', 'busy')) : json(res, 200, { ok: n })));
    expect(await client(url).request('GET', '/api')).toEqual({ ok: 2 });
  });
  it('honours Retry-After on 429', async () => {
    const url = await serve((_q, res, n) => (n === 0 ? json(res, 429, status(429, 'TooManyRequests', 'slow down'), { 'retry-after': '1' }) : json(res, 200, { n })));
    const t0 = Date.now();
    expect(await client(url).request('GET', '/x')).toEqual({ n: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });
  it('retries a reset connection on idempotent requests only', async () => {
    let posts = 0;
    const url = await serve((req, res, n) => {
      if (req.method === 'POST') {
        posts++;
        req.socket.destroy();
        return;
      }
      if (n === 0) return void req.socket.destroy();
      json(res, 200, { fine: true });
    });
    expect(await client(url).request('GET', '/y')).toEqual({ fine: true });
    await expect(client(url).request('POST', '/z', { body: {} })).rejects.toThrow(/Kubernetes cluster unreachable/);
    expect(posts).toBe(1);
  });
  it('does not retry a POST that got a 500; Status bodies become KubeApiError', async () => {
    let calls = 0;
    const url = await serve((_q, res) => {
      calls++;
      json(res, 500, status(500, 'InternalError', 'boom'));
    });
    const err = await client(url).request('POST', '/p', { body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 500, reason: 'InternalError', message: 'boom' });
    expect(calls).toBe(1);
  });
  it('retries a POST answered 503 with Retry-After (client-go checkWait), after the time it asks', async () => {
    let calls = 0;
    const url = await serve((_q, res) => {
      calls++;
      if (calls === 1) json(res, 503, status(503, 'ServiceUnavailable', 'starting'), { 'retry-after': '1' });
      else json(res, 201, { made: true });
    });
    const t0 = Date.now();
    expect(await client(url).request('POST', '/p', { body: {} })).toEqual({ made: true });
    expect(calls).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });
  it('gives up after maxRetries and reports the last error', async () => {
    let calls = 0;
    const url = await serve((_q, res) => {
      calls++;
      json(res, 503, status(503, 'ServiceUnavailable', 'still down'));
    });
    await expect(client(url, {}, { maxRetries: 2 }).request('GET', '/q')).rejects.toThrow('still down');
    expect(calls).toBe(3);
  });
  it('404 → null when allowed; 403 keeps the server message', async () => {
    const url = await serve((req, res) =>
      req.url === '/missing' ? json(res, 404, status(404, 'NotFound', 'x not found')) : json(res, 403, status(403, 'Forbidden', 'secrets is forbidden: User "bob" cannot list resource "secrets"')),
    );
    expect(await client(url).request('GET', '/missing', { allow404: true })).toBeNull();
    await expect(client(url).request('GET', '/secret')).rejects.toMatchObject({ status: 403, reason: 'Forbidden', message: expect.stringContaining('cannot list resource "secrets"') });
  });
  it('an unreachable server names the kubeconfig and context', async () => {
    const c = client('http://127.0.0.1:1', {}, { maxRetries: 1 });
    const err = await c.request('GET', '/api').catch((e) => e);
    expect(err).toBeInstanceOf(KubeConfigError);
    expect(err.message).toMatch(/^Kubernetes cluster unreachable: .*ECONNREFUSED.*kubeconfig "\/tmp\/kc", context "test", server http:\/\/127\.0\.0\.1:1; set --kubeconfig/);
  });
  it('sends bearer token, basic auth and impersonation headers', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers);
      json(res, 200, {});
    });
    await client(url, { token: 'abc', impersonateUser: 'jane', impersonateGroups: ['dev', 'ops'] }).request('GET', '/');
    await client(url, { username: 'admin', password: 'pw' }).request('GET', '/');
    expect(seen[0].authorization).toBe('Bearer abc');
    expect(seen[0]['impersonate-user']).toBe('jane');
    expect(seen[0]['impersonate-group']).toBe('dev, ops');
    expect(seen[1].authorization).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
  });
  it('client-side QPS limit spaces requests after the burst', async () => {
    const url = await serve((_q, res) => json(res, 200, {}));
    const c = client(url, {}, { qps: 20, burst: 2 });
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await c.request('GET', '/');
    // 2 from the burst, then 4 at 20/s ≈ 200ms
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
  });
});

describe('exec credential plugins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-exec-'));
  function plugin(apiVersion: string, body: string): string {
    const p = join(dir, `plugin-${Math.random().toString(36).slice(2)}.cjs`);
    writeFileSync(
      p,
      `#!/usr/bin/env node
const fs = require('fs');
const count = process.env.COUNT_FILE;
fs.appendFileSync(count, 'x');
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
${body}
`,
    );
    chmodSync(p, 0o755);
    return p;
  }
  it('v1: runs the plugin with args and env, caches the token until expiry', async () => {
    const count = join(dir, 'count1');
    writeFileSync(count, '');
    const cmd = plugin('v1', `
const expiry = new Date(Date.now() + 3600e3).toISOString();
process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status: { token: process.argv[2] + '-' + process.env.EXTRA + '-' + info.spec.interactive, expirationTimestamp: expiry } }));`);
    const auths: string[] = [];
    const url = await serve((req, res) => {
      auths.push(String(req.headers.authorization));
      json(res, 200, {});
    });
    const c = client(url, { exec: { command: cmd, args: ['tok'], env: [{ name: 'EXTRA', value: 'e' }, { name: 'COUNT_FILE', value: count }], apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never' } });
    await c.request('GET', '/');
    await c.request('GET', '/');
    expect(auths).toEqual(['Bearer tok-e-false', 'Bearer tok-e-false']);
    expect(readFileSync(count, 'utf8')).toBe('x');
  });
  it('v1beta1: an expired credential is fetched again; a 401 refreshes once', async () => {
    const count = join(dir, 'count2');
    writeFileSync(count, '');
    const cmd = plugin('v1beta1', `
const n = fs.readFileSync(count, 'utf8').length;
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 't' + n, expirationTimestamp: new Date(Date.now() - 1000).toISOString() } }));`);
    const auths: string[] = [];
    const url = await serve((req, res) => {
      auths.push(String(req.headers.authorization));
      if (req.headers.authorization === 'Bearer t2') return json(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      json(res, 200, {});
    });
    const c = client(url, { exec: { command: cmd, apiVersion: 'client.authentication.k8s.io/v1beta1', env: [{ name: 'COUNT_FILE', value: count }] } });
    await c.request('GET', '/');
    await c.request('GET', '/');
    expect(auths).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t4']);
  });
  it('a missing plugin binary gives a clear message with the install hint', async () => {
    const c = client('http://127.0.0.1:1', { exec: { command: 'tshelm-no-such-plugin', apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', installHint: 'Install it with: brew install no-such-plugin' } });
    const err = await c.request('GET', '/').catch((e) => e);
    expect(err).toBeInstanceOf(KubeConfigError);
    expect(err.message).toMatch(/executable "tshelm-no-such-plugin" not found[\s\S]*brew install no-such-plugin/);
  });
  it('v1 without interactiveMode and a plugin printing garbage are errors', async () => {
    const c1 = client('http://127.0.0.1:1', { exec: { command: 'x', apiVersion: 'client.authentication.k8s.io/v1' } });
    await expect(c1.request('GET', '/')).rejects.toThrow(/interactiveMode must be specified/);
    const count = join(dir, 'count3');
    writeFileSync(count, '');
    const cmd = plugin('v1', `process.stdout.write('not json');`);
    const c2 = client('http://127.0.0.1:1', { exec: { command: cmd, apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', env: [{ name: 'COUNT_FILE', value: count }] } });
    await expect(c2.request('GET', '/')).rejects.toThrow(/not an ExecCredential/);
  });
});
