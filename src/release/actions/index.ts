// Helm's pkg/action for releases: install, upgrade, rollback, uninstall, history, status, list, get, test.
import { hostname } from 'node:os';
import type { KubeClient, KObject } from '../../kube/types.js';
import { labelSelectorString, labelSetString } from '../../kube/labels.js';
import { existingResourceConflicts, OwnershipError, setOwnership } from '../../kube/ownership.js';
import type { Chart } from '../../chart/types.js';
import { Storage } from '../storage/storage.js';
import { GoInt, type GoMap } from '../../template/types.js';
import { ReleaseNotFoundError, ReleaseExistsError } from '../storage/driver.js';
import { formatGoTime, isPending, type Release, type ReleaseChart, type Hook, type ReleaseStatus, type Info } from '../record.js';

export class ReleaseError extends Error {
  constructor(message: string, readonly release?: Release) { super(message); this.name = 'ReleaseError'; }
}

export interface Configuration {
  kube: KubeClient;
  storage: Storage;
  namespace: string;
  log?: (msg: string) => void;
  /** Capabilities for rendering (defaults to render's defaults). */
  kubeVersion?: string;
  apiVersions?: string[];
}

const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');

/** chart.Chart as a release stores it (subcharts are not stored: Helm's Chart JSON has no dependencies). */
export function releaseChart(c: Chart): ReleaseChart {
  return {
    metadata: { ...(c.metadata as any) },
    lock: c.lock ? { ...(c.lock as any) } : null,
    templates: c.templates.map((f) => ({ name: f.name, data: b64(f.data) })),
    values: c.values ?? {},
    schema: c.schema ? b64(c.schema) : null,
    files: c.files.map((f) => ({ name: f.name, data: b64(f.data) })),
  };
}

const now = (): string => formatGoTime(new Date());

const HOLDER = 'tshelm-holder';

/** The label naming the process working on a pending revision (host_pid; a valid label value). */
function holderValue(): string {
  return `${hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 48)}_${process.pid}`.replace(/^[^A-Za-z0-9]+/, '');
}

/** Who holds a pending revision, and whether that process is known to be gone (same host, pid not running). */
export function describeHolder(rel: Release): string {
  const h = rel.labels?.[HOLDER];
  if (!h) return 'the process that started it is unknown (written by helm or an older tshelm)';
  const i = h.lastIndexOf('_');
  const host = h.slice(0, i);
  const pid = Number(h.slice(i + 1));
  if (host === holderValue().slice(0, holderValue().lastIndexOf('_'))) {
    let alive = true;
    try { process.kill(pid, 0); } catch (e: any) { alive = e?.code === 'EPERM'; }
    return alive ? `process ${pid} on this host (${host}) is still running` : `process ${pid} on this host (${host}) is gone`;
  }
  return `it was started by process ${pid} on host ${host}`;
}

/** Create the new revision's record; losing a race for that revision means another operation got there first. */
async function claimRevision(cfg: Configuration, rel: Release): Promise<void> {
  rel.labels = { ...(rel.labels ?? {}), [HOLDER]: holderValue() };
  try {
    await cfg.storage.create(rel);
  } catch (e) {
    if (e instanceof ReleaseExistsError) {
      throw new ReleaseError(`another operation (install/upgrade/rollback) is in progress: revision ${rel.version} of "${rel.name}" was just written by another process; nothing was changed`);
    }
    throw e;
  }
}

// ---------------------------------------------------------------- validation

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export function validateReleaseName(name: string): void {
  if (name === '') throw new ReleaseError('no name provided');
  if (name.length > 53 || !NAME_RE.test(name)) {
    throw new ReleaseError(`invalid release name "${name}": names must be at most 53 characters and match the regex ${NAME_RE.source}`);
  }
}

export function generateName(chartName: string): string {
  return `${chartName.slice(0, 42)}-${Math.floor(Date.now() / 1000)}`.replace(/[^a-z0-9-]/g, '-');
}

// ---------------------------------------------------------------- values

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}
/** chartutil.CoalesceTables: dst's keys win; nested maps merged. Returns a new map. */
export function coalesceTables(dst: Record<string, unknown> | null, src: Record<string, unknown> | null): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(dst ?? {}) };
  for (const [k, v] of Object.entries(src ?? {})) {
    if (!(k in out)) out[k] = v;
    else if (isMap(out[k]) && isMap(v)) out[k] = coalesceTables(out[k] as any, v);
  }
  return out;
}

// ---------------------------------------------------------------- rendering

export interface RenderInput {
  chart: Chart;
  values: Record<string, unknown>;
  name: string;
  namespace: string;
  revision: number;
  isUpgrade: boolean;
  subNotes?: boolean;
  includeCrds?: boolean;
  postRenderer?: { run(m: string): string };
  /** Talk to the cluster (lookup, capabilities); false for --dry-run=client, as Helm's interactWithRemote. */
  remote?: boolean;
}

