// Helm's kind orders (releaseutil.InstallOrder / UninstallOrder) and kind-group batching.
import type { KObject } from './types.js';

export const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget',
  'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role',
  'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet',
  'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];
export const UNINSTALL_ORDER = [
  'APIService', 'Ingress', 'IngressClass', 'Service', 'CronJob', 'Job', 'StatefulSet', 'HorizontalPodAutoscaler',
  'Deployment', 'ReplicaSet', 'ReplicationController', 'Pod', 'DaemonSet', 'RoleBindingList', 'RoleBinding', 'RoleList',
  'Role', 'ClusterRoleBindingList', 'ClusterRoleBinding', 'ClusterRoleList', 'ClusterRole', 'CustomResourceDefinition',
  'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ConfigMap', 'SecretList', 'Secret', 'ServiceAccount',
  'PodDisruptionBudget', 'PodSecurityPolicy', 'LimitRange', 'ResourceQuota', 'NetworkPolicy', 'Namespace', 'PriorityClass',
];

/** Stable sort by kind in the given order; unknown kinds last, alphabetically by kind (Helm's sortManifestsByKind). */
export function sortByKind<T extends { kind: string }>(objs: T[], order: string[]): T[] {
  const rank = new Map(order.map((k, i) => [k, i]));
  return objs
    .map((o, i) => ({ o, i }))
    .sort((a, b) => {
      const ra = rank.get(a.o.kind);
      const rb = rank.get(b.o.kind);
      if (ra !== undefined && rb !== undefined) return ra - rb || a.i - b.i;
      if (ra !== undefined) return -1;
      if (rb !== undefined) return 1;
      return a.o.kind < b.o.kind ? -1 : a.o.kind > b.o.kind ? 1 : a.i - b.i;
    })
    .map((x) => x.o);
}

/** Consecutive runs of one kind (Helm's batchPerform groups). */
export function kindGroups<T extends KObject>(objs: T[]): T[][] {
  const out: T[][] = [];
  for (const o of objs) {
    const last = out[out.length - 1];
    if (last && last[0].kind === o.kind) last.push(o);
    else out.push([o]);
  }
  return out;
}

/** Run fn over items with at most `limit` in flight; rejects with the first error after all started ones settle. */
export async function boundedAll<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let firstErr: unknown;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (e) {
        if (!failed) {
          failed = true;
          firstErr = e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw firstErr;
  return results;
}
