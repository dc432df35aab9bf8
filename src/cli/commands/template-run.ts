// The work of `tshelm template` (Helm v3.13.3 cmd/helm/template.go + install.go's runInstall and
// action.Install.Run in client-only dry-run mode). Loaded lazily by ./template.ts.

import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve, basename, join } from 'node:path';
import { homedir } from 'node:os';
import { CliError } from '../errors.js';
import { Template } from '../../template/index.js';
import { funcMap } from '../../funcs/index.js';
import { parseYaml } from '../../funcs/yaml.js';
import { type GoMap } from '../../template/types.js';
import { parseKubeVersion, type KubeVersion } from '../../render/capabilities.js';
import { prepareRender } from '../../render/render.js';
import { renderResources, writeToFile, RenderResourcesError, type PostRenderer } from '../../render/action.js';
import { splitManifests, goTrimSpace, type Hook } from '../../render/manifests.js';
import { quote } from '../../template/fmt.js';
import * as chartApi from '../../render/chart-api.js';
import { filepathMatch } from '../../chart/ignore.js';

const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** chartutil.ValidateReleaseName */
export function validateReleaseName(name: string): void {
  if (name === '') throw new Error('no name provided');
  if (Buffer.byteLength(name) > 53 || !VALID_NAME.test(name)) {
    throw new Error(`invalid release name, must match regex ${VALID_NAME.source} and the length must not be longer than 53`);
  }
}

/** action.TemplateName: render --name-template with sprig's functions and nil data. */
export function templateName(nameTemplate: string): string {
  if (nameTemplate === '') return '';
  const t = new Template('name-template').funcs(funcMap()).parse(nameTemplate);
  return t.execute(null);
}

/** Install.NameAndChart with `helm template`'s preset release name. */
export function nameAndChart(args: string[], o: { generateName?: boolean; nameTemplate?: string; releaseName: string }): [string, string] {
  const flagsNotSet = () => {
    if (o.generateName) throw new Error('cannot set --generate-name and also specify a name');
    if (o.nameTemplate) throw new Error('cannot set --name-template and also specify a name');
  };
  if (args.length > 2) throw new Error(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  if (args.length === 2) {
    flagsNotSet();
    return [args[0], args[1]];
  }
  if (o.nameTemplate) return [templateName(o.nameTemplate), args[0]];
  if (o.releaseName !== '') return [o.releaseName, args[0]];
  if (!o.generateName) throw new Error('must either provide a name or specify --generate-name');
  let base = basename(args[0]);
  if (base === '.' || base === '') base = 'chart';
  const dot = base.indexOf('.');
  if (dot !== -1) base = base.slice(0, dot);
  return [`${base}-${Math.floor(Date.now() / 1000)}`, args[0]];
}

/** ChartPathOptions.LocateChart for local paths (repository references are resolved by the repo layer). */
export function locateChart(name: string): string {
  name = name.trim();
  if (existsSync(name)) return resolve(name);
  if (isAbsolute(name) || name.startsWith('.')) throw new Error(`path ${quote(name)} not found`);
  if (!name.includes('/')) throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
  throw new Error(`repo ${name.split('/')[0]} not found`);
}

/** LocateChart for any reference: a local directory or archive, else (NAME/CHART, a URL, oci://, --repo) the
 *  repo layer's `locateChart(name, options, globals) → Promise<path>` (src/repo/chartref.ts) when present. */
export async function locateChartRef(name: string, opts: Record<string, any>, globals: Record<string, any>): Promise<string> {
  const trimmed = name.trim();
  if (!opts.repo && existsSync(trimmed)) return resolve(trimmed);
  const repoModule = '../../repo/chartref.js';
  let repoLocate: ((n: string, o: Record<string, any>, g: Record<string, any>) => Promise<string>) | undefined;
  try {
    const m = await import(repoModule);
    if (typeof m.locateChart === 'function') repoLocate = m.locateChart;
  } catch {
    /* the repo layer is not in this build */
  }
  if (repoLocate) {
    // on a terminal, the chart's download shows on stderr with its size (../progress.ts)
    const { StatusLine, formatTransfer } = await import('../progress.js');
    const status = new StatusLine();
    const onProgress = (got: number, total?: number) => status.set(`Downloading ${trimmed}: ${formatTransfer(got, total, true)}`);
    try {
      return await repoLocate(trimmed, { ...opts, onProgress }, globals);
    } catch (e) {
      throw new CliError((e as Error).message);
    } finally {
      status.done();
    }
  }
  if (opts.repo || /^(oci|https?):\/\//.test(trimmed)) {
    throw new CliError(`cannot fetch ${JSON.stringify(trimmed)}${opts.repo ? ` from ${opts.repo}` : ''}: chart repositories are not available in this build of tshelm (use a local chart directory or .tgz)`);
  }
  try {
    return locateChart(trimmed);
  } catch (e) {
    const repoName = trimmed.includes('/') && !trimmed.startsWith('.') && !trimmed.startsWith('/') ? trimmed.split('/')[0] : '';
    if (repoName && repoKnown(repoName, globals)) {
      throw new CliError(`cannot fetch ${JSON.stringify(trimmed)} from the repository ${JSON.stringify(repoName)}: chart repositories are not available in this build of tshelm (use a local chart directory or .tgz)`);
    }
    throw new CliError((e as Error).message);
  }
}

/** Whether repositories.yaml (--repository-config / HELM_REPOSITORY_CONFIG) names this repository. */
function repoKnown(name: string, globals: Record<string, any>): boolean {
  try {
    const cfg = globals.repositoryConfig ?? process.env.TSHELM_REPOSITORY_CONFIG ?? process.env.HELM_REPOSITORY_CONFIG ?? join(configHomeDir(), 'repositories.yaml');
    const doc = parseYaml(readFileSync(cfg, 'utf8')) as any;
    return Array.isArray(doc?.repositories) && doc.repositories.some((r: any) => r?.name === name);
  } catch {
    return false;
  }
}

function configHomeDir(): string {
  const env = process.env;
  return env.TSHELM_CONFIG_HOME ?? env.HELM_CONFIG_HOME ?? join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'tshelm');
}

