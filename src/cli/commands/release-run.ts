// The release commands' work (imported lazily by release-cmds.ts).
import { CliError } from '../errors.js';
import { numberFlag } from '../flags.js';
import { parseDuration as goParseDuration } from '../../funcs/dates.js';
import { formatTable, parseOutputFormat, type OutputFormat } from '../output.js';
import type { Release } from '../../release/record.js';
import type { Configuration } from '../../release/actions/index.js';

const out = (s: string) => void process.stdout.write(s);

/** A duration flag (--timeout) as pflag reads it: Go's time.ParseDuration, so "5m0s", "300s", "1h30m" (a bare
 *  number has no unit and is refused, as in Helm). Milliseconds. */
export function parseDuration(s: string, flag = '--timeout'): number {
  try {
    return Number(goParseDuration(String(s))) / 1e6;
  } catch (e) {
    throw new CliError(`invalid argument "${s}" for "${flag}" flag: ${(e as Error).message}`);
  }
}

const opened: Array<{ close?: () => Promise<void> }> = [];

/** Close the kube clients' keep-alive connections so the process ends as soon as the command does. */
export async function closeClients(): Promise<void> {
  const cs = opened.splice(0);
  await Promise.all(cs.map((c) => c.close?.().catch(() => undefined)));
}

/** On a terminal (../progress.ts), --wait, hook Jobs and uninstall --wait show on stderr what is still pending. */
async function showWaits(kube: any): Promise<void> {
  const { StatusLine, progressEnabled } = await import('../progress.js');
  if (!progressEnabled()) return;
  const say = (status: InstanceType<typeof StatusLine>, msg: string) => status.set(msg.charAt(0).toUpperCase() + msg.slice(1));
  const waitForResources = kube.waitForResources.bind(kube);
  kube.waitForResources = async (objs: unknown[], o: { onPending?: (msg: string) => void }) => {
    const status = new StatusLine();
    try {
      return await waitForResources(objs, { ...o, onPending: (msg: string) => (o.onPending?.(msg), say(status, msg)) });
    } finally {
      status.done();
    }
  };
  const waitForDelete = kube.waitForDelete.bind(kube);
  kube.waitForDelete = async (objs: unknown[], timeoutMs: number, onPending?: (msg: string) => void) => {
    const status = new StatusLine();
    try {
      return await waitForDelete(objs, timeoutMs, (msg: string) => (onPending?.(msg), say(status, msg)));
    } finally {
      status.done();
    }
  };
}

export async function configuration(globals: Record<string, any>, namespaceOverride?: string): Promise<Configuration> {
  const { settingsNamespace } = await import('./template-run.js');
  const { newDriver, driverKindFromEnv, Storage } = await import('../../release/storage/index.js');
  const namespace = namespaceOverride ?? settingsNamespace(globals);
  const kind = driverKindFromEnv();
  let kube: any;
  try {
    const { newKubeClient, kubeOptionsFromFlags } = await import('../../kube/index.js');
    kube = await newKubeClient(kubeOptionsFromFlags(globals, namespace));
    opened.push(kube);
    await showWaits(kube);
  } catch (e) {
    if ((kind ?? '').toLowerCase() !== 'memory') {
      const msg = (e as Error).message;
      throw new CliError(msg.startsWith('Kubernetes cluster unreachable') ? msg : `Kubernetes cluster unreachable: ${msg}`);
    }
  }
  const storage = new Storage(newDriver(kind, kube, namespace));
  return { kube, storage, namespace };
}

export function wrapError(e: unknown, prefix = ''): never {
  if (e instanceof CliError) throw e;
  const msg = (e as Error)?.message ?? String(e);
  const err = new CliError(prefix + msg);
  // why, when the action says it (printed with --debug, as Helm's debug log would)
  if ((e as { cause?: unknown })?.cause !== undefined) (err as Error & { cause?: unknown }).cause = (e as { cause?: unknown }).cause;
  throw err;
}

function notFound(e: unknown, name: string): never {
  const msg = (e as Error)?.message ?? String(e);
  if (msg === 'release: not found') {
    throw new CliError(`release: not found (no release named "${name}" in this namespace; \`tshelm list -A\` shows the releases of every namespace)`);
  }
  return wrapError(e);
}

// ---------------------------------------------------------------- printing (Helm's cmd/helm/status.go)

