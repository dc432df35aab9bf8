// The Kubernetes client: newKubeClient(opts) → KubeClient (src/kube/types.ts).
import { join } from 'node:path';
import { cacheHome } from '../cli/settings.js';
import { Client } from './client.js';
import { HttpClient } from './http.js';
import { loadRestConfig } from './kubeconfig.js';
import type { KubeOptions } from './types.js';

export * from './types.js';
export { Client, createUpdatePatch, describeRef, refOf } from './client.js';
export { loadRestConfig, parseKubeconfig, mergeKubeconfigs, kubeconfigPaths, type RestConfig } from './kubeconfig.js';
export { notReadyReason } from './ready.js';
export { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind } from './order.js';

export async function newKubeClient(opts: KubeOptions = {}): Promise<Client> {
  const cfg = loadRestConfig(opts);
  const env = opts.env ?? process.env;
  const http = new HttpClient(cfg, { qps: opts.qps, burst: opts.burst, timeoutMs: opts.timeoutMs, maxRetries: opts.maxRetries });
  const cacheDir = opts.cacheDir ?? join(cacheHome(env), 'kube', 'discovery');
  return new Client(http, cfg, cacheDir, { concurrency: opts.concurrency, pollMs: opts.pollMs, log: opts.log });
}
export { checkOwnership, setOwnership, existingResourceConflicts, resourceString, OwnershipError, MANAGED_BY_LABEL, RELEASE_NAME_ANNOTATION, RELEASE_NAMESPACE_ANNOTATION } from './ownership.js';

/** KubeOptions from the root program's global flags (commander's optsWithGlobals(): kubeconfig, kubeContext,
 *  namespace, kubeApiserver, kubeToken, kubeAsUser, kubeAsGroup, kubeCaFile, kubeInsecureSkipTlsVerify,
 *  kubeTlsServerName, qps, burstLimit). Unset flags fall back to TSHELM_* / HELM_* and the kubeconfig. */
export function kubeOptionsFromFlags(g: Record<string, any>, namespaceOverride?: string): KubeOptions {
  const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
  return {
    kubeconfig: g.kubeconfig || undefined,
    context: g.kubeContext || undefined,
    namespace: namespaceOverride ?? (g.namespace || undefined),
    apiServer: g.kubeApiserver || undefined,
    token: g.kubeToken || undefined,
    asUser: g.kubeAsUser || undefined,
    asGroups: Array.isArray(g.kubeAsGroup) && g.kubeAsGroup.length ? g.kubeAsGroup : undefined,
    caFile: g.kubeCaFile || undefined,
    insecureSkipTlsVerify: g.kubeInsecureSkipTlsVerify ? true : undefined,
    tlsServerName: g.kubeTlsServerName || undefined,
    qps: num(g.qps),
    burst: num(g.burstLimit),
    log: g.debug ? (m: string) => void process.stderr.write(`${m}\n`) : undefined,
  };
}