/** EnvSettings.Namespace(): --namespace / HELM_NAMESPACE, else the kubeconfig context's namespace, else default. */
export function settingsNamespace(globals: Record<string, any>): string {
  const flag = globals.namespace ?? process.env.HELM_NAMESPACE;
  if (flag) return flag;
  try {
    const files = (process.env.KUBECONFIG ?? join(homedir(), '.kube', 'config')).split(':').filter(Boolean);
    let current: string | undefined = globals.kubeContext;
    const contexts: Record<string, any> = {};
    for (const f of files) {
      if (!existsSync(f)) continue;
      const cfg = parseYaml(readFileSync(f, 'utf8')) as any;
      if (!current && typeof cfg?.['current-context'] === 'string' && cfg['current-context']) current = cfg['current-context'];
      for (const c of cfg?.contexts ?? []) if (c?.name && !(c.name in contexts)) contexts[c.name] = c.context ?? {};
    }
    const ns = current ? contexts[current]?.namespace : undefined;
    if (typeof ns === 'string' && ns !== '') return ns;
  } catch {
    /* an unreadable kubeconfig leaves the default */
  }
  return 'default';
}

function isTestHook(h: Hook): boolean {
  return h.events.includes('test');
}

/** Helm's --show-only test: filepath.Match with its error ignored (a bad pattern matches nothing). */
function showOnlyMatch(pattern: string, name: string): boolean {
  try {
    return filepathMatch(pattern, name);
  } catch {
    return false;
  }
}

