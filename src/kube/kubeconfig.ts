// kubeconfig loading as kubectl/client-go's clientcmd does it: the explicit file (--kubeconfig) alone, else the
// KUBECONFIG list merged (for every map entry and for current-context, the FIRST file that sets it wins), else
// ~/.kube/config; then the context (flag, TSHELM_/HELM_KUBECONTEXT, current-context), its cluster and user,
// and the command-line overrides (--kube-apiserver, --kube-token, ...). In-cluster config when nothing else.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { KubeConfigError, type KubeOptions } from './types.js';

export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

export interface KubeCluster {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
}
export interface KubeUser {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  as?: string;
  'as-groups'?: string[];
  exec?: ExecConfig;
  'auth-provider'?: unknown;
}
export interface KubeContext {
  cluster: string;
  user?: string;
  namespace?: string;
}
export interface KubeConfigFile {
  clusters: Map<string, KubeCluster>;
  users: Map<string, KubeUser>;
  contexts: Map<string, KubeContext>;
  currentContext?: string;
}

/** Everything needed to talk to one API server. */
export interface RestConfig {
  server: string;
  ca?: string; // PEM
  cert?: string; // PEM
  key?: string; // PEM
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  impersonateUser?: string;
  impersonateGroups?: string[];
  namespace: string;
  contextName: string;
  kubeconfigPaths: string[];
  inCluster?: boolean;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function envv(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[`TSHELM_${key}`] ?? env[`HELM_${key}`];
  return v === '' ? undefined : v;
}

/** The kubeconfig files in kubectl's precedence order (the first one wins on conflicts). */
export function kubeconfigPaths(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): { paths: string[]; explicit: boolean } {
  if (explicit) return { paths: [explicit], explicit: true };
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== '') {
    const seen = new Set<string>();
    const paths: string[] = [];
    for (const p of list.split(delimiter)) {
      if (p === '' || seen.has(p)) continue;
      seen.add(p);
      paths.push(p);
    }
    return { paths, explicit: false };
  }
  const home = env.HOME && env.HOME !== '' ? env.HOME : homedir();
  return { paths: [join(home, '.kube', 'config')], explicit: false };
}

function resolvePath(base: string, p: string | undefined): string | undefined {
  if (p === undefined || p === '') return p;
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(base, p);
}

function named<T>(list: unknown, field: string, file: string): [string, T][] {
  if (list == null) return [];
  if (!Array.isArray(list)) throw new KubeConfigError(`error loading config file "${file}": ${field} must be a list`);
  return list.map((e: any) => [String(e?.name ?? ''), (e?.[field.replace(/s$/, '')] ?? {}) as T]);
}