export async function renderRelease(cfg: Configuration, inp: RenderInput): Promise<{ manifest: string; hooks: Hook[]; notes: string }> {
  const { prepareRender } = await import('../../render/render.js');
  const { renderResources } = await import('../../render/action.js');
  const { deepCopyValue } = await import('../../funcs/dicts.js');
  // Helm renders with the cluster's capabilities (getCapabilities: the server's version as it says it, GetVersionSet's
  // group/versions and group/version/Kinds, not the defaults)
  const kubeVersion = cfg.kubeVersion;
  const apiVersions = cfg.apiVersions;
  let capabilities: import('../../render/capabilities.js').Capabilities | undefined;
  const k = cfg.kube as any;
  if (kubeVersion === undefined && typeof k?.serverVersion === 'function') {
    try {
      const v = await k.serverVersion();
      if (v && /^v?\d+\.\d+\.\d+/.test(String(v.gitVersion ?? ''))) {
        const { clusterCapabilities } = await import('../../render/capabilities.js');
        capabilities = clusterCapabilities(v, [...(apiVersions ?? []), ...(typeof k.apiVersions === 'function' ? await k.apiVersions() : [])]);
      }
    } catch {
      /* keep the defaults */
    }
  }
  // The template engine is synchronous and the cluster is not: a pass records the lookups it could not answer
  // (they give {} meanwhile), those are fetched, and the chart is rendered again until every lookup is answered.
  // Without the cluster (--dry-run=client) lookup finds nothing, as Helm's engine without a REST config.
  const remote = inp.remote !== false && !!cfg.kube;
  const answers = new Map<string, { value?: unknown; error?: Error }>();
  const missing = new Map<string, [string, string, string, string]>();
  const lookup = (api: string, kind: string, ns: string, name: string) => {
    if (!remote) return {};
    const key = JSON.stringify([api, kind, ns, name]);
    const a = answers.get(key);
    if (!a) { missing.set(key, [api, kind, ns, name]); return {}; }
    if (a.error) throw a.error;
    return kubeJsonToGo(a.value);
  };
  for (let pass = 1; ; pass++) {
    missing.clear();
    let r: ReturnType<typeof renderResources> | undefined;
    let err: unknown;
    try {
      const { top, engine, view, caps } = prepareRender(inp.chart as any, {
        releaseName: inp.name, namespace: inp.namespace, values: deepCopyValue(inp.values) as any, revision: inp.revision, isUpgrade: inp.isUpgrade,
        kubeVersion, apiVersions: apiVersions ?? [], capabilities, lookup: lookup as any,
      });
      r = renderResources(view, String(inp.chart.metadata.kubeVersion ?? ''), top as any, caps, engine, {
        releaseName: inp.name, subNotes: inp.subNotes, includeCrds: inp.includeCrds, postRenderer: inp.postRenderer,
      });
    } catch (e) {
      err = e;
    }
    if (missing.size === 0 || pass >= 10) {
      if (err !== undefined || !r) throw err;
      return { manifest: r.manifest, hooks: r.hooks as Hook[], notes: r.notes };
    }
    await Promise.all([...missing].map(async ([key, [api, kind, ns, name]]) => {
      try {
        answers.set(key, { value: await cfg.kube.lookup(api, kind, ns, name) });
      } catch (e) {
        answers.set(key, { error: e as Error });
      }
    }));
  }
}

/** An object from the API as Kubernetes' unstructured decoding gives it to templates: whole numbers int64. */
function kubeJsonToGo(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? new GoInt(BigInt(v), 'int64') : v;
  if (Array.isArray(v)) return v.map(kubeJsonToGo);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = kubeJsonToGo(x);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------- hooks

export interface HookOptions { timeoutMs: number; disabled?: boolean }

function hookObjects(cfg: Configuration, h: Hook, ns: string): Promise<KObject[]> {
  return cfg.kube.build(h.manifest ?? '', { namespace: ns });
}

/** Helm's hookByWeight (a stable sort by weight only). */
export function hooksByWeight(hooks: Hook[]): Hook[] {
  return [...hooks].sort((a, b) => (a.weight ?? 0) - (b.weight ?? 0));
}

/** Helm's execHook: hooks of the event sorted by weight then name; before-hook-creation is the default policy. */
export async function execHooks(cfg: Configuration, rel: Release, event: string, opts: HookOptions): Promise<void> {
  if (opts.disabled) return;
  const hooks = (rel.hooks ?? []).filter((h) => h.events?.includes(event));
  hooks.sort((a, b) => (a.weight ?? 0) - (b.weight ?? 0) || ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0));
  for (const h of hooks) {
    const policies = h.delete_policies?.length ? h.delete_policies : ['before-hook-creation'];
    const objs = await hookObjects(cfg, h, rel.namespace);
    if (policies.includes('before-hook-creation')) {
      await cfg.kube.deleteResources(objs, { wait: true, timeoutMs: opts.timeoutMs });
    }
    h.last_run = { started_at: now(), completed_at: '', phase: 'Running' };
    try {
      await cfg.kube.createResources(objs);
      const waitable = objs.filter((o) => o.kind === 'Job' || o.kind === 'Pod');
      if (waitable.length) await cfg.kube.waitForResources(waitable, { timeoutMs: opts.timeoutMs, waitForJobs: true });
    } catch (e) {
      h.last_run.completed_at = now();
      h.last_run.phase = 'Failed';
      if (policies.includes('hook-failed')) await cfg.kube.deleteResources(objs).catch(() => undefined);
      throw new ReleaseError(`${event} hooks failed: ${(e as Error).message}`);
    }
    h.last_run.completed_at = now();
    h.last_run.phase = 'Succeeded';
    if (policies.includes('hook-succeeded')) await cfg.kube.deleteResources(objs);
  }
}

// ---------------------------------------------------------------- install

