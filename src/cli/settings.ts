// Helm's cli.EnvSettings for tshelm: every setting, from its flag, its TSHELM_* variable, its HELM_* twin, or
// its default (tshelm's own XDG directories, laid out as Helm's helmpath).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as paths from '../repo/paths.js';

export interface Setting {
  /** The variable name without prefix (e.g. "NAMESPACE" for TSHELM_NAMESPACE / HELM_NAMESPACE). */
  key: string;
  value: string;
}

export function envValue(key: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`TSHELM_${key}`] ?? env[`HELM_${key}`];
}

export { configHome, cacheHome, dataHome } from '../repo/paths.js';

/** The kubeconfig's current namespace, read cheaply (no client); "default" when none. */
function kubeconfigNamespace(kubeconfig: string | undefined, context: string | undefined, env: NodeJS.ProcessEnv): string {
  try {
    const files = (kubeconfig ?? env.KUBECONFIG ?? join(homedir(), '.kube', 'config')).split(':').filter(Boolean);
    let current = context;
    const contexts = new Map<string, string | undefined>();
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      const cur = text.match(/^current-context:\s*["']?([^"'\n]+?)["']?\s*$/m);
      if (!current && cur) current = cur[1];
      for (const m of text.matchAll(/^- context:\n((?:[ \t]+.*\n)+?)[ \t]*name:\s*["']?([^"'\n]+?)["']?\s*$/gm)) {
        const ns = m[1].match(/namespace:\s*["']?([^"'\n]+?)["']?\s*$/m);
        if (!contexts.has(m[2])) contexts.set(m[2], ns?.[1]);
      }
    }
    return (current && contexts.get(current)) || 'default';
  } catch {
    return 'default';
  }
}

/** Every setting `tshelm env` shows, resolved from the global flags and the environment. */
export function envSettings(flags: Record<string, any> = {}, env: NodeJS.ProcessEnv = process.env): Setting[] {
  const pf = { repositoryConfig: flags.repositoryConfig, repositoryCache: flags.repositoryCache, registryConfig: flags.registryConfig, useHelmConfig: !!flags.useHelmConfig };
  const cfg = paths.configHome(pf);
  const cache = paths.cacheHome(pf);
  const data = paths.dataHome(pf);
  const bool = (v: unknown) => (v === true || /^(1|true)$/i.test(String(v ?? '')) ? 'true' : 'false');
  const kubeconfig = flags.kubeconfig ?? env.KUBECONFIG;
  const context = flags.kubeContext ?? envValue('KUBECONTEXT', env);
  const s: Record<string, string> = {
    BIN: process.argv[1] ?? 'tshelm',
    BURST_LIMIT: String(flags.burstLimit ?? envValue('BURST_LIMIT', env) ?? '100'),
    CACHE_HOME: cache,
    CONFIG_HOME: cfg,
    DATA_HOME: data,
    DEBUG: bool(flags.debug ?? envValue('DEBUG', env)),
    DRIVER: envValue('DRIVER', env) ?? 'secret',
    KUBEAPISERVER: flags.kubeApiserver ?? envValue('KUBEAPISERVER', env) ?? '',
    KUBEASGROUPS: (flags.kubeAsGroup ?? []).join(',') || (envValue('KUBEASGROUPS', env) ?? ''),
    KUBEASUSER: flags.kubeAsUser ?? envValue('KUBEASUSER', env) ?? '',
    KUBECAFILE: flags.kubeCaFile ?? envValue('KUBECAFILE', env) ?? '',
    KUBECONTEXT: context ?? '',
    KUBEINSECURE_SKIP_TLS_VERIFY: bool(flags.kubeInsecureSkipTlsVerify ?? envValue('KUBEINSECURE_SKIP_TLS_VERIFY', env)),
    KUBETLS_SERVER_NAME: flags.kubeTlsServerName ?? envValue('KUBETLS_SERVER_NAME', env) ?? '',
    KUBETOKEN: flags.kubeToken ?? envValue('KUBETOKEN', env) ?? '',
    MAX_HISTORY: envValue('MAX_HISTORY', env) ?? '10',
    NAMESPACE: flags.namespace ?? envValue('NAMESPACE', env) ?? kubeconfigNamespace(kubeconfig, context, env),
    PLUGINS: envValue('PLUGINS', env) ?? join(data, 'plugins'),
    QPS: Number(flags.qps ?? envValue('QPS', env) ?? 0).toFixed(2),
    REGISTRY_CONFIG: paths.registryConfig(pf),
    REPOSITORY_CACHE: paths.repositoryCache(pf),
    REPOSITORY_CONFIG: paths.repositoryConfig(pf),
    USE_HELM_CONFIG: paths.useHelmConfig(pf) ? 'true' : 'false',
  };
  return Object.keys(s)
    .sort()
    .map((key) => ({ key, value: s[key] }));
}
