import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
// @ts-ignore plain JS module
import { startTestCluster } from '../../cluster/server.mjs';
import { newKubeClient } from '../../../src/kube/index.js';

let tokenCluster: any;
const dir = mkdtempSync(join(tmpdir(), 'tshelm-tls-'));
beforeAll(async () => {
  tokenCluster = await startTestCluster({ tls: true, clientCert: false, token: 'sekret' });
});
afterAll(async () => tokenCluster?.stop());

function rewrite(edit: (kc: any) => void): string {
  const kc: any = yaml.load(readFileSync(tokenCluster.kubeconfigPath, 'utf8'));
  edit(kc);
  const p = join(dir, `kc-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(p, yaml.dump(kc));
  return p;
}
const getNs = async (kubeconfig: string, extra: object = {}) => {
  const c = await newKubeClient({ kubeconfig, env: {}, cacheDir: join(dir, 'cache'), maxRetries: 0, ...extra });
  try {
    return await c.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' });
  } finally {
    await c.close();
  }
};

describe('TLS and token authentication', () => {
  it('bearer token over TLS with the kubeconfig CA', async () => {
    expect((await getNs(tokenCluster.kubeconfigPath))?.metadata.name).toBe('default');
  });
  it('token file, and --kube-token overriding a wrong one', async () => {
    writeFileSync(join(dir, 'tok'), 'sekret\n');
    const p = rewrite((kc) => (kc.users[0].user = { tokenFile: join(dir, 'tok') }));
    expect((await getNs(p))?.metadata.name).toBe('default');
    const bad = rewrite((kc) => (kc.users[0].user = { token: 'wrong' }));
    await expect(getNs(bad)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/Unauthorized: the credentials in kubeconfig .* were rejected/) });
    expect((await getNs(bad, { token: 'sekret' }))?.metadata.name).toBe('default');
  });
  it('a server certificate not signed by the configured CA: one line saying what to fix', async () => {
    let otherCa: string;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'ca.pem'), '-days', '1', '-subj', '/CN=other-ca'], { stdio: 'ignore' });
      otherCa = readFileSync(join(dir, 'ca.pem'), 'base64');
    } catch {
      console.warn('skipping the wrong-CA case: openssl is not installed (apt-get install openssl)');
      return;
    }
    const p = rewrite((kc) => (kc.clusters[0].cluster['certificate-authority-data'] = otherCa));
    const err = await getNs(p).catch((e) => e);
    expect(err.message).toMatch(/^Kubernetes cluster unreachable: .*certificate.*not trusted by the kubeconfig CA/);
    // --kube-insecure-skip-tls-verify gets through
    expect((await getNs(p, { insecureSkipTlsVerify: true }))?.metadata.name).toBe('default');
    // --kube-ca-file overrides the kubeconfig CA
    writeFileSync(join(dir, 'good-ca.pem'), Buffer.from(tokenCluster.caData, 'base64'));
    expect((await getNs(p, { caFile: join(dir, 'good-ca.pem') }))?.metadata.name).toBe('default');
  });
  it('tls-server-name: the certificate is checked against it, not the URL host', async () => {
    const url = tokenCluster.url.replace('127.0.0.1', 'localhost');
    const viaName = rewrite((kc) => {
      kc.clusters[0].cluster.server = url;
      kc.clusters[0].cluster['tls-server-name'] = 'not-in-the-cert.example';
    });
    await expect(getNs(viaName)).rejects.toThrow(/Kubernetes cluster unreachable/);
    expect((await getNs(viaName, { tlsServerName: 'localhost' }))?.metadata.name).toBe('default');
  });
});