export interface InstallOptions {
  name: string;
  chart: Chart;
  values: Record<string, unknown>;
  namespace?: string;
  createNamespace?: boolean;
  dryRun?: boolean | 'client' | 'server';
  wait?: boolean;
  waitForJobs?: boolean;
  timeoutMs?: number;
  atomic?: boolean;
  replace?: boolean;
  description?: string;
  disableHooks?: boolean;
  skipCrds?: boolean;
  subNotes?: boolean;
  postRenderer?: { run(m: string): string };
  takeOwnership?: boolean;
  labels?: Record<string, string>;
  isUpgrade?: boolean;
}

const SYSTEM_LABELS = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

/** driver.ContainsSystemLabels: --labels may not set the record's own labels. */
function checkUserLabels(labels: Record<string, string> | undefined): void {
  if (labels && Object.keys(labels).some((k) => SYSTEM_LABELS.includes(k))) {
    throw new ReleaseError(`user suplied labels contains system reserved label name. System labels: [${SYSTEM_LABELS.join(' ')}]`);
  }
}

/** Helm's mergeCustomLabels: the last revision's labels, then --labels; a value "null" removes the label. */
function mergeCustomLabels(current: Record<string, string> | undefined, desired: Record<string, string> | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = { ...(current ?? {}), ...(desired ?? {}) };
  delete out[HOLDER];
  for (const k of SYSTEM_LABELS) if (!desired || !(k in desired)) delete out[k]; // the driver's own (filterSystemLabels)
  for (const [k, v] of Object.entries(out)) if (v === 'null') delete out[k];
  return Object.keys(out).length ? out : undefined;
}

function newInfo(status: ReleaseStatus, description: string, notes: string, t = now()): Info {
  return { first_deployed: t, last_deployed: t, deleted: '', description, status, notes: notes || undefined };
}

async function ensureNamespace(cfg: Configuration, ns: string): Promise<void> {
  const cur = await cfg.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ns });
  if (cur) return;
  try {
    await cfg.kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { name: ns } } });
  } catch (e: any) {
    if (e?.status !== 409) throw e;
  }
}

/** Helm's existingResourceConflict (../../kube/ownership.ts), its error wrapped as the action wraps it: "Unable to
 *  continue with <verb>: ...". */
async function resourceConflicts(cfg: Configuration, objs: KObject[], name: string, ns: string, take: boolean, verb: 'install' | 'update'): Promise<KObject[]> {
  try {
    return await existingResourceConflicts(cfg.kube, objs, name, ns, take);
  } catch (e) {
    throw new ReleaseError(`Unable to continue with ${verb}: ${(e as Error).message}${e instanceof OwnershipError ? ' (--take-ownership adopts it)' : ''}`);
  }
}

/** KubeClient.Build of a release manifest, strict (an unserved kind fails it in Helm's words), the error
 *  prefixed as the Helm action wraps it. */
async function buildManifest(cfg: Configuration, manifest: string, ns: string, prefix: string): Promise<KObject[]> {
  try {
    return await cfg.kube.build(manifest, { namespace: ns, strict: true });
  } catch (e) {
    if ((e as Error)?.name !== 'BuildError') throw e;
    throw new ReleaseError(prefix + (e as Error).message);
  }
}

/** Helm's installCRDs: each crds/ file in order, created; one already there (AlreadyExists) skipped (CRDs are never
 *  upgraded or deleted); the new ones must be established (60s) before the chart's objects are built against them. */
async function installCrds(cfg: Configuration, crds: Array<{ name: string; data: Uint8Array }>): Promise<void> {
  const created: KObject[] = [];
  for (const f of crds) {
    try {
      const objs = await cfg.kube.build(Buffer.from(f.data).toString('utf8'));
      for (const c of objs) {
        try {
          await cfg.kube.create(c);
        } catch (e) {
          if ((e as any)?.status === 409) continue;
          throw e;
        }
        created.push(c);
      }
    } catch (e) {
      throw new ReleaseError(`failed to install CRD ${f.name}: ${(e as Error).message}`);
    }
  }
  if (created.length) {
    try {
      await cfg.kube.waitForResources(created, { timeoutMs: 60_000 });
    } catch (e) {
      throw new ReleaseError((e as Error).message);
    }
  }
}