/** Parse one kubeconfig file; relative file references resolved against its directory (as clientcmd does). */
export function parseKubeconfig(text: string, file: string): KubeConfigFile {
  let doc: any;
  try {
    doc = yaml.load(text) ?? {};
  } catch (e) {
    throw new KubeConfigError(`error loading config file "${file}": ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubeConfigError(`error loading config file "${file}": not a kubeconfig (expected a mapping)`);
  const base = dirname(resolve(file));
  const out: KubeConfigFile = { clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: doc['current-context'] || undefined };
  for (const [n, c] of named<KubeCluster>(doc.clusters, 'clusters', file)) {
    const cc = { ...c };
    cc['certificate-authority'] = resolvePath(base, cc['certificate-authority']);
    if (!out.clusters.has(n)) out.clusters.set(n, cc);
  }
  for (const [n, u] of named<KubeUser>(doc.users, 'users', file)) {
    const uu = { ...u };
    uu['client-certificate'] = resolvePath(base, uu['client-certificate']);
    uu['client-key'] = resolvePath(base, uu['client-key']);
    uu.tokenFile = resolvePath(base, uu.tokenFile);
    if (uu.exec && uu.exec.command && (uu.exec.command.includes('/') || uu.exec.command.includes('\\')) && !isAbsolute(uu.exec.command)) {
      uu.exec = { ...uu.exec, command: resolve(base, uu.exec.command) };
    }
    if (!out.users.has(n)) out.users.set(n, uu);
  }
  for (const [n, c] of named<KubeContext>(doc.contexts, 'contexts', file)) if (!out.contexts.has(n)) out.contexts.set(n, c);
  return out;
}

/** Merge in kubectl's order: for each name and for current-context, the first file that sets it wins. */
export function mergeKubeconfigs(files: KubeConfigFile[]): KubeConfigFile {
  const out: KubeConfigFile = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const f of files) {
    if (!out.currentContext && f.currentContext) out.currentContext = f.currentContext;
    for (const [k, v] of f.clusters) if (!out.clusters.has(k)) out.clusters.set(k, v);
    for (const [k, v] of f.users) if (!out.users.has(k)) out.users.set(k, v);
    for (const [k, v] of f.contexts) if (!out.contexts.has(k)) out.contexts.set(k, v);
  }
  return out;
}

function readPem(path: string | undefined, what: string): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KubeConfigError(`unable to read ${what} "${path}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
}
function b64(data: string | undefined): string | undefined {
  return data ? Buffer.from(data, 'base64').toString('utf8') : undefined;
}

function inClusterConfig(env: NodeJS.ProcessEnv, namespace: string | undefined, saDir = SA_DIR): RestConfig | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port || !existsSync(join(saDir, 'token'))) return undefined;
  let ns = namespace;
  if (!ns) {
    try {
      ns = readFileSync(join(saDir, 'namespace'), 'utf8').trim();
    } catch {
      /* default */
    }
  }
  const h = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${h}:${port}`,
    ca: existsSync(join(saDir, 'ca.crt')) ? readFileSync(join(saDir, 'ca.crt'), 'utf8') : undefined,
    tokenFile: join(saDir, 'token'),
    insecureSkipTlsVerify: false,
    namespace: ns || 'default',
    contextName: 'in-cluster',
    kubeconfigPaths: [],
    inCluster: true,
  };
}

function boolish(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return /^(1|true|yes)$/i.test(v);
}

/** Where k3s writes its kubeconfig (TSHELM_K3S_KUBECONFIG overrides it, for tests). */
function k3sPath(env: NodeJS.ProcessEnv): string {
  return env.TSHELM_K3S_KUBECONFIG || '/etc/rancher/k3s/k3s.yaml';
}

/** On a k3s host nobody pointed at k3s' kubeconfig (the textbook's "Kubernetes cluster unreachable"): say where it is. */
function k3sHint(env: NodeJS.ProcessEnv, tried: string[]): string {
  const p = k3sPath(env);
  if (tried.includes(p) || !existsSync(p)) return '';
  return `; this host runs k3s, whose kubeconfig is ${p}: export KUBECONFIG=${p} (readable by root unless k3s runs with --write-kubeconfig-mode 644)`;
}

/** Resolve the options (flags; TSHELM_/HELM_ env twins) and kubeconfig into one RestConfig. */
export function loadRestConfig(opts: KubeOptions = {}, saDir = SA_DIR): RestConfig {
  const env = opts.env ?? process.env;
  const context = opts.context ?? envv(env, 'KUBECONTEXT');
  const namespaceFlag = opts.namespace ?? envv(env, 'NAMESPACE');
  const apiServer = opts.apiServer ?? envv(env, 'KUBEAPISERVER');
  const token = opts.token ?? envv(env, 'KUBETOKEN');
  const asUser = opts.asUser ?? envv(env, 'KUBEASUSER');
  const asGroups = opts.asGroups?.length ? opts.asGroups : envv(env, 'KUBEASGROUPS')?.split(',').filter(Boolean);
  const caFile = opts.caFile ?? envv(env, 'KUBECAFILE');
  const insecure = opts.insecureSkipTlsVerify ?? boolish(envv(env, 'KUBEINSECURE_SKIP_TLS_VERIFY'));
  const tlsServerName = opts.tlsServerName ?? envv(env, 'KUBETLS_SERVER_NAME');

  const { paths, explicit } = kubeconfigPaths(opts.kubeconfig, env);
  const files: KubeConfigFile[] = [];
  const found: string[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const k3s = code === 'EACCES' && p === k3sPath(env) ? '; k3s keeps it readable by root only: run as root, copy it (sudo cp, chown) or start k3s with --write-kubeconfig-mode 644' : '';
      if (explicit) throw new KubeConfigError(`kubeconfig "${p}" could not be read: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}${k3s} (check --kubeconfig)`);
      continue; // kubectl ignores missing files in KUBECONFIG
    }
    files.push(parseKubeconfig(text, p));
    found.push(p);
  }
  const merged = mergeKubeconfigs(files);

  if (files.length === 0 || (merged.contexts.size === 0 && merged.clusters.size === 0)) {
    if (!apiServer) {
      const ic = inClusterConfig(env, namespaceFlag, saDir);
      if (ic) {
        if (token) {
          ic.token = token;
          ic.tokenFile = undefined;
        }
        return ic;
      }
    }
  }

  const ctxName = context ?? merged.currentContext ?? '';
  const ctx = ctxName ? merged.contexts.get(ctxName) : undefined;
  if (context && !ctx) {
    throw new KubeConfigError(
      `context "${context}" does not exist in kubeconfig ${found.length ? found.map((f) => `"${f}"`).join(', ') : `(no file found among ${paths.map((f) => `"${f}"`).join(', ')})`} (set --kube-context or TSHELM_KUBECONTEXT to one of: ${[...merged.contexts.keys()].join(', ') || 'none'})`,
    );
  }
  const cluster: Partial<KubeCluster> = (ctx && merged.clusters.get(ctx.cluster)) || {};
  const user: KubeUser = (ctx?.user && merged.users.get(ctx.user)) || {};
  const server = apiServer ?? cluster.server;
  if (!server) {
    const where = found.length ? `kubeconfig ${found.map((f) => `"${f}"`).join(', ')}` : `no kubeconfig found (tried ${paths.map((f) => `"${f}"`).join(', ')})`;
    const why = ctx ? `context "${ctxName}" names cluster "${ctx.cluster}", which has no server` : ctxName ? `context "${ctxName}" not found` : 'no current context';
    throw new KubeConfigError(`Kubernetes cluster unreachable: ${where}: ${why}; set --kubeconfig or KUBECONFIG to your cluster's kubeconfig, --kube-context to a context in it, or --kube-apiserver${k3sHint(env, paths)}`);
  }
  const cfg: RestConfig = {
    server: server.replace(/\/+$/, ''),
    insecureSkipTlsVerify: insecure ?? !!cluster['insecure-skip-tls-verify'],
    tlsServerName: tlsServerName ?? cluster['tls-server-name'],
    namespace: namespaceFlag ?? ctx?.namespace ?? 'default',
    contextName: ctxName,
    kubeconfigPaths: found.length ? found : paths,
  };
  if (caFile) cfg.ca = readPem(caFile, 'CA file');
  else if (cluster['certificate-authority-data']) cfg.ca = b64(cluster['certificate-authority-data']);
  else if (cluster['certificate-authority']) cfg.ca = readPem(cluster['certificate-authority'], 'certificate-authority');
  // An overridden server with a different host keeps the CA (as kubectl does); explicit --kube-token wins over user auth.
  if (token) {
    cfg.token = token;
  } else {
    cfg.cert = user['client-certificate-data'] ? b64(user['client-certificate-data']) : readPem(user['client-certificate'], 'client-certificate');
    cfg.key = user['client-key-data'] ? b64(user['client-key-data']) : readPem(user['client-key'], 'client-key');
    cfg.token = user.token || undefined;
    cfg.tokenFile = user.tokenFile || undefined;
    cfg.username = user.username;
    cfg.password = user.password;
    cfg.exec = user.exec;
    if (user['auth-provider'] && !cfg.token && !cfg.exec) {
      const name = (user['auth-provider'] as { name?: string }).name ?? 'unknown';
      throw new KubeConfigError(`the kubeconfig user "${ctx?.user}" uses the removed auth-provider "${name}"; use an exec credential plugin (e.g. kubelogin / gke-gcloud-auth-plugin) instead`);
    }
  }
  cfg.impersonateUser = asUser ?? user.as;
  cfg.impersonateGroups = asGroups ?? user['as-groups'];
  if (cfg.cert && !cfg.key) throw new KubeConfigError(`client-key-data or client-key must be specified for user "${ctx?.user}" to use the clientCert authentication method`);
  return cfg;
}

/** A description of where the configuration came from, for error messages. */
export function describeSource(cfg: Pick<RestConfig, 'kubeconfigPaths' | 'contextName' | 'inCluster' | 'server'>): string {
  if (cfg.inCluster) return `in-cluster config (service account), server ${cfg.server}`;
  const files = cfg.kubeconfigPaths.map((f) => `"${f}"`).join(', ');
  return `kubeconfig ${files}, context "${cfg.contextName || '(none)'}", server ${cfg.server}`;
}
