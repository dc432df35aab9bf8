import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { loadRestConfig } from '../../../src/kube/kubeconfig.js';
import { KubeConfigError } from '../../../src/kube/types.js';

const dir = mkdtempSync(join(tmpdir(), 'tshelm-kc-'));
function kc(name: string, doc: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, yaml.dump(doc));
  return p;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

const a = kc('a.yaml', {
  apiVersion: 'v1',
  kind: 'Config',
  'current-context': 'ctx-a',
  clusters: [
    { name: 'shared', cluster: { server: 'https://a.example:6443', 'certificate-authority': 'ca.pem' } },
    { name: 'only-a', cluster: { server: 'https://only-a:6443' } },
  ],
  users: [{ name: 'u', user: { token: 'token-a' } }],
  contexts: [
    { name: 'ctx-a', context: { cluster: 'shared', user: 'u', namespace: 'team-a' } },
    { name: 'both', context: { cluster: 'only-a', user: 'u' } },
  ],
});
const b = kc('b.yaml', {
  'current-context': 'ctx-b',
  clusters: [
    { name: 'shared', cluster: { server: 'https://b.example:6443' } },
    { name: 'k3s', cluster: { server: 'https://10.0.0.5:6443', 'certificate-authority-data': b64('CA-PEM') } },
  ],
  users: [
    { name: 'u', user: { token: 'token-b' } },
    { name: 'k3s', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } },
  ],
  contexts: [
    { name: 'ctx-b', context: { cluster: 'k3s', user: 'k3s' } },
    { name: 'both', context: { cluster: 'shared', user: 'u', namespace: 'from-b' } },
  ],
});
writeFileSync(join(dir, 'ca.pem'), 'FILE-CA');