export async function install(cfg: Configuration, o: InstallOptions): Promise<Release> {
  const ns = o.namespace ?? cfg.namespace;
  validateReleaseName(o.name);
  const type = o.chart.metadata.type ?? '';
  if (type !== '' && type !== 'application') throw new ReleaseError(`${type} charts are not installable`);
  const timeoutMs = o.timeoutMs ?? 300_000;
  const dry = o.dryRun === true || o.dryRun === 'client' || o.dryRun === 'server';
  checkUserLabels(o.labels);

  // name availability (Helm's availableName)
  if (!dry) {
    let hist: Release[] = [];
    try { hist = await cfg.storage.history(o.name); } catch (e) { if (!(e instanceof ReleaseNotFoundError)) throw e; }
    if (hist.length) {
      const last = hist.reduce((a, b) => (b.version > a.version ? b : a));
      const st = last.info?.status;
      if (!(o.replace && (st === 'uninstalled' || st === 'failed'))) {
        throw new ReleaseError(`cannot re-use a name that is still in use`);
      }
    }
  }

  // --replace (Helm's replaceRelease): the next revision; the last one, unless failed, is superseded
  let version = 1;
  let replaced: Release | undefined;
  if (o.replace && !dry) {
    try { replaced = await cfg.storage.last(o.name); version = replaced.version + 1; } catch { /* none */ }
  }

  // Helm installs the crds/ directory before rendering (capabilities and the build then know their kinds);
  // a dry run installs nothing
  if (!o.skipCrds && !dry) await installCrds(cfg, o.chart.crds?.() ?? []);

  let rendered;
  try {
    rendered = await renderRelease(cfg, { chart: o.chart, values: o.values, name: o.name, namespace: ns, revision: version, isUpgrade: false, subNotes: o.subNotes, postRenderer: o.postRenderer, remote: !dry || o.dryRun === 'server' });
  } catch (e) {
    throw new ReleaseError((e as Error).message);
  }
  const rel: Release = {
    name: o.name, namespace: ns, version, chart: releaseChart(o.chart), config: o.values, manifest: rendered.manifest, hooks: rendered.hooks,
    info: newInfo('pending-install', 'Initial install underway', rendered.notes), labels: o.labels,
  };

  // Helm's KubeClient.Build: every kind must be served before anything is written (dry runs too; the cluster is
  // asked unless there is none), then what already exists is checked
  if (dry) {
    if (cfg.kube) await resourceConflicts(cfg, await buildManifest(cfg, rel.manifest, ns, 'unable to build kubernetes objects from release manifest: '), o.name, ns, !!o.takeOwnership, 'install');
    rel.info!.status = 'pending-install';
    rel.info!.description = 'Dry run complete';
    return rel;
  }
  const objs = await buildManifest(cfg, rel.manifest, ns, 'unable to build kubernetes objects from release manifest: ');
  const adopt = await resourceConflicts(cfg, objs, o.name, ns, !!o.takeOwnership, 'install');
  setOwnership(objs, o.name, ns);

  if (o.createNamespace) await ensureNamespace(cfg, ns);

  if (replaced && replaced.info && replaced.info.status !== 'failed') {
    replaced.info.status = 'superseded';
    replaced.info.description = 'superseded by new release';
    await cfg.storage.update(replaced);
  }
  await claimRevision(cfg, rel);
  try {
    await execHooks(cfg, rel, 'pre-install', { timeoutMs, disabled: o.disableHooks });
    // Helm: Create when nothing is adopted, else Update(toBeAdopted, resources)
    if (adopt.length) await cfg.kube.updateResources(adopt, objs, { force: false });
    else await cfg.kube.createResources(objs);
    // Helm waits only with --wait (or --atomic); --wait-for-jobs alone is ignored
    if (o.wait || o.atomic) await cfg.kube.waitForResources(objs, { timeoutMs, waitForJobs: o.waitForJobs });
    await execHooks(cfg, rel, 'post-install', { timeoutMs, disabled: o.disableHooks });
  } catch (e) {
    return failRelease(cfg, rel, e as Error, 'install', o.atomic ? async () => {
      await uninstall(cfg, { name: o.name, namespace: ns, disableHooks: o.disableHooks, timeoutMs });
    } : undefined);
  }
  rel.info!.status = 'deployed';
  rel.info!.description = o.description || 'Install complete';
  release(rel);
  await cfg.storage.update(rel);
  return rel;
}

/** The operation is over: drop the holder label. */
function release(rel: Release): void {
  if (rel.labels) delete rel.labels[HOLDER];
}

async function failRelease(cfg: Configuration, rel: Release, err: Error, verb: string, atomicCleanup?: () => Promise<void>): Promise<never> {
  release(rel);
  rel.info!.status = 'failed';
  rel.info!.description = `Release "${rel.name}" failed: ${err.message}`;
  rel.info!.last_deployed = now();
  await cfg.storage.update(rel).catch(() => undefined);
  if (atomicCleanup) {
    try {
      await atomicCleanup();
    } catch (e2) {
      throw new ReleaseError(`an error occurred while uninstalling the release. original ${verb} error: ${err.message}: ${(e2 as Error).message}`, rel);
    }
    throw new ReleaseError(`release ${rel.name} failed, and has been ${verb === 'install' ? 'uninstalled' : 'rolled back'} due to atomic being set: ${err.message}`, rel);
  }
  throw new ReleaseError(err.message, rel);
}

// ---------------------------------------------------------------- upgrade

export interface UpgradeOptions extends Omit<InstallOptions, 'createNamespace' | 'replace' | 'skipCrds'> {
  reuseValues?: boolean;
  resetValues?: boolean;
  resetThenReuseValues?: boolean;
  cleanupOnFail?: boolean;
  force?: boolean;
  maxHistory?: number;
  /** A pending record left by a dead process is treated as failed instead of blocking. */
  recover?: boolean;
}

