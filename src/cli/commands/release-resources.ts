// `status --show-resources` (Helm 3.13's Status with ShowResourcesTable, kube.Client.Get(resources, related=true)
// and cmd/helm/status.go's table printing).
import type { KObject, KubeClient, ObjectRef } from '../../kube/types.js';
import { hasPrinter, isGenericTable, isTable, printObjects, TablePrinter, type Table } from '../../kube/printers.js';
import type { Release } from '../../release/record.js';

const refOf = (o: KObject): ObjectRef => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace });

/** The object as a Table: the server's, unless it only knows the generic Name/Age columns and the kind has a
 *  printer of its own here (the API server's printers, as a real server applies them). */
async function tableOf(kube: KubeClient, o: KObject): Promise<Table | null> {
  const ref = refOf(o);
  const t = kube.getTable ? await kube.getTable(ref) : await kube.get(ref);
  if (t === null || t === undefined) return null;
  if (isTable(t) && !(isGenericTable(t) && hasPrinter(o.apiVersion, o.kind))) return t;
  let live: KObject | null = isTable(t) ? null : (t as KObject);
  if (isTable(t)) {
    const row = t.rows?.[0]?.object as KObject | undefined;
    live = row && row.kind === o.kind ? row : await kube.get(ref); // includeObject=Object gives it whole
  }
  return live ? printObjects(o.kind, [live]) : null;
}

/** The pods a workload's manifest selects (getSelectorFromObject: spec.selector.matchLabels, or a
 *  ReplicationController's spec.selector), as one Table. */
function podSelectorOf(o: KObject): Record<string, string> | null {
  const spec = (o as any).spec;
  let m: unknown;
  if (['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind)) m = spec?.selector?.matchLabels;
  else if (o.kind === 'ReplicationController') m = spec?.selector;
  else return null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) return null;
  return Object.fromEntries(Object.entries(m as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

async function relatedPods(kube: KubeClient, namespace: string | undefined, sel: Record<string, string>): Promise<Table> {
  const labelSelector = Object.keys(sel).sort().map((k) => `${k}=${sel[k]}`).join(',') || undefined;
  if (kube.listTable) {
    const t = await kube.listTable('v1', 'Pod', { namespace, labelSelector });
    if (isTable(t) && !isGenericTable(t)) return t;
  }
  return printObjects('Pod', await kube.list('v1', 'Pod', { namespace, labelSelector }));
}

/** The RESOURCES section: "==> v1/Kind" per kind (and v1/Pod(related)), in the order first met, each object's
 *  table aligned on its own, headers only when the columns change; objects that cannot be read are left out. */
export async function resourcesSection(kube: KubeClient, rel: Release): Promise<string> {
  const objs = await kube.build(rel.manifest, { namespace: rel.namespace, strict: true });
  const sections = new Map<string, Table[]>();
  const add = (k: string, t: Table) => sections.set(k, [...(sections.get(k) ?? []), t]);
  const seen: string[] = [];
  for (const o of objs) {
    let t: Table | null;
    try {
      t = await tableOf(kube, o);
    } catch {
      continue;
    }
    if (!t) continue;
    const version = o.apiVersion.includes('/') ? o.apiVersion.slice(o.apiVersion.indexOf('/') + 1) : o.apiVersion;
    add(`${version}/${o.kind}`, t);
    const sel = podSelectorOf(o);
    if (!sel) continue;
    const key = JSON.stringify(Object.keys(sel).sort().map((k) => [k, sel[k]]));
    if (seen.includes(key)) continue; // the pods of this selector are listed already
    seen.push(key);
    try {
      add('v1/Pod(related)', await relatedPods(kube, o.metadata.namespace ?? rel.namespace, sel));
    } catch {
      /* Helm only logs it */
    }
  }
  if (sections.size === 0) return '';
  const printer = new TablePrinter();
  let buf = '';
  for (const [k, tables] of sections) {
    buf += `==> ${k}\n`;
    for (const t of tables) buf += printer.print(t);
    buf += '\n';
  }
  return `RESOURCES:\n${buf}\n`;
}

/** Helm 3.13's Status with ShowResources for -o json|yaml (Build, then kube.Client.Get(resources, related=true)):
 *  the live objects by "version/Kind", in manifest order; a workload's pods under "v1/Pod(related)" as the list
 *  the server answers (one per selector, as the resource builder gives it unflattened); objects that cannot be read
 *  are left out. */
export async function statusResources(kube: KubeClient, rel: Release): Promise<Record<string, unknown[]>> {
  const objs = await kube.build(rel.manifest, { namespace: rel.namespace, strict: true });
  const out: Record<string, unknown[]> = {};
  const add = (k: string, o: unknown) => (out[k] ??= []).push(o);
  const seen: string[] = [];
  for (const o of objs) {
    let live: KObject | null;
    try {
      live = await kube.get(refOf(o));
    } catch {
      continue;
    }
    if (!live) continue;
    const version = o.apiVersion.includes('/') ? o.apiVersion.slice(o.apiVersion.indexOf('/') + 1) : o.apiVersion;
    add(`${version}/${o.kind}`, live);
    const sel = podSelectorOf(o);
    if (!sel) continue;
    const key = JSON.stringify(Object.keys(sel).sort().map((k) => [k, sel[k]]));
    if (seen.includes(key)) continue;
    seen.push(key);
    const labelSelector = Object.keys(sel).sort().map((k) => `${k}=${sel[k]}`).join(',') || undefined;
    const namespace = o.metadata.namespace ?? rel.namespace;
    try {
      const list = kube.listObject
        ? await kube.listObject('v1', 'Pod', { namespace, labelSelector })
        : { apiVersion: 'v1', kind: 'PodList', metadata: {}, items: await kube.list('v1', 'Pod', { namespace, labelSelector }) };
      add('v1/Pod(related)', list);
    } catch {
      /* Helm only logs it */
    }
  }
  return out;
}