function ansic(s: string): string {
  // Go formats the time in its own zone (the offset stored in the record)
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(s);
  if (!m) return '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${m[4]}:${m[5]}:${m[6]} ${m[1]}`;
}

async function releaseOutput(format: OutputFormat, r: Release): Promise<boolean> {
  if (format === 'table') return false;
  const { releaseToJson } = await import('../../release/record.js');
  const json = releaseToJson(r);
  if (format === 'json') out(json + '\n');
  else {
    const { toYaml } = await import('../../funcs/yaml.js');
    const { parseJson } = await import('../../funcs/json.js');
    out(toYaml(parseJson(json)) + '\n');
  }
  return true;
}

/** Helm's statusPrinter.WriteTable. chart: the release's chart as loaded (subcharts and all, after dependency
 *  processing) for --debug's COMPUTED VALUES (chartutil.CoalesceValues(rel.Chart, rel.Config)). */
export async function printRelease(r: Release, o: { debug?: boolean; showDescription?: boolean; showResources?: boolean; cfg?: Configuration; chart?: unknown } = {}): Promise<void> {
  const info = r.info!;
  let s = `NAME: ${r.name}\n`;
  if (info.last_deployed) s += `LAST DEPLOYED: ${ansic(info.last_deployed)}\n`;
  s += `NAMESPACE: ${r.namespace}\nSTATUS: ${info.status}\nREVISION: ${r.version}\n`;
  if (o.showDescription) s += `DESCRIPTION: ${info.description}\n`;
  if (o.showResources && o.cfg?.kube) {
    const { resourcesSection } = await import('./release-resources.js');
    s += await resourcesSection(o.cfg.kube, r);
  }
  // "TEST SUITE: None" only when the release has no test hook; those never run are not printed
  const tests = (r.hooks ?? []).filter((h) => h.events?.includes('test'));
  if (!tests.length) s += 'TEST SUITE: None\n';
  else {
    for (const h of tests) {
      if (!h.last_run?.started_at) continue;
      s += `TEST SUITE:     ${h.name}\nLast Started:   ${ansic(h.last_run.started_at)}\nLast Completed: ${ansic(h.last_run.completed_at)}\nPhase:          ${h.last_run.phase}\n`;
    }
  }
  if (o.debug) {
    const { toYaml } = await import('../../funcs/yaml.js');
    const { coalesceValues } = await import('../../render/chart-api.js');
    s += `USER-SUPPLIED VALUES:\n${toYaml(r.config)}\n\n`;
    let chart = o.chart as any;
    if (!chart) {
      const { Chart } = await import('../../chart/types.js');
      chart = new Chart();
      chart.metadata = (r.chart?.metadata ?? {}) as any;
      chart.values = (r.chart?.values ?? {}) as any;
    }
    s += `COMPUTED VALUES:\n${toYaml(coalesceValues(chart, (r.config ?? {}) as any))}\n\n`;
  }
  if (o.debug || info.description === 'Dry run complete') {
    s += 'HOOKS:\n';
    for (const h of r.hooks ?? []) s += `---\n# Source: ${h.path}\n${h.manifest}\n`;
    s += `MANIFEST:\n${r.manifest}\n`;
  }
  if (info.notes) s += `NOTES:\n${info.notes.trim()}\n`;
  out(s);
}

// ---------------------------------------------------------------- chart + values