export async function upgrade(cfg: Configuration, o: UpgradeOptions): Promise<Release> {
  const ns = o.namespace ?? cfg.namespace;
  validateReleaseName(o.name);
  const timeoutMs = o.timeoutMs ?? 300_000;
  const dry = !!o.dryRun;
  if (o.maxHistory !== undefined) cfg.storage.maxHistory = o.maxHistory;
  checkUserLabels(o.labels);

  let last: Release;
  try {
    last = await cfg.storage.last(o.name);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) throw new ReleaseError(`"${o.name}" has no deployed releases`);
    throw e;
  }
  if (isPending(last.info!.status)) {
    if (!o.recover) {
      throw new ReleaseError(`another operation (install/upgrade/rollback) is in progress (revision ${last.version} is ${last.info!.status}` +
        ` since ${last.info!.last_deployed}; ${describeHolder(last)}). If no other tshelm or helm process is working on "${o.name}", recover with \`tshelm rollback ${o.name}\` or \`tshelm upgrade --recover ${o.name} CHART\``);
    }
    last.info!.status = 'failed';
    last.info!.description = `Recovered: ${last.info!.description} (process gone)`;
    await cfg.storage.update(last);
  }
  // Helm's prepareUpgrade: the deployed revision; with none, a failed or superseded last one; else (an
  // uninstalled release kept in history) "has no deployed releases"
  let current: Release;
  try {
    current = last.info!.status === 'deployed' ? last : await cfg.storage.deployed(o.name);
  } catch (e) {
    if (!(e instanceof ReleaseNotFoundError)) throw e;
    if (last.info!.status !== 'failed' && last.info!.status !== 'superseded') {
      throw new ReleaseError(`"${o.name}" has no deployed releases (revision ${last.version} is ${last.info!.status}; \`tshelm upgrade --install\` or \`tshelm install --replace\` installs it again)`);
    }
    current = last;
  }

  // values (Helm's reuseValues)
  let vals = o.values;
  if (o.resetValues) { /* as given */ } else if (o.reuseValues) {
    // Helm regenerates the old coalesced values and makes them the chart's values
    const { coalesceChartValues } = await import('../../render/chart-api.js');
    o.chart.values = coalesceChartValues(current.chart?.values as GoMap | undefined, current.config as GoMap | undefined) as any;
    vals = coalesceTables(vals, current.config);
  } else if (o.resetThenReuseValues) {
    vals = coalesceTables(vals, current.config);
  } else if (Object.keys(vals).length === 0 && current.config && Object.keys(current.config).length > 0) {
    vals = current.config;
  }

  const version = last.version + 1;
  let rendered;
  try {
    rendered = await renderRelease(cfg, { chart: o.chart, values: vals, name: o.name, namespace: ns, revision: version, isUpgrade: true, subNotes: o.subNotes, postRenderer: o.postRenderer, remote: !dry || o.dryRun === 'server' });
  } catch (e) {
    throw new ReleaseError((e as Error).message);
  }
  const t = now();
  const rel: Release = {
    name: o.name, namespace: ns, version, chart: releaseChart(o.chart), config: vals, manifest: rendered.manifest, hooks: rendered.hooks,
    info: { first_deployed: current.info?.first_deployed ?? t, last_deployed: t, deleted: '', description: 'Preparing upgrade', status: 'pending-upgrade', notes: rendered.notes || undefined },
    labels: mergeCustomLabels(last.labels, o.labels),
  };
  // Helm's prepareUpgrade validates the new manifest (its error as is), then performUpgrade builds the current one
  // and the new one: an unserved kind fails the upgrade before the new revision is written
  const target = await buildManifest(cfg, rel.manifest, ns, '');
  const original = await buildManifest(cfg, current.manifest, ns, 'unable to build kubernetes objects from current release manifest: ');
  // Helm's toBeCreated: objects new to the release must not belong to someone else (checked on dry runs too)
  const { same } = await import('../../kube/client.js');
  const toBeCreated = target.filter((t) => !original.some((x) => same(x, t)));
  original.push(...(await resourceConflicts(cfg, toBeCreated, o.name, ns, !!o.takeOwnership, 'update')).map((x) => structuredClone(x)));
  if (dry) { rel.info!.description = 'Dry run complete'; return rel; }
  setOwnership(target, o.name, ns);

  await claimRevision(cfg, rel);
  let created: KObject[] = [];
  try {
    await execHooks(cfg, rel, 'pre-upgrade', { timeoutMs, disabled: o.disableHooks });
    const res = await cfg.kube.updateResources(original, target, { force: o.force, threeWay: true });
    created = res.created;
    if (o.wait || o.atomic) await cfg.kube.waitForResources(target, { timeoutMs, waitForJobs: o.waitForJobs });
    await execHooks(cfg, rel, 'post-upgrade', { timeoutMs, disabled: o.disableHooks });
  } catch (e) {
    const err = e as Error;
    if (o.cleanupOnFail && created.length) await cfg.kube.deleteResources(created).catch(() => undefined);
    release(rel);
    rel.info!.status = 'failed';
    rel.info!.description = `Upgrade "${o.name}" failed: ${err.message}`;
    await cfg.storage.update(rel).catch(() => undefined);
    if (o.atomic) {
      try {
        await rollback(cfg, { name: o.name, version: current.version, wait: true, waitForJobs: o.waitForJobs, timeoutMs, force: o.force, cleanupOnFail: o.cleanupOnFail, disableHooks: o.disableHooks });
      } catch (e2) {
        throw new ReleaseError(`an error occurred while rolling back the release. original upgrade error: ${err.message}: ${(e2 as Error).message}`, rel);
      }
      throw new ReleaseError(`release ${o.name} failed, and has been rolled back due to atomic being set: ${err.message}`, rel);
    }
    throw new ReleaseError(err.message, rel);
  }
  current.info!.status = 'superseded';
  current.info!.description = current.info!.description || 'superseded';
  await cfg.storage.update(current);
  if (last.version !== current.version && last.info!.status !== 'failed' && last.info!.status !== 'superseded') {
    last.info!.status = 'superseded';
    await cfg.storage.update(last).catch(() => undefined);
  }
  rel.info!.status = 'deployed';
  rel.info!.description = o.description || 'Upgrade complete';
  release(rel);
  await cfg.storage.update(rel);
  return rel;
}

// ---------------------------------------------------------------- rollback

export interface RollbackOptions {
  name: string;
  /** 0 = the previous revision. */
  version?: number;
  wait?: boolean;
  waitForJobs?: boolean;
  timeoutMs?: number;
  cleanupOnFail?: boolean;
  force?: boolean;
  recreatePods?: boolean;
  disableHooks?: boolean;
  maxHistory?: number;
  dryRun?: boolean;
}

