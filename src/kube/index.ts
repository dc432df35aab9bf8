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
  return new Client(http, cfg, cacheDir, { concurrency: opts.concurrency, pollMs: opts.pollMs });
}
export { checkOwnership, setOwnership, existingResourceConflicts, resourceString, OwnershipError, MANAGED_BY_LABEL, RELEASE_NAME_ANNOTATION, RELEASE_NAMESPACE_ANNOTATION } from './ownership.js';