async function loadChartFor(chartRef: string, opts: Record<string, any>, globals: Record<string, any>) {
  const { locateChartRef } = await import('./template-run.js');
  const { userValuesFrom } = await import('./template.js');
  const { loadChart } = await import('../../chart/load.js');
  const path = await locateChartRef(chartRef, opts, globals);
  let chart;
  try {
    chart = await loadChart(path);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (chart.metadata.deprecated) process.stderr.write('WARNING: This chart is deprecated\n');
  const values = (await userValuesFrom(opts)) as Record<string, unknown>;
  return { chart, values };
}

async function postRendererOf(opts: Record<string, any>) {
  const { postRendererFromFlags } = await import('./post-render.js');
  return postRendererFromFlags(opts, (path, e) => {
    throw new CliError(`invalid argument "${path}" for "--post-renderer" flag: ${e.message}`);
  });
}

function labelsOf(list: string[] | undefined): Record<string, string> | undefined {
  if (!list?.length) return undefined;
  const l: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i < 1) throw new CliError(`invalid argument "${kv}" for "--labels" flag: expected KEY=VALUE`);
    l[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return l;
}

function dryRunOf(v: unknown): boolean | 'client' | 'server' {
  if (v === undefined || v === false) return false;
  if (v === true || v === '' || v === 'true' || v === 'client') return 'client';
  if (v === 'server') return 'server';
  if (v === 'false' || v === 'none') return false;
  throw new CliError(`invalid dry-run flag value "${v}": must be client, server, true or false`);
}

// ---------------------------------------------------------------- commands

export async function runInstall(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length < 1) throw new CliError('"tshelm install" requires at least 1 argument\n\nUsage:  tshelm install [NAME] [CHART] [flags]');
  if (args.length > 2) throw new CliError(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  const actions = await import('../../release/actions/index.js');
  let name: string, chartRef: string;
  if (opts.generateName) {
    if (args.length !== 1) throw new CliError(`expected 1 argument (CHART) with --generate-name, got ${args.length}`);
    chartRef = args[0];
    name = '';
  } else {
    if (args.length !== 2) throw new CliError('must either provide a name or specify --generate-name');
    [name, chartRef] = args;
  }
  const format = parseOutputFormat(opts.output);
  const timeoutMs = parseDuration(opts.timeout ?? '5m0s');
  const { chart, values } = await loadChartFor(chartRef, opts, globals);
  if (!name) name = actions.generateName(chart.name());
  const cfg = await configuration(globals);
  try {
    const r = await actions.install(cfg, {
      name, chart, values, namespace: cfg.namespace, createNamespace: !!opts.createNamespace, dryRun: dryRunOf(opts.dryRun),
      wait: !!opts.wait, waitForJobs: !!opts.waitForJobs, timeoutMs, atomic: !!opts.atomic, replace: !!opts.replace,
      description: opts.description, disableHooks: opts.hooks === false || !!opts.disableHooks, skipCrds: !!opts.skipCrds,
      subNotes: !!opts.renderSubchartNotes, postRenderer: await postRendererOf(opts), takeOwnership: !!opts.takeOwnership, labels: labelsOf(opts.labels),
    });
    if (!(await releaseOutput(format, r))) await printRelease(r, { debug: !!globals.debug, chart });
  } catch (e) {
    wrapError(e, 'INSTALLATION FAILED: ');
  }
}

export async function runUpgrade(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length !== 2) throw new CliError('"tshelm upgrade" requires 2 arguments\n\nUsage:  tshelm upgrade [RELEASE] [CHART] [flags]');
  const [name, chartRef] = args;
  const actions = await import('../../release/actions/index.js');
  const format = parseOutputFormat(opts.output);
  const timeoutMs = parseDuration(opts.timeout ?? '5m0s');
  const cfg = await configuration(globals);
  const { chart, values } = await loadChartFor(chartRef, opts, globals);
  if (opts.install) {
    // no release, or one uninstalled with its history kept: install (replacing it, as Helm 3.15+ does)
    let exists = true;
    let uninstalled = false;
    try {
      const h = await cfg.storage.history(name);
      uninstalled = h.reduce((a, b) => (b.version > a.version ? b : a)).info?.status === 'uninstalled';
    } catch { exists = false; }
    if (!exists || uninstalled) {
      if (format === 'table') out(`Release "${name}" does not exist. Installing it now.\n`);
      try {
        const r = await actions.install(cfg, {
          name, chart, values, namespace: cfg.namespace, createNamespace: !!opts.createNamespace, dryRun: dryRunOf(opts.dryRun),
          wait: !!opts.wait, waitForJobs: !!opts.waitForJobs, timeoutMs, atomic: !!opts.atomic, description: opts.description, replace: uninstalled,
          disableHooks: opts.hooks === false || !!opts.disableHooks, skipCrds: !!opts.skipCrds, subNotes: !!opts.renderSubchartNotes,
          postRenderer: await postRendererOf(opts), takeOwnership: !!opts.takeOwnership, labels: labelsOf(opts.labels),
        });
        if (!(await releaseOutput(format, r))) await printRelease(r, { debug: !!globals.debug, chart });
        return;
      } catch (e) {
        wrapError(e, 'INSTALLATION FAILED: ');
      }
    }
  }
  try {
    const r = await actions.upgrade(cfg, {
      name, chart, values, namespace: cfg.namespace, dryRun: dryRunOf(opts.dryRun), wait: !!opts.wait, waitForJobs: !!opts.waitForJobs, timeoutMs,
      atomic: !!opts.atomic, description: opts.description, disableHooks: opts.hooks === false || !!opts.disableHooks, subNotes: !!opts.renderSubchartNotes,
      postRenderer: await postRendererOf(opts), takeOwnership: !!opts.takeOwnership, labels: labelsOf(opts.labels),
      reuseValues: !!opts.reuseValues, resetValues: !!opts.resetValues, resetThenReuseValues: !!opts.resetThenReuseValues,
      cleanupOnFail: !!opts.cleanupOnFail, force: !!opts.force, maxHistory: numberFlag(opts.historyMax ?? 10, '--history-max'), recover: !!opts.recover,
    });
    if (format === 'table') out(`Release "${name}" has been upgraded. Happy Helming!\n`);
    if (!(await releaseOutput(format, r))) await printRelease(r, { debug: !!globals.debug, chart });
  } catch (e) {
    wrapError(e, 'UPGRADE FAILED: ');
  }
}