export async function rollback(cfg: Configuration, o: RollbackOptions): Promise<Release> {
  validateReleaseName(o.name);
  if (o.maxHistory !== undefined) cfg.storage.maxHistory = o.maxHistory;
  const timeoutMs = o.timeoutMs ?? 300_000;
  let current: Release;
  try {
    current = await cfg.storage.last(o.name);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) throw new ReleaseError(`release: not found`);
    throw e;
  }
  let prevVersion = o.version ?? 0;
  if (prevVersion < 0) throw new ReleaseError('invalid release version');
  if (prevVersion === 0) prevVersion = current.version - 1;
  if (prevVersion < 1) throw new ReleaseError(`release "${o.name}" has no previous revision to roll back to`);
  let previous: Release;
  try {
    previous = await cfg.storage.get(o.name, prevVersion);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) throw new ReleaseError(`release has no ${prevVersion} version`);
    throw e;
  }
  const t = now();
  const target: Release = {
    name: o.name, namespace: current.namespace, version: current.version + 1, chart: previous.chart, config: previous.config,
    manifest: previous.manifest, hooks: previous.hooks?.map((h) => ({ ...h, last_run: { started_at: '', completed_at: '', phase: '' } })) ?? null,
    info: { first_deployed: current.info?.first_deployed ?? t, last_deployed: t, deleted: '', status: 'pending-rollback', notes: previous.info?.notes, description: `Rollback to ${prevVersion}` },
    labels: previous.labels,
  };
  if (o.dryRun) return target;

  const ns = current.namespace;
  // Helm's performRollback diffs from the last revision (Releases.Last), not the deployed one: after a failed
  // (or stuck) upgrade, what that revision applied is live, and the rollback must undo it (objects it created
  // are deleted, fields it added removed)
  const original = await buildManifest(cfg, current.manifest, ns, 'unable to build kubernetes objects from current release manifest: ');
  const objs = await buildManifest(cfg, target.manifest, ns, 'unable to build kubernetes objects from new release manifest: ');
  setOwnership(objs, o.name, ns);

  // a pending record of a dead process is what rollback recovers from
  if (isPending(current.info!.status)) {
    current.info!.status = 'failed';
    current.info!.description = `Recovered by rollback: ${current.info!.description}`;
    await cfg.storage.update(current);
  }
  await claimRevision(cfg, target);
  let created: KObject[] = [];
  try {
    await execHooks(cfg, target, 'pre-rollback', { timeoutMs, disabled: o.disableHooks });
    const res = await cfg.kube.updateResources(original, objs, { force: o.force, threeWay: true });
    created = res.created;
    if (o.recreatePods) {
      // Helm 3's recreate: delete the pods each updated object selects (changed or not) so controllers recreate
      // them; not critical for the rollback, so a failure is only reported
      try {
        await recreatePods(cfg, res.updated);
      } catch (e) {
        process.stderr.write(`WARNING: ${(e as Error).message}\n`);
      }
    }
    if (o.wait) await cfg.kube.waitForResources(objs, { timeoutMs, waitForJobs: o.waitForJobs });
    await execHooks(cfg, target, 'post-rollback', { timeoutMs, disabled: o.disableHooks });
  } catch (e) {
    const err = e as Error;
    if (o.cleanupOnFail && created.length) await cfg.kube.deleteResources(created).catch(() => undefined);
    release(target);
    target.info!.status = 'failed';
    target.info!.description = `Rollback "${o.name}" failed: ${err.message}`;
    current.info!.status = current.info!.status === 'deployed' ? 'superseded' : current.info!.status;
    await cfg.storage.update(current).catch(() => undefined);
    await cfg.storage.update(target).catch(() => undefined);
    throw new ReleaseError(err.message, target);
  }
  for (const r of await cfg.storage.deployedAll(o.name).catch(() => [] as Release[])) {
    r.info!.status = 'superseded';
    await cfg.storage.update(r);
  }
  if (current.info!.status === 'deployed') { current.info!.status = 'superseded'; await cfg.storage.update(current); }
  target.info!.status = 'deployed';
  release(target);
  await cfg.storage.update(target);
  return target;
}

/** kube.SelectorsForObject: the pod label selector of a workload, Job, Service or ReplicationController, as a
 *  selector string ("" for an empty one); null for other kinds. */