export async function runTemplateCommand(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  const debug = !!globals.debug;
  const out = (s: string) => process.stdout.write(s);
  if (args.length < 1) {
    throw new CliError(`"tshelm template" requires at least 1 argument\n\nUsage:  tshelm template [NAME] [CHART] [flags]`);
  }
  // pflag's DurationVar: a bad --timeout fails the parse even though template waits for nothing
  const { parseDuration } = await import('./release-run.js');
  parseDuration(opts.timeout ?? '5m0s');

  // Helm's --validate (ClientOnly off): the cluster's capabilities instead of --kube-version/--api-versions, then
  // the manifest built against its API (unknown kinds refused) and checked for objects owned elsewhere.
  const cluster = opts.validate ? await clusterForValidate(globals) : undefined;

  let kubeVersion: KubeVersion | undefined;
  if (opts.kubeVersion !== undefined && opts.kubeVersion !== '') {
    try {
      kubeVersion = parseKubeVersion(opts.kubeVersion);
    } catch (e) {
      throw new CliError(`invalid kube version '${opts.kubeVersion}': ${(e as Error).message}`);
    }
  }

  const { postRendererFromFlags } = await import('./post-render.js');
  const postRenderer: PostRenderer | undefined = await postRendererFromFlags(opts, (path, e) => {
    throw new CliError(`invalid argument ${quote(path)} for "--post-renderer" flag: ${e.message}`);
  });

  const [releaseName, chartRef] = nameAndChart(args, { generateName: opts.generateName, nameTemplate: opts.nameTemplate, releaseName: 'release-name' });
  const chartPath = await locateChartRef(chartRef, opts, globals);

  const { userValuesFrom } = await import('./template.js');
  const userValues: GoMap = (await userValuesFrom(opts)) as GoMap;

  let chart = await chartApi.loadChart(chartPath);
  const md = chartApi.chartMetadata(chart);
  const type = String(md.type ?? '');
  if (type !== '' && type !== 'application') throw new CliError(`${type} charts are not installable`);
  if (md.deprecated === true) process.stderr.write('WARNING: This chart is deprecated\n');
  const reqs = chart.metadata.dependencies;
  if (reqs) {
    const { checkDependencies } = await import('../../chart/package.js');
    try {
      checkDependencies(chart, reqs);
    } catch (e) {
      const msg = `An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: ${(e as Error).message}`;
      if (!opts.dependencyUpdate) throw new CliError(msg);
      const { DependencyManager } = await import('../../chart/dependency-manager.js');
      const { repoFetcher } = await import('./dependency.js');
      const man = new DependencyManager({ chartPath, out: (s) => process.stdout.write(s), debug, repos: await repoFetcher(globals) });
      try {
        await man.update();
      } catch (e2) {
        throw new CliError((e2 as Error).message);
      }
      try {
        chart = await chartApi.loadChart(chartPath);
      } catch (e3) {
        throw new CliError(`failed reloading chart after repo update: ${(e3 as Error).message}`);
      }
    }
  }

  const namespace = settingsNamespace(globals);

  validateReleaseNameWrapped(releaseName);

  const { top, engine, view, caps } = prepareRender(chart, {
    releaseName,
    namespace,
    values: userValues,
    isUpgrade: !!opts.isUpgrade,
    kubeVersion,
    apiVersions: opts.apiVersions ?? [],
    capabilities: cluster?.caps,
    // lookup reaches the cluster only with --dry-run=server, as Helm's interactWithRemote
    lookup: cluster && opts.dryRun === 'server' ? ((api: string, kind: string, ns: string, name: string) => cluster.kube.lookup(api, kind, ns, name)) as any : undefined,
    enableDNS: !!opts.enableDns,
  });

  let manifest = '';
  let hooks: Hook[] = [];
  let err: Error | undefined;
  try {
    const r = renderResources(view, String(md.kubeVersion ?? ''), top, caps, engine, {
      releaseName,
      outputDir: opts.outputDir,
      subNotes: !!opts.renderSubchartNotes,
      useReleaseName: !!opts.releaseName,
      includeCrds: !!opts.includeCrds,
      postRenderer,
      out,
      log: debug ? (m) => process.stderr.write(m + '\n') : undefined,
    });
    manifest = r.manifest;
    hooks = r.hooks;
  } catch (e) {
    if (!(e instanceof RenderResourcesError)) throw e;
    if (!debug) throw new CliError(`${e.message}\n\nUse --debug flag to render out invalid YAML`);
    manifest = e.partial.manifest;
    hooks = e.partial.hooks;
    err = e;
  }

  if (cluster && !err) {
    try {
      await validateAgainstCluster(cluster.kube, manifest, releaseName, namespace, !!opts.isUpgrade);
    } finally {
      await cluster.kube.close?.().catch(() => undefined);
    }
  }

  let manifests = goTrimSpace(manifest) + '\n';
  if (opts.hooks !== false) {
    for (const h of hooks) {
      if (opts.skipTests && isTestHook(h)) continue;
      if (!opts.outputDir) manifests += `---\n# Source: ${h.path}\n${h.manifest}\n`;
      else {
        const newDir = opts.releaseName ? join(opts.outputDir, releaseName) : opts.outputDir;
        const exists = existsSync(join(newDir, h.path));
        writeToFile(newDir, h.path, h.manifest, exists, out);
      }
    }
  }

  const showFiles: string[] = opts.showOnly ?? [];
  if (showFiles.length > 0) {
    const docs = splitManifests(manifests);
    const re = /# Source: [^/]+\/(.+)/;
    const toRender: string[] = [];
    for (const f0 of showFiles) {
      const f = f0; // filepath.ToSlash is the identity on '/'-separated systems
      let missing = true;
      for (const doc of docs) {
        const m = re.exec(doc);
        if (!m) continue;
        if (!showOnlyMatch(f, m[1])) continue;
        toRender.push(doc);
        missing = false;
      }
      if (missing) throw new CliError(`could not find template ${f} in chart`);
    }
    for (const m of toRender) out(`---\n${m}\n`);
  } else out(manifests);

  if (err) throw new CliError(err.message);
}

