// kubectl's table printing for `status --show-resources`: metav1.Table objects (as the API server returns them
// for Accept: as=Table) printed as cli-runtime's HumanReadablePrinter does, and the API server's own table
// printers (k8s pkg/printers/internalversion, 1.28) for the common kinds, used when a server answers with only
// the generic Name/Age columns.
import { labelSelectorString, labelSetString, type LabelSelector } from './labels.js';
import type { KObject } from './types.js';

export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}
export interface TableRow {
  cells: unknown[];
  object?: unknown;
}
export interface Table {
  kind: 'Table';
  apiVersion?: string;
  columnDefinitions?: TableColumn[];
  rows?: TableRow[];
}

export function isTable(v: unknown): v is Table {
  return !!v && typeof v === 'object' && (v as any).kind === 'Table' && Array.isArray((v as any).rows ?? []);
}

// ---------------------------------------------------------------- times (k8s.io/apimachinery duration)

/** duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** translateTimestampSince: "<unknown>" for a zero time. */
function since(ts: unknown, now: number): string {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now - t);
}

// ---------------------------------------------------------------- the API server's printers

const col = (name: string, description: string, extra: Partial<TableColumn> = {}): TableColumn => ({ name, type: 'string', format: '', description, priority: 0, ...extra });
const NAME = col('Name', 'Name must be unique within a namespace.', { format: 'name' });
const AGE = col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.');
const wide = (name: string, description: string) => col(name, description, { priority: 1 });
const CONTAINERS = wide('Containers', 'Names of each container in the template.');
const IMAGES = wide('Images', 'Images referenced by each container in the template.');
const SELECTOR = wide('Selector', 'Label selector for pods.');

