// useCluster(): a Kubernetes cluster for vitest suites. With TSHELM_TEST_KUBECONFIG set, the suite runs
// against that (real) cluster; otherwise an in-memory test API server (server.mjs) is started in beforeAll
// and stopped in afterAll. Tests talk to it through the kubeconfig (CLI --kubeconfig, newKubeClient) and
// may assert cluster state with the raw client below, independently of src/kube.
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import crypto from 'node:crypto';
import yaml from 'js-yaml';
import { afterAll, beforeAll } from 'vitest';
// @ts-ignore plain JS module
import { startTestCluster } from './server.mjs';

export interface RawResponse { status: number; body: any; text: string; headers: http.IncomingHttpHeaders }

export interface RawClient {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<RawResponse>;
  get(path: string): Promise<RawResponse>;
  post(path: string, body: unknown): Promise<RawResponse>;
  put(path: string, body: unknown): Promise<RawResponse>;
  patch(path: string, body: unknown, type?: 'merge' | 'json' | 'strategic' | 'apply'): Promise<RawResponse>;
  delete(path: string, body?: unknown): Promise<RawResponse>;
}

/** Minimal fetch with the credentials of a kubeconfig's current context (or `context`). */
export function rawClient(kubeconfigPath: string, context?: string): RawClient {
  const kc: any = yaml.load(fs.readFileSync(kubeconfigPath, 'utf8'));
  const ctxName = context ?? kc['current-context'];
  const ctx = (kc.contexts || []).find((c: any) => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`${kubeconfigPath}: context "${ctxName}" not found`);
  const cluster = (kc.clusters || []).find((c: any) => c.name === ctx.cluster)?.cluster;
  const user = (kc.users || []).find((u: any) => u.name === ctx.user)?.user || {};
  if (!cluster) throw new Error(`${kubeconfigPath}: cluster "${ctx.cluster}" not found`);
  const readData = (data?: string, file?: string) => (data ? Buffer.from(data, 'base64') : file ? fs.readFileSync(file) : undefined);
  const base = new URL(cluster.server);
  const isHttps = base.protocol === 'https:';
  const agentOpts: https.AgentOptions = {
    keepAlive: true,
    ca: readData(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: readData(user['client-certificate-data'], user['client-certificate']),
    key: readData(user['client-key-data'], user['client-key']),
    rejectUnauthorized: !cluster['insecure-skip-tls-verify'],
    servername: cluster['tls-server-name'],
  };
  const agent = isHttps ? new https.Agent(agentOpts) : new http.Agent({ keepAlive: true });
  const token = user.token ?? (user.tokenFile ? fs.readFileSync(user.tokenFile, 'utf8').trim() : undefined);
  const types = { merge: 'application/merge-patch+json', json: 'application/json-patch+json', strategic: 'application/strategic-merge-patch+json', apply: 'application/apply-patch+yaml' };
  const request = (method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(base.pathname.replace(/\/$/, '') + p, base);
      const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'tshelm-test-raw/1.0' };
      if (data !== undefined) { headers['Content-Type'] = contentType; headers['Content-Length'] = String(Buffer.byteLength(data)); }
      if (token) headers.Authorization = `Bearer ${token}`;
      else if (user.username) headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
      const mod = isHttps ? https : http;
      const req = mod.request(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = JSON.parse(text); } catch { /* text body */ }
          resolve({ status: res.statusCode ?? 0, body: parsed, text, headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  return {
    request,
    get: (p) => request('GET', p),
    post: (p, b) => request('POST', p, b),
    put: (p, b) => request('PUT', p, b),
    patch: (p, b, type = 'merge') => request('PATCH', p, b, types[type]),
    delete: (p, b) => request('DELETE', p, b),
  };
}

export interface UseCluster {
  /** true when TSHELM_TEST_KUBECONFIG names a real cluster */
  readonly real: boolean;
  readonly kubeconfigPath: string;
  /** the in-memory server's controls (setStatus, injectFault, objects, requests); undefined on a real cluster */
  readonly server: any;
  readonly raw: RawClient;
  /** Creates a namespace `<prefix>-<random>` (deleted in afterAll) and returns its name. */
  namespace(prefix?: string): Promise<string>;
}

/** Registers beforeAll/afterAll hooks; call at the top of a describe block or file. */
export function useCluster(opts: { tls?: boolean; readyDelayMs?: number } = {}): UseCluster {
  const external = process.env.TSHELM_TEST_KUBECONFIG;
  let started: any;
  let raw: RawClient | undefined;
  const namespaces: string[] = [];
  beforeAll(async () => {
    if (!external) started = await startTestCluster({ tls: opts.tls, readyDelayMs: opts.readyDelayMs ?? 20 });
    raw = rawClient(external || started.kubeconfigPath);
  });
  afterAll(async () => {
    if (external && raw) {
      for (const ns of namespaces) await raw.delete(`/api/v1/namespaces/${ns}`).catch(() => undefined);
    }
    if (started) await started.stop();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('useCluster(): the cluster is only available inside tests (after beforeAll)');
    return v;
  };
  return {
    get real() { return Boolean(external); },
    get kubeconfigPath() { return external || need(started).kubeconfigPath; },
    get server() { return external ? undefined : need(started).cluster; },
    get raw() { return need(raw); },
    async namespace(prefix = 'tshelm-test') {
      const name = `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
      const r = await need(raw).post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      if (r.status !== 201) throw new Error(`creating namespace ${name}: ${r.status} ${r.text}`);
      namespaces.push(name);
      return name;
    },
  };
}