/** The kube client and the cluster's capabilities (Helm's getCapabilities: server version, served API versions). */
async function clusterForValidate(globals: Record<string, any>): Promise<{ kube: any; caps: any }> {
  const { newKubeClient, kubeOptionsFromFlags } = await import('../../kube/index.js');
  const { clusterCapabilities } = await import('../../render/capabilities.js');
  let kube: any;
  try {
    kube = await newKubeClient(kubeOptionsFromFlags(globals, settingsNamespace(globals)));
    const v = await kube.serverVersion();
    if (!v) throw new Error('the server did not answer /version');
    const caps = clusterCapabilities(v, await kube.apiVersions());
    return { kube, caps };
  } catch (e) {
    await kube?.close?.().catch(() => undefined);
    const msg = (e as Error).message;
    throw new CliError(msg.startsWith('Kubernetes cluster unreachable') ? msg : `Kubernetes cluster unreachable: ${msg}`);
  }
}

/** Install's KubeClient.Build and existingResourceConflict as `helm template --validate` runs them. */
async function validateAgainstCluster(kube: any, manifest: string, releaseName: string, namespace: string, isUpgrade: boolean): Promise<void> {
  const { existingResourceConflicts } = await import('../../kube/index.js');
  let objs: any[];
  try {
    objs = await kube.build(manifest, { namespace, strict: true });
  } catch (e) {
    throw new CliError(`unable to build kubernetes objects from release manifest: ${(e as Error).message}`);
  }
  if (isUpgrade || objs.length === 0) return;
  try {
    await existingResourceConflicts(kube, objs, releaseName, namespace);
  } catch (e) {
    throw new CliError(`Unable to continue with install: ${(e as Error).message}`); // Helm 3.13's install.go wording (template prints it without a prefix)
  }
}

function validateReleaseNameWrapped(name: string): void {
  try {
    validateReleaseName(name);
  } catch (e) {
    throw new CliError(`release name ${quote(name)}: ${(e as Error).message}`);
  }
}