export function podSelector(o: KObject): string | null {
  const spec = (o as any).spec ?? {};
  if (o.kind === 'Service' || o.kind === 'ReplicationController') return spec.selector ? labelSetString(spec.selector) : null;
  if (!['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind) || !spec.selector) return null;
  return labelSelectorString(spec.selector);
}

async function recreatePods(cfg: Configuration, objs: KObject[]): Promise<void> {
  for (const u of objs) {
    // Helm lists with an empty selector too, deleting every pod of the namespace; an empty one is skipped here
    const sel = podSelector(u);
    if (!sel) continue;
    try {
      const pods = await cfg.kube.list('v1', 'Pod', { namespace: u.metadata.namespace, labelSelector: sel });
      for (const p of pods) await cfg.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace });
    } catch (e) {
      throw new Error(`unable to recreate pods for object ${u.metadata.namespace}/${u.metadata.name} because an error occurred: ${(e as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------- uninstall

export interface UninstallOptions {
  name: string;
  namespace?: string;
  keepHistory?: boolean;
  wait?: boolean;
  timeoutMs?: number;
  cascade?: 'background' | 'foreground' | 'orphan';
  ignoreNotFound?: boolean;
  dryRun?: boolean;
  disableHooks?: boolean;
  description?: string;
}

export async function uninstall(cfg: Configuration, o: UninstallOptions): Promise<{ release?: Release; info: string }> {
  validateReleaseName(o.name);
  const timeoutMs = o.timeoutMs ?? 300_000;
  let rels: Release[];
  try {
    rels = await cfg.storage.history(o.name);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) {
      if (o.ignoreNotFound) return { info: '' };
      throw new ReleaseError(`uninstall: Release not loaded: ${o.name}: release: not found`);
    }
    throw e;
  }
  rels.sort((a, b) => a.version - b.version);
  const rel = rels[rels.length - 1];
  if (o.dryRun) return { release: rel, info: '' };
  const st = rel.info!.status;
  if (st === 'uninstalled') {
    if (!o.keepHistory) {
      for (const r of rels) await cfg.storage.delete(r.name, r.version);
      return { release: rel, info: '' };
    }
    throw new ReleaseError(`the release named "${o.name}" is already deleted`);
  }
  rel.info!.status = 'uninstalling';
  rel.info!.deleted = now();
  rel.info!.description = 'Deletion in progress (or silently failed)';
  // Helm runs the pre-delete hooks before it stores the uninstalling record (a failed hook leaves it as it was)
  await execHooks(cfg, rel, 'pre-delete', { timeoutMs, disabled: o.disableHooks });
  await cfg.storage.update(rel).catch((e) => cfg.log?.(`uninstall: Failed to store updated release: ${(e as Error).message}`));
  const policy = o.cascade === 'foreground' ? 'Foreground' : o.cascade === 'orphan' ? 'Orphan' : 'Background';
  const del = await deleteRelease(cfg, rel, policy);
  if (del.errors.length) {
    // Helm only logs why; the release stays "uninstalling", nothing more is done (no post-delete hooks, no purge)
    const detail = `uninstall: Failed to delete release: [${del.errors.join(' ')}]`;
    cfg.log?.(detail);
    const err = new ReleaseError(`failed to delete release: ${o.name}`);
    (err as Error & { cause?: unknown }).cause = new Error(detail);
    throw err;
  }
  const info = del.kept ? `These resources were kept due to the resource policy:\n${del.kept}` : '';
  const errors: string[] = [];
  if (o.wait) {
    try {
      await cfg.kube.waitForDelete(del.deleted, timeoutMs);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  try {
    await execHooks(cfg, rel, 'post-delete', { timeoutMs, disabled: o.disableHooks });
  } catch (e) {
    errors.push((e as Error).message);
  }
  rel.info!.status = 'uninstalled';
  rel.info!.description = o.description || 'Uninstallation complete';
  if (!o.keepHistory) {
    try {
      for (const r of rels) await cfg.storage.delete(r.name, r.version);
    } catch (e) {
      errors.push(`uninstall: Failed to purge the release: ${(e as Error).message}`);
    }
  } else {
    await cfg.storage.update(rel).catch((e) => cfg.log?.(`uninstall: Failed to store updated release: ${(e as Error).message}`));
  }
  if (errors.length) throw new ReleaseError(`uninstallation completed with ${errors.length} error(s): ${errors.join('; ')}`, rel);
  return { release: rel, info };
}

/** Helm's Uninstall.deleteRelease: the (discovery-invalidated) cluster builds the release manifest's documents in
 *  uninstall order, less those kept by their resource policy, and deletes them. Any error (an unreadable record,
 *  a kind the cluster no longer serves, a failed delete) is returned, and then nothing after it is done: an
 *  unbuildable manifest deletes nothing. */
async function deleteRelease(cfg: Configuration, rel: Release, policy: string): Promise<{ deleted: KObject[]; kept: string; errors: string[] }> {
  const { splitManifests, sortManifests, UninstallOrder, goTrimSpace } = await import('../../render/manifests.js');
  cfg.kube.invalidateDiscovery?.();
  const files: Record<string, string> = {};
  splitManifests(rel.manifest).forEach((d, i) => (files[`manifest-${i}`] = d));
  let manifests;
  try {
    manifests = sortManifests(files, UninstallOrder).manifests;
  } catch (e) {
    return { deleted: [], kept: rel.manifest, errors: [`corrupted release record. You must manually delete the resources: ${(e as Error).message}`] };
  }
  // filterManifestsToKeep: "keep" (trimmed, any case) is kept; any other value of the annotation is neither kept
  // nor deleted
  let kept = '';
  let text = '';
  for (const m of manifests) {
    const ann = m.head.metadata?.annotations;
    if (!ann || Object.keys(ann).length === 0 || !Object.hasOwn(ann, 'helm.sh/resource-policy')) text += `\n---\n${m.content}`;
    else if (goTrimSpace(ann['helm.sh/resource-policy']).toLowerCase() === 'keep') kept += `[${m.head.kind}] ${m.head.metadata?.name ?? ''}\n`;
  }
  let objs: KObject[];
  try {
    objs = await cfg.kube.build(text, { namespace: rel.namespace, strict: true });
  } catch (e) {
    return { deleted: [], kept: '', errors: [`unable to build kubernetes objects for delete: ${(e as Error).message}`] };
  }
  if (objs.length) {
    try {
      await cfg.kube.deleteResources(objs, { propagationPolicy: policy });
    } catch (e) {
      return { deleted: objs, kept, errors: [(e as Error).message] };
    }
  }
  return { deleted: objs, kept, errors: [] };
}

// ---------------------------------------------------------------- queries

export async function history(cfg: Configuration, name: string, max = 256): Promise<Release[]> {
  validateReleaseName(name);
  let h: Release[];
  try {
    h = await cfg.storage.history(name);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) throw new ReleaseError('release: not found');
    throw e;
  }
  h.sort((a, b) => a.version - b.version);
  return max > 0 && h.length > max ? h.slice(h.length - max) : h;
}

export async function status(cfg: Configuration, name: string, version = 0): Promise<Release> {
  validateReleaseName(name);
  try {
    return version > 0 ? await cfg.storage.get(name, version) : await cfg.storage.last(name);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) throw new ReleaseError('release: not found');
    throw e;
  }
}

export interface ListOptions {
  allNamespaces?: boolean;
  all?: boolean;
  deployed?: boolean; failed?: boolean; pending?: boolean; superseded?: boolean; uninstalled?: boolean; uninstalling?: boolean;
  filter?: string;
  /** A label selector on the release records' labels (system and --labels ones), as `list -l`. */
  selector?: string;
  sortByDate?: boolean;
  reverse?: boolean;
  max?: number;
  offset?: number;
}

/** Helm's action.List (v3.13): filter by name, keep each release's latest revision (unless only superseded ones
 *  are asked for), apply the state mask and the selector, sort, then offset and limit. */
export async function list(cfg: Configuration, o: ListOptions): Promise<Release[]> {
  let re: RegExp | undefined;
  if (o.filter) {
    try { re = new RegExp(o.filter); } catch (e) { throw new ReleaseError(`invalid --filter regular expression ${JSON.stringify(o.filter)}: ${(e as Error).message}`); }
  }
  const { parseSelector, matchesSelector } = await import('../selector.js');
  let selector;
  try { selector = parseSelector(o.selector ?? ''); } catch (e) { throw new ReleaseError((e as Error).message); }
  const pending = ['pending-install', 'pending-upgrade', 'pending-rollback'];
  const want = new Set<string>();
  // ListAll leaves out ListUnknown
  if (o.all) ['deployed', 'uninstalled', 'uninstalling', ...pending, 'superseded', 'failed'].forEach((s) => want.add(s));
  else {
    if (o.deployed) want.add('deployed');
    if (o.uninstalled) want.add('uninstalled');
    if (o.uninstalling) want.add('uninstalling');
    if (o.pending) pending.forEach((s) => want.add(s));
    if (o.failed) want.add('failed');
    if (o.superseded) want.add('superseded');
    if (want.size === 0) { want.add('deployed'); want.add('failed'); }
  }
  let rels = await cfg.storage.listReleases();
  if (re) rels = rels.filter((r) => re!.test(r.name));
  // superseded revisions are never the latest: when they alone are asked for, every revision is a candidate
  const onlySuperseded = want.size === 1 && want.has('superseded');
  if (!onlySuperseded) {
    const latest = new Map<string, Release>();
    for (const r of rels) {
      const k = `${r.namespace}/${r.name}`;
      const c = latest.get(k);
      if (!c || r.version >= c.version) latest.set(k, r);
    }
    rels = [...latest.values()];
  }
  // no flag asks for "unknown" (nor for a status Helm does not know): those are never listed
  rels = rels.filter((r) => want.has(r.info?.status ?? ''));
  rels = rels.filter((r) => matchesSelector(selector, r.labels));
  // releaseutil.SortByName / SortByDate (LastDeployed.Unix(): whole seconds), reversed with --reverse
  const secs = (r: Release) => Math.floor(Date.parse(r.info?.last_deployed ?? '') / 1000) || 0;
  if (o.sortByDate) rels.sort((a, b) => secs(a) - secs(b));
  else rels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (o.reverse) rels.reverse();
  const off = Math.max(0, o.offset ?? 0);
  if (off >= rels.length) return [];
  const limit = o.max && o.max > 0 && o.max < rels.length ? o.max : rels.length;
  return rels.slice(off, Math.min(rels.length, off + limit));
}

/** helm test: run the release's test hooks. */
export async function releaseTest(cfg: Configuration, name: string, opts: { timeoutMs?: number; filter?: { name?: string[]; notName?: string[] } } = {}): Promise<Release> {
  const rel = await status(cfg, name);
  if (!rel.info || rel.info.status !== 'deployed') throw new ReleaseError(`release "${name}" is not deployed`);
  const keep = rel.hooks;
  if (opts.filter?.name?.length || opts.filter?.notName?.length) {
    rel.hooks = (rel.hooks ?? []).filter((h) => !h.events?.includes('test') ||
      ((!opts.filter!.name?.length || opts.filter!.name.includes(h.name ?? '')) && !opts.filter!.notName?.includes(h.name ?? '')));
  }
  let err: Error | undefined;
  try {
    await execHooks(cfg, rel, 'test', { timeoutMs: opts.timeoutMs ?? 300_000 });
  } catch (e) {
    err = e as Error;
  }
  if (keep && rel.hooks !== keep) {
    const byName = new Map(rel.hooks!.map((h) => [`${h.path}/${h.name}`, h]));
    rel.hooks = keep.map((h) => byName.get(`${h.path}/${h.name}`) ?? h);
  }
  await cfg.storage.update(rel);
  if (err) throw new ReleaseError(err.message, rel);
  return rel;
}
