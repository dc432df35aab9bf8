// `status --show-resources` (Helm 3.13's Status with ShowResourcesTable, kube.Client.Get(resources, related=true)
// and cmd/helm/status.go's table printing).
import type { KObject, KubeClient } from '../../kube/types.js';
import { refOf } from '../../kube/client.js';
import { splitApiVersion } from '../../kube/discovery.js';
import { labelSetString } from '../../kube/labels.js';
import { hasPrinter, isGenericTable, isTable, printObjects, TablePrinter, type Table } from '../../kube/printers.js';
import type { Release } from '../../release/record.js';

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
 *  ReplicationController's spec.selector), as labels.Set(...).String(); null for other kinds. */
function podSelectorOf(o: KObject): string | null {
  const spec = (o as any).spec;
  let m: unknown;
  if (['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind)) m = spec?.selector?.matchLabels;
  else if (o.kind === 'ReplicationController') m = spec?.selector;
  else return null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) return null;
  return labelSetString(m as Record<string, unknown>);
}

async function relatedPods(kube: KubeClient, namespace: string | undefined, labelSelector: string | undefined): Promise<Table> {
  if (kube.listTable) {
    const t = await kube.listTable('v1', 'Pod', { namespace, labelSelector });
    if (isTable(t) && !isGenericTable(t)) return t;
  }
  return printObjects('Pod', await kube.list('v1', 'Pod', { namespace, labelSelector }));
}

/** Helm 3.13's kube.Client.Get(resources, related=true) over the release manifest (built strictly): each object as
 *  `read` gives it, under "version/Kind" in the order first met; after it, for a workload whose selector was not
 *  met before, what `pods` gives for that selector under "v1/Pod(related)". Objects that cannot be read are left
 *  out, and so are pods that cannot be listed (Helm only logs it). */
async function liveResources<T>(
  kube: KubeClient,
  rel: Release,
  read: (o: KObject) => Promise<T | null>,
  pods: (namespace: string | undefined, labelSelector: string | undefined) => Promise<T>,
): Promise<Map<string, T[]>> {
  const objs = await kube.build(rel.manifest, { namespace: rel.namespace, strict: true });
  const sections = new Map<string, T[]>();
  const add = (k: string, t: T) => sections.set(k, [...(sections.get(k) ?? []), t]);
  const seen = new Set<string>();
  for (const o of objs) {
    let t: T | null;
    try {
      t = await read(o);
    } catch {
      continue;
    }
    if (t === null || t === undefined) continue;
    add(`${splitApiVersion(o.apiVersion).version}/${o.kind}`, t);
    const sel = podSelectorOf(o);
    if (sel === null || seen.has(sel)) continue; // the pods of this selector are listed already
    seen.add(sel);
    try {
      add('v1/Pod(related)', await pods(o.metadata.namespace ?? rel.namespace, sel || undefined));
    } catch {
      /* Helm only logs it */
    }
  }
  return sections;
}

/** The RESOURCES section: "==> v1/Kind" per kind (and v1/Pod(related)), in the order first met, each object's
 *  table aligned on its own, headers only when the columns change; objects that cannot be read are left out. */
export async function resourcesSection(kube: KubeClient, rel: Release): Promise<string> {
  const sections = await liveResources(kube, rel, (o) => tableOf(kube, o), (namespace, labelSelector) => relatedPods(kube, namespace, labelSelector));
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

/** Helm 3.13's Status with ShowResources for -o json|yaml: the live objects by "version/Kind", in manifest order;
 *  a workload's pods under "v1/Pod(related)" as the list the server answers (one per selector, as the resource
 *  builder gives it unflattened). */
export async function statusResources(kube: KubeClient, rel: Release): Promise<Record<string, unknown[]>> {
  const sections = await liveResources<unknown>(kube, rel, (o) => kube.get(refOf(o)), async (namespace, labelSelector) =>
    kube.listObject
      ? kube.listObject('v1', 'Pod', { namespace, labelSelector })
      : { apiVersion: 'v1', kind: 'PodList', metadata: {}, items: await kube.list('v1', 'Pod', { namespace, labelSelector }) });
  return Object.fromEntries(sections);
}