describe('kubeconfig loading (clientcmd rules)', () => {
  it('merges KUBECONFIG files: the first file to set a name or current-context wins', () => {
    const cfg = loadRestConfig({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(cfg.contextName).toBe('ctx-a');
    expect(cfg.server).toBe('https://a.example:6443');
    expect(cfg.ca).toBe('FILE-CA'); // relative certificate-authority resolved against a.yaml's directory
    expect(cfg.token).toBe('token-a');
    expect(cfg.namespace).toBe('team-a');
    expect(cfg.kubeconfigPaths).toEqual([a, b]);
  });
  it('reversed order changes every winner', () => {
    const cfg = loadRestConfig({ env: { KUBECONFIG: `${b}:${a}` } });
    expect(cfg.contextName).toBe('ctx-b');
    expect(cfg.server).toBe('https://10.0.0.5:6443');
    expect(cfg.cert).toBe('CERT');
    expect(cfg.key).toBe('KEY');
    expect(cfg.ca).toBe('CA-PEM');
    expect(cfg.namespace).toBe('default');
  });
  it('context named in both files: the first definition wins, and its cluster is looked up in the merged set', () => {
    const cfg = loadRestConfig({ env: { KUBECONFIG: `${a}:${b}` }, context: 'both' });
    expect(cfg.server).toBe('https://only-a:6443');
    const cfg2 = loadRestConfig({ env: { KUBECONFIG: `${b}:${a}` }, context: 'both' });
    expect(cfg2.server).toBe('https://b.example:6443');
    expect(cfg2.namespace).toBe('from-b');
  });
  it('missing files in KUBECONFIG are skipped; --kubeconfig is used alone', () => {
    expect(loadRestConfig({ env: { KUBECONFIG: `${join(dir, 'nope')}:${b}` } }).contextName).toBe('ctx-b');
    expect(loadRestConfig({ env: { KUBECONFIG: a }, kubeconfig: b }).kubeconfigPaths).toEqual([b]);
    expect(() => loadRestConfig({ env: {}, kubeconfig: join(dir, 'nope') })).toThrow(/kubeconfig ".*nope" could not be read/);
  });
  it('TSHELM_/HELM_ env twins and flags override', () => {
    const env = { KUBECONFIG: `${a}:${b}`, HELM_KUBECONTEXT: 'ctx-b', TSHELM_NAMESPACE: 'ns1', HELM_NAMESPACE: 'ns2' };
    const cfg = loadRestConfig({ env });
    expect(cfg.contextName).toBe('ctx-b');
    expect(cfg.namespace).toBe('ns1');
    const cfg2 = loadRestConfig({ env, context: 'ctx-a', namespace: 'flag', apiServer: 'https://override:1', token: 'T', asUser: 'me', asGroups: ['g1', 'g2'], insecureSkipTlsVerify: true, tlsServerName: 'api.internal' });
    expect(cfg2).toMatchObject({ contextName: 'ctx-a', namespace: 'flag', server: 'https://override:1', token: 'T', impersonateUser: 'me', impersonateGroups: ['g1', 'g2'], insecureSkipTlsVerify: true, tlsServerName: 'api.internal' });
  });
  it('an unknown context names the files and the contexts there are', () => {
    expect(() => loadRestConfig({ env: { KUBECONFIG: a }, context: 'nope' })).toThrow(/context "nope" does not exist in kubeconfig ".*a\.yaml" .*ctx-a, both/);
  });
  it('no kubeconfig at all: "Kubernetes cluster unreachable" naming what was tried and what to set', () => {
    let err: unknown;
    try {
      loadRestConfig({ env: { HOME: join(dir, 'home') } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeConfigError);
    expect(String((err as Error).message)).toMatch(/^Kubernetes cluster unreachable: no kubeconfig found \(tried ".*home\/\.kube\/config"\).*set --kubeconfig or KUBECONFIG/);
  });
  it("a k3s host with no KUBECONFIG: the error says where k3s' kubeconfig is and what to export", () => {
    const k3s = kc('k3s.yaml', { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] });
    const env = { HOME: join(dir, 'home'), TSHELM_K3S_KUBECONFIG: k3s };
    expect(() => loadRestConfig({ env })).toThrow(new RegExp(`^Kubernetes cluster unreachable: no kubeconfig found \\(tried ".*home/\\.kube/config"\\): no current context; .*; this host runs k3s, whose kubeconfig is ${k3s}: export KUBECONFIG=${k3s} \\(readable by root unless k3s runs with --write-kubeconfig-mode 644\\)$`));
    // pointed at it already: no hint
    expect(() => loadRestConfig({ env: { ...env, KUBECONFIG: k3s } })).toThrow(/no current context; set --kubeconfig or KUBECONFIG to your cluster's kubeconfig, --kube-context to a context in it, or --kube-apiserver$/);
    if (process.getuid?.() === 0) return; // root reads any file
    const locked = kc('k3s-locked.yaml', {});
    chmodSync(locked, 0o600 & 0o000);
    expect(() => loadRestConfig({ kubeconfig: locked, env: { TSHELM_K3S_KUBECONFIG: locked } })).toThrow(/could not be read: .*k3s keeps it readable by root only/);
  });
  it('in-cluster config from the service account when there is no kubeconfig', () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'sa-token\n');
    writeFileSync(join(sa, 'ca.crt'), 'SA-CA');
    writeFileSync(join(sa, 'namespace'), 'apps');
    const cfg = loadRestConfig({ env: { HOME: join(dir, 'home'), KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' } }, sa);
    expect(cfg).toMatchObject({ server: 'https://10.96.0.1:443', ca: 'SA-CA', tokenFile: join(sa, 'token'), namespace: 'apps', inCluster: true });
  });
  it('exec commands with a path are resolved against the kubeconfig directory', () => {
    const p = kc('exec.yaml', {
      'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server: 'https://x' } }],
      users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/plugin', interactiveMode: 'Never' } } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    });
    chmodSync(p, 0o600);
    expect(loadRestConfig({ env: {}, kubeconfig: p }).exec?.command).toBe(join(dir, 'bin/plugin'));
  });
});
