// Credentials for a RestConfig: static token / token file (re-read as client-go does), basic auth, client
// certificates, and exec credential plugins (client.authentication.k8s.io v1 / v1beta1) cached until expiry.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ExecConfig, RestConfig } from './kubeconfig.js';
import { KubeConfigError } from './types.js';

export interface Credentials {
  authorization?: string;
  cert?: string;
  key?: string;
}

interface ExecResult {
  token?: string;
  cert?: string;
  key?: string;
  expiry?: number;
}

const execCache = new Map<string, ExecResult>();

export function clearExecCache(): void {
  execCache.clear();
}

export async function runExecPlugin(exec: ExecConfig, cfg: Pick<RestConfig, 'server' | 'ca' | 'insecureSkipTlsVerify' | 'tlsServerName'>, stdinIsTty = !!process.stdin.isTTY): Promise<ExecResult> {
  const apiVersion = exec.apiVersion || 'client.authentication.k8s.io/v1beta1';
  if (!/^client\.authentication\.k8s\.io\/(v1|v1beta1)$/.test(apiVersion)) {
    throw new KubeConfigError(`exec plugin: invalid apiVersion "${apiVersion}" (use client.authentication.k8s.io/v1 or v1beta1)`);
  }
  const mode = exec.interactiveMode ?? (apiVersion.endsWith('/v1beta1') ? 'IfAvailable' : undefined);
  if (apiVersion.endsWith('/v1') && !mode) throw new KubeConfigError('exec plugin: interactiveMode must be specified for client.authentication.k8s.io/v1');
  if (mode === 'Always' && !stdinIsTty) throw new KubeConfigError(`exec plugin "${exec.command}": interactiveMode is Always but no interactive terminal is available`);
  const interactive = mode !== 'Never' && stdinIsTty;
  const spec: Record<string, unknown> = { interactive };
  if (exec.provideClusterInfo) {
    spec.cluster = {
      server: cfg.server,
      'certificate-authority-data': cfg.ca ? Buffer.from(cfg.ca).toString('base64') : undefined,
      'insecure-skip-tls-verify': cfg.insecureSkipTlsVerify || undefined,
      'tls-server-name': cfg.tlsServerName,
    };
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const e of exec.env ?? []) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion, kind: 'ExecCredential', spec });
  const { stdout, code, stderr } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((res, rej) => {
    const child = spawn(exec.command, exec.args ?? [], { env, stdio: [interactive ? 'inherit' : 'ignore', 'pipe', interactive ? 'inherit' : 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (err += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        const hint = exec.installHint ? `\n\n${exec.installHint.trim()}` : '';
        rej(new KubeConfigError(`exec plugin: executable "${exec.command}" not found (the kubeconfig user's exec credential plugin; install it or fix its path in the kubeconfig)${hint}`));
      } else rej(new KubeConfigError(`exec plugin "${exec.command}": ${e.message}`));
    });
    child.on('close', (c) => res({ stdout: out, stderr: err, code: c }));
  });
  if (code !== 0) throw new KubeConfigError(`exec plugin "${exec.command}" failed with exit code ${code}${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`);
  let cred: any;
  try {
    cred = JSON.parse(stdout);
  } catch {
    throw new KubeConfigError(`exec plugin "${exec.command}" printed something that is not an ExecCredential JSON object`);
  }
  if (cred?.kind !== 'ExecCredential' || cred.apiVersion !== apiVersion) {
    throw new KubeConfigError(`exec plugin "${exec.command}": expected an ExecCredential of ${apiVersion}, got ${cred?.kind ?? '?'} ${cred?.apiVersion ?? ''}`.trimEnd());
  }
  const st = cred.status ?? {};
  if (!st.token && !(st.clientCertificateData && st.clientKeyData)) {
    throw new KubeConfigError(`exec plugin "${exec.command}" returned neither a token nor a client certificate and key`);
  }
  const expiry = st.expirationTimestamp ? Date.parse(st.expirationTimestamp) : undefined;
  return { token: st.token, cert: st.clientCertificateData, key: st.clientKeyData, expiry };
}

/** Credentials per request. refresh=true forces a new exec credential (after a 401). */
export async function credentials(cfg: RestConfig, refresh = false): Promise<Credentials> {
  const c: Credentials = { cert: cfg.cert, key: cfg.key };
  if (cfg.exec) {
    const key = JSON.stringify([cfg.exec, cfg.server]);
    let r = execCache.get(key);
    if (!r || refresh || (r.expiry !== undefined && r.expiry <= Date.now() + 10_000)) {
      r = await runExecPlugin(cfg.exec, cfg);
      execCache.set(key, r);
    }
    if (r.token) c.authorization = `Bearer ${r.token}`;
    if (r.cert && r.key) {
      c.cert = r.cert;
      c.key = r.key;
    }
    return c;
  }
  if (cfg.token) c.authorization = `Bearer ${cfg.token}`;
  else if (cfg.tokenFile) {
    try {
      c.authorization = `Bearer ${readFileSync(cfg.tokenFile, 'utf8').trim()}`;
    } catch (e) {
      throw new KubeConfigError(`unable to read tokenFile "${cfg.tokenFile}": ${(e as Error).message}`);
    }
  } else if (cfg.username !== undefined || cfg.password !== undefined) {
    c.authorization = `Basic ${Buffer.from(`${cfg.username ?? ''}:${cfg.password ?? ''}`).toString('base64')}`;
  }
  return c;
}