export async function runRollback(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length < 1) throw new CliError('"tshelm rollback" requires at least 1 argument\n\nUsage:  tshelm rollback <RELEASE> [REVISION] [flags]');
  if (args.length > 2) throw new CliError(`expected at most two arguments (RELEASE [REVISION]), unexpected arguments: ${args.slice(2).join(', ')}`);
  const [name, rev] = args;
  let version = 0;
  if (rev !== undefined) {
    if (!/^\d+$/.test(rev)) throw new CliError(`invalid revision "${rev}": must be a number`);
    version = Number(rev);
  }
  const actions = await import('../../release/actions/index.js');
  const cfg = await configuration(globals);
  try {
    await actions.rollback(cfg, {
      name, version, wait: !!opts.wait, waitForJobs: !!opts.waitForJobs, timeoutMs: parseDuration(opts.timeout ?? '5m0s'),
      cleanupOnFail: !!opts.cleanupOnFail, force: !!opts.force, recreatePods: !!opts.recreatePods, disableHooks: opts.hooks === false,
      maxHistory: numberFlag(opts.historyMax ?? 10, '--history-max'), dryRun: !!opts.dryRun,
    });
  } catch (e) {
    notFound(e, name);
  }
  out('Rollback was a success! Happy Helming!\n');
}

export async function runUninstall(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length < 1) throw new CliError('"tshelm uninstall" requires at least 1 argument\n\nUsage:  tshelm uninstall RELEASE_NAME [...] [flags]');
  const actions = await import('../../release/actions/index.js');
  const cascade = String(opts.cascade ?? 'background');
  if (!['background', 'foreground', 'orphan'].includes(cascade)) throw new CliError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
  const cfg = await configuration(globals);
  for (const name of args) {
    try {
      const res = await actions.uninstall(cfg, {
        name, keepHistory: !!opts.keepHistory, wait: !!opts.wait, timeoutMs: parseDuration(opts.timeout ?? '5m0s'), cascade: cascade as any,
        ignoreNotFound: !!opts.ignoreNotFound, dryRun: !!opts.dryRun, disableHooks: opts.hooks === false, description: opts.description,
      });
      if (res.info) out(res.info + '\n');
      out(`release "${name}" uninstalled\n`);
    } catch (e) {
      const msg = (e as Error).message;
      if (msg.endsWith('release: not found')) throw new CliError(`${msg} (\`tshelm list -A\` shows the releases of every namespace)`);
      wrapError(e);
    }
  }
}