const COLUMNS: Record<string, TableColumn[]> = {
  Pod: [NAME, col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'), AGE,
    wide('IP', 'IP address allocated to the pod.'), wide('Node', 'Name of the Node this pod is assigned to.'),
    wide('Nominated Node', 'Name of the node where the pod is nominated to run.'), wide('Readiness Gates', 'The readiness gates of the pod.')],
  Service: [NAME, col('Type', 'The type of the service.'), col('Cluster-IP', 'The cluster IP of the service.'), col('External-IP', 'The external IPs of the service.'),
    col('Port(s)', 'The ports of the service.'), AGE, wide('Selector', 'Route service traffic to pods with label keys and values matching this selector.')],
  Deployment: [NAME, col('Ready', 'Number of the pod with ready state'), col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'), AGE, CONTAINERS, IMAGES, SELECTOR],
  ConfigMap: [NAME, col('Data', 'Data contains the configuration data.'), AGE],
  Secret: [NAME, col('Type', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'Data contains the secret data.'), AGE],
  ServiceAccount: [NAME, col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  DaemonSet: [NAME, col('Desired', 'The total number of nodes that should be running the daemon pod.'), col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod'), col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'), AGE, CONTAINERS, IMAGES, SELECTOR],
  StatefulSet: [NAME, col('Ready', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  Job: [NAME, col('Completions', 'The desired number of successfully finished pods the job should be run with.'), col('Duration', 'Time required to complete the job.'), AGE, CONTAINERS, IMAGES, SELECTOR],
};

/** Whether printObjects has a printer of its own for the kind (the built-in group's kinds only). */
export function hasPrinter(apiVersion: string, kind: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const groups: Record<string, string> = { Pod: '', Service: '', ConfigMap: '', Secret: '', ServiceAccount: '', Deployment: 'apps', DaemonSet: 'apps', StatefulSet: 'apps', Job: 'batch' };
  return kind in groups && groups[kind] === group;
}

/** The generic table a server without printers answers with (Name, Age). */
export function isGenericTable(t: Table): boolean {
  const names = (t.columnDefinitions ?? []).map((c) => c.name);
  return names.length === 2 && names[0] === 'Name' && names[1] === 'Age';
}

const containersOf = (o: any): any[] => (Array.isArray(o?.spec?.template?.spec?.containers) ? o.spec.template.spec.containers : []);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** labels.FormatLabels: k=v pairs sorted by key, "<none>" when empty. */
const formatLabels = (m: unknown): string => labelSetString(m as Record<string, unknown>) || '<none>';

/** metav1.FormatLabelSelector (matchLabels and matchExpressions), "<none>" when empty. */
const formatSelector = (sel: unknown): string => labelSelectorString(sel as LabelSelector) || '<none>';

function workloadWide(o: any): string[] {
  const cs = containersOf(o);
  return [cs.map((c) => str(c?.name)).join(','), cs.map((c) => str(c?.image)).join(',')];
}

function podRow(p: any, now: number): unknown[] {
  const spec = p.spec ?? {};
  const st = p.status ?? {};
  const initSpecs = new Map<string, any>((spec.initContainers ?? []).map((c: any) => [c?.name, c]));
  const restartable = (name: string) => initSpecs.get(name)?.restartPolicy === 'Always';
  const total = (spec.containers ?? []).length + [...initSpecs.values()].filter((c) => c?.restartPolicy === 'Always').length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  let reason = str(st.reason) || str(st.phase);
  for (const c of st.conditions ?? []) if (c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const finished = (cs: any) => Date.parse(str(cs?.lastState?.terminated?.finishedAt)) || 0;
  let initializing = false;
  const inits: any[] = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += num(c.restartCount);
    lastRestart = Math.max(lastRestart, finished(c));
    if (restartable(c.name)) {
      sidecarRestarts += num(c.restartCount);
      lastSidecarRestart = Math.max(lastSidecarRestart, finished(c));
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && num(term.exitCode) === 0) continue;
    if (restartable(c.name) && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${num(term.exitCode)}`;
    else if (wait && wait.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  const initialized = (st.conditions ?? []).some((c: any) => c?.type === 'Initialized' && c?.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const cs: any[] = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += num(c.restartCount);
      lastRestart = Math.max(lastRestart, finished(c));
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${num(term.exitCode)}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some((c: any) => c?.type === 'Ready' && c?.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (p.metadata?.deletionTimestamp) reason = st.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartsStr = restarts !== 0 && lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const gates = (spec.readinessGates ?? []) as any[];
  const gateTrue = gates.filter((g) => (st.conditions ?? []).some((c: any) => c?.type === g?.conditionType && c?.status === 'True')).length;
  return [p.metadata?.name ?? '', `${ready}/${total}`, reason, restartsStr, since(p.metadata?.creationTimestamp, now),
    str(st.podIP) || '<none>', str(spec.nodeName) || '<none>', str(st.nominatedNodeName) || '<none>', gates.length ? `${gateTrue}/${gates.length}` : '<none>'];
}

function serviceRow(s: any, now: number): unknown[] {
  const spec = s.spec ?? {};
  const type = str(spec.type) || 'ClusterIP';
  const clusterIP = (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length ? spec.clusterIPs[0] : str(spec.clusterIP)) || '<none>';
  const externalIPs: string[] = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  let external: string;
  if (type === 'ClusterIP' || type === 'NodePort') external = externalIPs.length ? externalIPs.join(',') : '<none>';
  else if (type === 'LoadBalancer') {
    const ing = new Set<string>();
    for (const i of (s.status?.loadBalancer?.ingress ?? []) as any[]) if (i?.ip) ing.add(i.ip); else if (i?.hostname) ing.add(i.hostname);
    let lb = [...ing].sort().join(',');
    if (lb.length > 16) lb = `${lb.slice(0, 13)}...`;
    if (externalIPs.length) external = [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
    else external = lb || '<pending>';
  } else if (type === 'ExternalName') external = str(spec.externalName);
  else external = '<unknown>';
  const ports = ((spec.ports ?? []) as any[]).map((p) => (num(p.nodePort) > 0 ? `${num(p.port)}:${num(p.nodePort)}/${p.protocol ?? 'TCP'}` : `${num(p.port)}/${p.protocol ?? 'TCP'}`)).join(',');
  return [s.metadata?.name ?? '', type, clusterIP, external, ports || '<none>', since(s.metadata?.creationTimestamp, now), formatLabels(spec.selector)];
}

function jobRow(j: any, now: number): unknown[] {
  const spec = j.spec ?? {};
  const st = j.status ?? {};
  // the API server defaults completions and parallelism to 1 when neither is set
  const completionsSpec = typeof spec.completions === 'number' ? spec.completions : spec.parallelism === undefined ? 1 : undefined;
  const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
  const completions = completionsSpec !== undefined ? `${num(st.succeeded)}/${completionsSpec}` : parallelism > 1 ? `${num(st.succeeded)}/1 of ${parallelism}` : `${num(st.succeeded)}/1`;
  const start = Date.parse(str(st.startTime));
  const end = Date.parse(str(st.completionTime));
  const duration = Number.isNaN(start) ? '' : humanDuration((Number.isNaN(end) ? now : end) - start);
  return [j.metadata?.name ?? '', completions, duration, since(j.metadata?.creationTimestamp, now), ...workloadWide(j), formatSelector(spec.selector)];
}

function rowOf(o: any, now: number): unknown[] {
  const name = o.metadata?.name ?? '';
  const age = since(o.metadata?.creationTimestamp, now);
  const spec = o.spec ?? {};
  const st = o.status ?? {};
  switch (o.kind) {
    case 'Pod': return podRow(o, now);
    case 'Service': return serviceRow(o, now);
    case 'Deployment':
      return [name, `${num(st.readyReplicas)}/${typeof spec.replicas === 'number' ? spec.replicas : 1}`, num(st.updatedReplicas), num(st.availableReplicas), age, ...workloadWide(o), formatSelector(spec.selector)];
    case 'ConfigMap': return [name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age];
    case 'Secret': return [name, str(o.type) || 'Opaque', new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})]).size, age];
    case 'ServiceAccount': return [name, Array.isArray(o.secrets) ? o.secrets.length : 0, age];
    case 'DaemonSet':
      return [name, num(st.desiredNumberScheduled), num(st.currentNumberScheduled), num(st.numberReady), num(st.updatedNumberScheduled), num(st.numberAvailable),
        formatLabels(spec.template?.spec?.nodeSelector), age, ...workloadWide(o), formatSelector(spec.selector)];
    case 'StatefulSet': return [name, `${num(st.readyReplicas)}/${typeof spec.replicas === 'number' ? spec.replicas : 1}`, age, ...workloadWide(o)];
    case 'Job': return jobRow(o, now);
    default: return [name, age];
  }
}

/** The Table the API server would answer for these objects (all of one kind). */
export function printObjects(kind: string, objs: KObject[], now = Date.now()): Table {
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: COLUMNS[kind] ?? [NAME, AGE],
    rows: objs.map((o) => ({ cells: rowOf(o, now), object: o })),
  };
}

// ---------------------------------------------------------------- cli-runtime's HumanReadablePrinter

/** text/tabwriter as kubectl's GetNewTabWriter sets it up (minwidth 6, padding 3, spaces): each column but the
 *  last padded to its widest cell + 3 (at least 6). */
export function tabwrite(lines: string[][]): string {
  const widths: number[] = [];
  for (const l of lines) l.forEach((c, i) => { if (i < l.length - 1) widths[i] = Math.max(widths[i] ?? 6, [...c].length + 3); });
  return lines.map((l) => l.map((c, i) => (i < l.length - 1 ? c + ' '.repeat(widths[i] - [...c].length) : c)).join('') + '\n').join('');
}

const sameColumns = (a: TableColumn[] | undefined, b: TableColumn[] | undefined): boolean =>
  !!a && !!b && a.length === b.length &&
  a.every((x, i) => x.name === b[i].name && x.type === b[i].type && (x.format ?? '') === (b[i].format ?? '') && (x.description ?? '') === (b[i].description ?? '') && (x.priority ?? 0) === (b[i].priority ?? 0));

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    const i = v.search(/[\f\n\r]/);
    return i >= 0 ? `${v.slice(0, i)}...` : v;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One printer for several tables: headers are left out when a table's columns are those just printed (as kubectl's
 *  printer, shared by every kind of `helm status --show-resources`); each table aligned on its own. */
export class TablePrinter {
  private lastColumns?: TableColumn[];
  private printedHeaders = false;

  print(t: Table): string {
    let cols = t.columnDefinitions ?? [];
    const rows = t.rows ?? [];
    const noHeaders = this.printedHeaders && (cols.length === 0 || sameColumns(cols, this.lastColumns));
    if (cols.length === 0) cols = this.lastColumns ?? [];
    else if (!sameColumns(cols, this.lastColumns)) {
      this.lastColumns = cols;
      this.printedHeaders = false;
    }
    if (rows.length > 0) this.printedHeaders = true;
    if (rows.length === 0) return '';
    const shown = cols.map((c, i) => ({ c, i })).filter(({ c }) => (c.priority ?? 0) === 0);
    const lines: string[][] = [];
    if (!noHeaders) lines.push(shown.map(({ c }) => c.name.toUpperCase()));
    for (const r of rows) lines.push(shown.filter(({ i }) => i < (r.cells ?? []).length).map(({ i }) => cellText(r.cells[i])));
    return tabwrite(lines);
  }
}
