// Helm's release ownership metadata: the app.kubernetes.io/managed-by=Helm label and the meta.helm.sh/release-name
// and release-namespace annotations; refusing to take over objects that belong elsewhere (action.existingResourceConflict).
import { boundedAll } from './order.js';
import type { KObject, KubeClient } from './types.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_HELM = 'Helm';
export const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';

function requireValue(meta: Record<string, string> | undefined, k: string, v: string): string | null {
  const actual = meta?.[k];
  if (actual === undefined) return `missing key ${JSON.stringify(k)}: must be set to ${JSON.stringify(v)}`;
  if (actual !== v) return `key ${JSON.stringify(k)} must equal ${JSON.stringify(v)}: current value is ${JSON.stringify(actual)}`;
  return null;
}

/** Helm's checkOwnership: null when the live object belongs to this release, else the error text. */
export function checkOwnership(live: KObject, releaseName: string, releaseNamespace: string): string | null {
  const errs: string[] = [];
  const l = requireValue(live.metadata.labels, MANAGED_BY_LABEL, MANAGED_BY_HELM);
  if (l) errs.push(`label validation error: ${l}`);
  const n = requireValue(live.metadata.annotations, RELEASE_NAME_ANNOTATION, releaseName);
  if (n) errs.push(`annotation validation error: ${n}`);
  const s = requireValue(live.metadata.annotations, RELEASE_NAMESPACE_ANNOTATION, releaseNamespace);
  if (s) errs.push(`annotation validation error: ${s}`);
  return errs.length ? ['invalid ownership metadata', ...errs].join('; ') : null;
}

/** Helm's setMetadataVisitor: stamp the ownership label and annotations (in place; returns the objects). */
export function setOwnership(objs: KObject[], releaseName: string, releaseNamespace: string): KObject[] {
  for (const o of objs) {
    o.metadata.labels = { ...(o.metadata.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY_HELM };
    o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [RELEASE_NAME_ANNOTATION]: releaseName, [RELEASE_NAMESPACE_ANNOTATION]: releaseNamespace };
  }
  return objs;
}

/** Helm's resourceString. */
export function resourceString(o: KObject): string {
  return `${o.kind} ${JSON.stringify(o.metadata.name)} in namespace ${JSON.stringify(o.metadata.namespace ?? '')}`;
}

export class OwnershipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OwnershipError';
  }
}

/**
 * Helm's existingResourceConflict: the (target) objects that already exist and belong to this release (to be
 * adopted: pass them as part of `original` to updateResources), read concurrently;
 * throws OwnershipError ("X exists and cannot be imported into the current release: invalid ownership metadata; ...")
 * for the first one (in manifest order) owned elsewhere, unless takeOwnership, and "could not get information about
 * the resource X: ..." when one cannot be read. A kind no API serves yet (its CRD comes with the chart, or a dry
 * run) has nothing to conflict with.
 */
export async function existingResourceConflicts(client: KubeClient, objs: KObject[], releaseName: string, releaseNamespace: string, takeOwnership = false): Promise<KObject[]> {
  const live = new Map<KObject, KObject>();
  await boundedAll(objs, 16, async (o) => {
    let cur: KObject | null;
    try {
      cur = await client.get({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace });
    } catch (e) {
      if ((e as Error)?.name === 'NoKindMatchError') return;
      throw new Error(`could not get information about the resource ${resourceString(o)}: ${(e as Error)?.message ?? e}`);
    }
    if (cur) live.set(o, cur);
  });
  const adopt = objs.filter((o) => live.has(o));
  for (const o of takeOwnership ? [] : adopt) {
    const err = checkOwnership(live.get(o)!, releaseName, releaseNamespace);
    if (err) throw new OwnershipError(`${resourceString(o)} exists and cannot be imported into the current release: ${err}`);
  }
  return adopt;
}