export async function runHistory(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length !== 1) throw new CliError('"tshelm history" requires 1 argument\n\nUsage:  tshelm history RELEASE_NAME [flags]');
  const format = parseOutputFormat(opts.output);
  const max = numberFlag(opts.max ?? 256, '--max');
  const actions = await import('../../release/actions/index.js');
  const cfg = await configuration(globals);
  let h: Release[] = [];
  try {
    h = await actions.history(cfg, args[0], max);
  } catch (e) {
    notFound(e, args[0]);
  }
  const rows = h.map((r) => ({
    revision: r.version, updated: r.info?.last_deployed ?? '', status: r.info?.status ?? '',
    chart: `${r.chart?.metadata?.name ?? ''}-${r.chart?.metadata?.version ?? ''}`, app_version: r.chart?.metadata?.appVersion ?? '', description: r.info?.description ?? '',
  }));
  if (format === 'table') {
    out(formatTable([['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION'],
      ...rows.map((x) => [x.revision, ansic(x.updated), x.status, x.chart, x.app_version, x.description])]));
    return;
  }
  const { quoteJsonString } = await import('../../funcs/json.js');
  if (format === 'json') {
    out('[' + rows.map((x) => `{"revision":${x.revision},"updated":${quoteJsonString(x.updated)},"status":${quoteJsonString(x.status)},"chart":${quoteJsonString(x.chart)},"app_version":${quoteJsonString(x.app_version)},"description":${quoteJsonString(x.description)}}`).join(',') + ']\n');
  } else {
    const { toYaml } = await import('../../funcs/yaml.js');
    const { GoInt } = await import('../../template/types.js');
    out(toYaml(rows.map((x) => ({ ...x, revision: new (GoInt as any)(BigInt(x.revision), 'int') }))) + '\n');
  }
}

export async function runStatus(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length !== 1) throw new CliError('"tshelm status" requires 1 argument\n\nUsage:  tshelm status RELEASE_NAME [flags]');
  const format = parseOutputFormat(opts.output);
  const revision = numberFlag(opts.revision ?? 0, '--revision');
  const actions = await import('../../release/actions/index.js');
  const cfg = await configuration(globals);
  let r!: Release;
  try {
    r = await actions.status(cfg, args[0], revision);
  } catch (e) {
    notFound(e, args[0]);
  }
  // Helm 3.13: the chart is stripped from what is printed; -o json|yaml with --show-resources carries the live
  // objects in info.resources; the status printer never prints the --debug sections
  if (format !== 'table') {
    if (opts.showResources && cfg.kube) {
      const { statusResources } = await import('./release-resources.js');
      let resources: Record<string, unknown[]>;
      try {
        resources = await statusResources(cfg.kube, r);
      } catch (e) {
        return wrapError(e);
      }
      if (Object.keys(resources).length) r.info = { ...r.info!, resources };
    }
    r.chart = null;
    await releaseOutput(format, r);
    return;
  }
  r.chart = null;
  await printRelease(r, { showDescription: !!opts.showDesc, showResources: !!opts.showResources, cfg });
}

