// The standalone runner (npm run test-cluster) and the server's start options: tokens, read-only users,
// TLS with a token, and --data persistence across restarts.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawClient } from '../../cluster/cluster.js';
// @ts-ignore plain JS module
import { startTestCluster } from '../../cluster/server.mjs';

const standalone = fileURLToPath(new URL('../../cluster/standalone.mjs', import.meta.url));

function run(args: string[]): Promise<{ stop: () => Promise<number | null>; out: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [standalone, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`standalone did not print ready: ${out}${err}`)); }, 20000);
    child.stdout.on('data', (d) => {
      out += d;
      if (/^ready$/m.test(out)) {
        clearTimeout(timer);
        resolve({
          out: () => out,
          stop: () => new Promise((r) => { child.once('exit', (code) => r(code)); child.kill('SIGINT'); }),
        });
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`standalone exited with ${code}: ${out}${err}`)); });
  });
}

function runFail(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [standalone, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.once('exit', (code) => resolve({ code, err }));
  });
}

describe('test cluster: standalone runner', () => {
  it('writes the kubeconfig, prints how to use it and ready; --data keeps state across restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tshelm-standalone-'));
    const kc = path.join(dir, 'kube', 'config');
    const data = path.join(dir, 'state');
    const s1 = await run(['--kubeconfig', kc, '--data', data]);
    expect(s1.out()).toContain(`tshelm --kubeconfig ${kc}`);
    const raw = rawClient(kc);
    expect((await raw.post('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' }, data: { a: '1' } })).status).toBe(201);
    expect(await s1.stop()).toBe(0);
    const s2 = await run(['--kubeconfig', kc, '--data', data]);
    const got = await rawClient(kc).get('/api/v1/namespaces/default/configmaps/kept');
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual({ a: '1' });
    await s2.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bad flags give one clear error', async () => {
    const r = await runFail(['--port', 'abc', '--kubeconfig', '/tmp/x']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('invalid value "abc" for --port');
    const m = await runFail([]);
    expect(m.err).toContain('--kubeconfig PATH is required');
  });
});

describe('test cluster: authentication', () => {
  it('requires the token; a read-only token gets Forbidden on writes', async () => {
    const s = await startTestCluster({ token: 'secret-token', readOnlyToken: 'ro-token' });
    try {
      expect((await rawClient(s.kubeconfigPath).get('/api/v1/namespaces')).status).toBe(200);
      const anon = await fetch(`${s.url}/api/v1/namespaces`);
      expect(anon.status).toBe(401);
      const ro = await fetch(`${s.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { Authorization: 'Bearer ro-token', 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'x' } }) });
      expect(ro.status).toBe(403);
      const body = await ro.json();
      expect(body).toMatchObject({ reason: 'Forbidden', code: 403 });
      expect(body.message).toBe('configmaps is forbidden: User "tshelm-readonly" cannot create resource "configmaps" in API group "" in the namespace "default"');
      expect((await fetch(`${s.url}/api/v1/namespaces/default/configmaps`, { headers: { Authorization: 'Bearer ro-token' } })).status).toBe(200);
    } finally { await s.stop(); }
  });

  it('TLS with a bearer token instead of a client certificate', async () => {
    const s = await startTestCluster({ tls: true, clientCert: false, token: 'tls-token' });
    try {
      const kc = fs.readFileSync(s.kubeconfigPath, 'utf8');
      expect(kc).toContain('certificate-authority-data');
      expect(kc).toContain('token: tls-token');
      expect(s.url).toMatch(/^https:/);
      expect((await rawClient(s.kubeconfigPath).get('/api/v1/namespaces/default')).status).toBe(200);
    } finally { await s.stop(); }
  });
});