export async function runGet(what: string, args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length !== 1) throw new CliError(`"tshelm get ${what}" requires 1 argument\n\nUsage:  tshelm get ${what} RELEASE_NAME [flags]`);
  const revision = numberFlag(opts.revision ?? 0, '--revision');
  if (what === 'values' || what === 'metadata') parseOutputFormat(opts.output);
  const actions = await import('../../release/actions/index.js');
  const { toYaml } = await import('../../funcs/yaml.js');
  const cfg = await configuration(globals);
  let r!: Release;
  try {
    r = await actions.status(cfg, args[0], revision);
  } catch (e) {
    notFound(e, args[0]);
  }
  const computed = async () => {
    const { coalesceValues } = await import('../../render/chart-api.js');
    const { Chart } = await import('../../chart/types.js');
    const c = new Chart();
    c.metadata = (r.chart?.metadata ?? {}) as any;
    c.values = (r.chart?.values ?? {}) as any;
    return coalesceValues(c as any, structuredClone((r.config ?? {}) as any));
  };
  switch (what) {
    case 'values': {
      const format = parseOutputFormat(opts.output);
      const vals = opts.all ? await computed() : r.config;
      if (format === 'json') { const { marshalJson } = await import('../../funcs/json.js'); out(marshalJson(vals) + '\n'); }
      else if (format === 'yaml') out(toYaml(vals) + '\n');
      else out(`${opts.all ? 'COMPUTED VALUES' : 'USER-SUPPLIED VALUES'}:\n${toYaml(vals)}\n`);
      return;
    }
    case 'manifest': out(r.manifest + '\n'); return;
    case 'notes': if (r.info?.notes) out(`NOTES:\n${r.info.notes}\n`); return;
    case 'hooks': for (const h of r.hooks ?? []) out(`---\n# Source: ${h.path}\n${h.manifest}\n`); return;
    case 'metadata': {
      const format = parseOutputFormat(opts.output);
      const md = { name: r.name, chart: r.chart?.metadata?.name ?? '', version: r.chart?.metadata?.version ?? '', appVersion: r.chart?.metadata?.appVersion ?? '',
        namespace: r.namespace, revision: r.version, status: r.info?.status ?? '', deployedAt: await rfc3339(r.info?.last_deployed) };
      if (format === 'table') {
        out(`NAME: ${md.name}\nCHART: ${md.chart}\nVERSION: ${md.version}\nAPP_VERSION: ${md.appVersion}\nNAMESPACE: ${md.namespace}\nREVISION: ${md.revision}\nSTATUS: ${md.status}\nDEPLOYED_AT: ${md.deployedAt}\n`);
      } else if (format === 'json') {
        const { quoteJsonString: q } = await import('../../funcs/json.js');
        out(`{"name":${q(md.name)},"chart":${q(md.chart)},"version":${q(md.version)},"appVersion":${q(md.appVersion)},"namespace":${q(md.namespace)},"revision":${md.revision},"status":${q(md.status)},"deployedAt":${q(md.deployedAt)}}\n`);
      } else {
        const { GoInt } = await import('../../template/types.js');
        out(toYaml({ ...md, revision: new (GoInt as any)(BigInt(md.revision), 'int') }) + '\n');
      }
      return;
    }
    case 'all': {
      if (opts.template !== undefined && opts.template !== '') {
        // Helm's tpl(): text/template over {"Release": *release.Release}, the Go field names of the record
        const { Template } = await import('../../template/index.js');
        let text: string;
        try {
          text = new Template('_').parse(String(opts.template)).execute({ Release: goRelease(r) });
        } catch (e) {
          throw new CliError((e as Error).message);
        }
        out(text);
        return;
      }
      let s = '';
      await printRelease(r, { debug: false });
      s += `USER-SUPPLIED VALUES:\n${toYaml(r.config)}\n\nCOMPUTED VALUES:\n${toYaml(await computed())}\n\nHOOKS:\n`;
      for (const h of r.hooks ?? []) s += `---\n# Source: ${h.path}\n${h.manifest}\n`;
      s += `MANIFEST:\n${r.manifest}\n\n`;
      out(s);
      return;
    }
  }
}

/** The release record with the Go struct's field names (release.Release, chart.Chart, chart.Metadata, release.Hook)
 *  for `get all --template`; values (Config, Chart.Values) stay maps. */
function goRelease(r: Release): Record<string, unknown> {
  const goName = (k: string) => (k === 'apiVersion' ? 'APIVersion' : k.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''));
  const conv = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(conv);
    if (!v || typeof v !== 'object') return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[goName(k)] = conv(x);
    return o;
  };
  const g = conv(r) as Record<string, any>;
  g.Config = r.config;
  if (g.Chart && r.chart) g.Chart.Values = r.chart.values;
  return g;
}

/** A --max / --offset value, as cobra's IntVar parses it. */

/** A record's time (Go's RFC3339Nano text; "" the zero time) as Go's time.Time, in the zone it was written with;
 *  null when unreadable. */
async function recordTime(s: string | undefined) {
  const { parseTime, localLocation, UTC } = await import('../../funcs/dates.js');
  try {
    return parseTime('2006-01-02T15:04:05.999999999Z07:00', s || '0001-01-01T00:00:00Z', UTC, localLocation());
  } catch {
    return null;
  }
}

/** LastDeployed.Format(time.RFC3339): whole seconds, Z or the stored offset. */
async function rfc3339(lastDeployed: string | undefined): Promise<string> {
  return (await recordTime(lastDeployed))?.format('2006-01-02T15:04:05Z07:00') ?? lastDeployed ?? '';
}

/** The UPDATED column: Go's Time.String() of LAST DEPLOYED, or Time.Format(--time-format); "-" when unset. */
async function listTime(lastDeployed: string | undefined, timeFormat: string | undefined): Promise<string> {
  if (!lastDeployed || lastDeployed.startsWith('0001-01-01T00:00:00')) return '-';
  const t = await recordTime(lastDeployed);
  if (!t) return lastDeployed;
  return timeFormat ? t.format(timeFormat) : t.toString();
}

export async function runList(opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  const format = parseOutputFormat(opts.output);
  const max = numberFlag(opts.max ?? 256, '-m, --max');
  const offset = numberFlag(opts.offset ?? 0, '--offset');
  const actions = await import('../../release/actions/index.js');
  const cfg = await configuration(globals, opts.allNamespaces ? '' : undefined);
  let rels: Release[] = [];
  try {
    rels = await actions.list(cfg, {
      allNamespaces: !!opts.allNamespaces, all: !!opts.all, deployed: !!opts.deployed, failed: !!opts.failed, pending: !!opts.pending,
      superseded: !!opts.superseded, uninstalled: !!opts.uninstalled, uninstalling: !!opts.uninstalling, filter: opts.filter,
      selector: opts.selector, sortByDate: !!opts.date, reverse: !!opts.reverse, max, offset,
    });
  } catch (e) {
    wrapError(e);
  }
  if (opts.short) {
    // Helm prints only the names: one a line, or a JSON / YAML list of strings
    const names = rels.map((r) => r.name);
    if (format === 'table') for (const n of names) out(n + '\n');
    else if (format === 'json') { const { marshalJson } = await import('../../funcs/json.js'); out(marshalJson(names) + '\n'); }
    else { const { toYaml } = await import('../../funcs/yaml.js'); out(names.length ? toYaml(names) + '\n' : '[]\n'); }
    return;
  }
  const rows: Array<Record<string, string>> = [];
  for (const r of rels) {
    const md = r.chart?.metadata;
    rows.push({
      name: r.name, namespace: r.namespace, revision: String(r.version), updated: await listTime(r.info?.last_deployed, opts.timeFormat),
      status: r.info?.status ?? '', chart: md ? `${md.name ?? ''}-${md.version ?? ''}` : 'MISSING', app_version: md ? md.appVersion ?? '' : 'MISSING',
    });
  }
  if (format === 'table') {
    const header = opts.headers === false || opts.noHeaders ? [] : [['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']];
    out(formatTable([...header, ...rows.map((r) => [r.name, r.namespace, r.revision, r.updated, r.status, r.chart, r.app_version])]));
    return;
  }
  const { quoteJsonString: q } = await import('../../funcs/json.js');
  if (format === 'json') {
    out('[' + rows.map((r) => `{"name":${q(r.name)},"namespace":${q(r.namespace)},"revision":${q(r.revision)},"updated":${q(r.updated)},"status":${q(r.status)},"chart":${q(r.chart)},"app_version":${q(r.app_version)}}`).join(',') + ']\n');
  } else {
    // sigs.k8s.io/yaml marshals through JSON: the keys come out sorted
    const { toYaml } = await import('../../funcs/yaml.js');
    const sorted = rows.map((r) => Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]])));
    out(sorted.length ? toYaml(sorted) + '\n' : '[]\n');
  }
}

export async function runTest(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  if (args.length !== 1) throw new CliError('"tshelm test" requires 1 argument\n\nUsage:  tshelm test [RELEASE] [flags]');
  const actions = await import('../../release/actions/index.js');
  const cfg = await configuration(globals);
  const filter = { name: [] as string[], notName: [] as string[] };
  for (const f of opts.filter ?? []) {
    const m = /^(!?)name=(.*)$/.exec(f);
    if (!m) continue;
    (m[1] ? filter.notName : filter.name).push(m[2]);
  }
  let r!: Release;
  let err: unknown;
  try {
    r = await actions.releaseTest(cfg, args[0], { timeoutMs: parseDuration(opts.timeout ?? '5m0s'), filter });
  } catch (e) {
    err = e;
    r = (e as any).release;
    if (!r) notFound(e, args[0]);
  }
  await printRelease(r, { debug: !!globals.debug });
  if (opts.logs) {
    // Helm's GetPodLogs: each test hook (by weight, --filter applied) as "POD LOGS: NAME", after an empty line
    out('\n');
    const { hooksByWeight } = await import('../../release/actions/index.js');
    for (const h of hooksByWeight(r.hooks ?? [])) {
      const name = h.name ?? '';
      if (!h.events?.includes('test') || filter.notName.includes(name) || (filter.name.length && !filter.name.includes(name))) continue;
      let logs: string;
      try {
        logs = await cfg.kube.podLogs!(r.namespace, name);
      } catch (e) {
        throw new CliError(`unable to get pod logs for ${name}: ${(e as Error).message}`);
      }
      out(`POD LOGS: ${name}\n${logs}\n`);
    }
  }
  if (err) wrapError(err);
}
