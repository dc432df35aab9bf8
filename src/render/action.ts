// Helm's action.Configuration.renderResources (pkg/action/action.go): render a chart, pull out NOTES.txt, sort
// hooks and manifests, and assemble the release manifest (`---\n# Source: PATH\n...`), optionally with the
// chart's CRDs first, into files under an output directory, and through a post-renderer.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, openSync, statSync, writeSync, closeSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve, dirname } from 'node:path';
import type { GoMap } from '../template/types.js';
import { parseConstraint, parseVersion } from '../funcs/semver.js';
import { Engine } from './engine.js';
import type { Capabilities } from './capabilities.js';
import type { EngineChart } from './chart-view.js';
import { InstallOrder, SortManifestsError, goStringLess, goTrimSpace, sortManifests, type Hook } from './manifests.js';

export const NOTES_SUFFIX = 'NOTES.txt';

/** A CRD file of the chart or a subchart (chart.CRD). */
export interface CrdFile {
  /** "crds/x.yaml" */
  name: string;
  /** Path with the chart's full path: "mychart/charts/sub/crds/x.yaml" */
  filename: string;
  data: Uint8Array;
}

/** chart.CRDObjects(): crds/*.yaml|yml|json of the chart, then of its dependencies (depth first). */
export function crdObjects(c: EngineChart): CrdFile[] {
  const out: CrdFile[] = [];
  for (const f of c.files) {
    if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name)) out.push({ name: f.name, filename: `${c.fullPath}/${f.name}`, data: f.data });
  }
  for (const d of c.dependencies) out.push(...crdObjects(d));
  return out;
}

/** chartutil.IsCompatibleRange */
export function isCompatibleRange(constraint: string, ver: string): boolean {
  try {
    return parseConstraint(constraint).check(parseVersion(ver));
  } catch {
    return false;
  }
}

export interface PostRenderer {
  run(manifests: string): string;
}

export interface RenderResourcesOptions {
  releaseName: string;
  outputDir?: string;
  /** Render NOTES.txt of subcharts too (--render-subchart-notes). */
  subNotes?: boolean;
  /** OutputDir/<releaseName> (helm template --release-name). */
  useReleaseName?: boolean;
  includeCrds?: boolean;
  postRenderer?: PostRenderer;
  /** Where `wrote FILE` lines go (helm prints them on stdout). */
  out?: (s: string) => void;
  log?: (s: string) => void;
}

export interface RenderResourcesResult {
  hooks: Hook[];
  manifest: string;
  notes: string;
}

/** An error of renderResources, with what it had produced (the release manifest Helm still shows with --debug). */
export class RenderResourcesError extends Error {
  constructor(
    message: string,
    readonly partial: RenderResourcesResult,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RenderResourcesError';
  }
}

const decoder = new TextDecoder();

export function renderResources(
  chart: EngineChart,
  chartKubeVersion: string,
  values: GoMap,
  caps: Capabilities,
  engine: Engine,
  opts: RenderResourcesOptions,
): RenderResourcesResult {
  const res: RenderResourcesResult = { hooks: [], manifest: '', notes: '' };
  const fail = (msg: string, cause?: unknown): never => {
    throw new RenderResourcesError(msg, res, cause);
  };
  if (chartKubeVersion !== '') {
    const kv = caps.KubeVersion.String();
    if (!isCompatibleRange(chartKubeVersion, kv)) fail(`chart requires kubeVersion: ${chartKubeVersion} which is incompatible with Kubernetes ${kv}`);
  }

  let files: Record<string, string>;
  try {
    files = engine.render(chart, values);
  } catch (e) {
    return fail((e as Error).message, e);
  }

  // NOTES.txt: kept for the release (the root chart's, or all with subNotes), never a manifest
  const notesParts: string[] = [];
  for (const k of Object.keys(files)) {
    if (!k.endsWith(NOTES_SUFFIX)) continue;
    if (opts.subNotes || k === `${chart.name}/templates/${NOTES_SUFFIX}`) notesParts.push(files[k]);
    delete files[k];
  }
  res.notes = notesParts.join('\n');

  let sorted;
  try {
    sorted = sortManifests(files, InstallOrder, opts.log);
  } catch (e) {
    if (e instanceof SortManifestsError) {
      res.hooks = e.partial.hooks;
      let b = '';
      for (const name of Object.keys(files).sort(goStringLess)) {
        const content = files[name];
        if (goTrimSpace(content) === '') continue;
        b += `---\n# Source: ${name}\n${content}\n`;
      }
      res.manifest = b;
    }
    return fail((e as Error).message, e);
  }
  res.hooks = sorted.hooks;

  const fileWritten = new Set<string>();
  let b = '';
  if (opts.includeCrds) {
    for (const crd of crdObjects(chart)) {
      const data = decoder.decode(crd.data);
      if (!opts.outputDir) b += `---\n# Source: ${crd.filename}\n${data}\n`;
      else {
        writeToFile(opts.outputDir, crd.filename, data, fileWritten.has(crd.filename), opts.out);
        fileWritten.add(crd.filename);
      }
    }
  }
  for (const m of sorted.manifests) {
    if (!opts.outputDir) b += `---\n# Source: ${m.name}\n${m.content}\n`;
    else {
      const newDir = opts.useReleaseName ? join(opts.outputDir, opts.releaseName) : opts.outputDir;
      writeToFile(newDir, m.name, m.content, fileWritten.has(m.name), opts.out);
      fileWritten.add(m.name);
    }
  }
  res.manifest = b;

  if (opts.postRenderer) {
    try {
      res.manifest = opts.postRenderer.run(b);
    } catch (e) {
      fail(`error while running post render on files: ${(e as Error).message}`, e);
    }
  }
  return res;
}

/** writeToFile: OUTPUTDIR/NAME gets `---\n# Source: NAME\nDATA\n` (appended when `append`); prints
 *  `wrote OUTPUTDIR/NAME`. */
export function writeToFile(outputDir: string, name: string, data: string, append: boolean, out: (s: string) => void = (s) => process.stdout.write(s)): void {
  const outfileName = `${outputDir}/${name}`;
  mkdirSync(dirname(outfileName), { recursive: true, mode: 0o755 });
  const fd = openSync(outfileName, append ? 'a' : 'w', 0o600);
  try {
    writeSync(fd, `---\n# Source: ${name}\n${data}\n`);
  } finally {
    closeSync(fd);
  }
  out(`wrote ${outfileName}\n`);
}

/** postrender.NewExec: a binary (looked up in $PATH when the name has no separator) that gets the manifests on
 *  stdin and prints the replacement. Throws Helm's `unable to find binary at ...`. */
export function execPostRenderer(binaryPath: string, args: string[] = []): PostRenderer {
  const full = lookPath(binaryPath);
  return {
    run(manifests: string): string {
      const r = spawnSync(full, args, { input: manifests, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.error) throw new Error(`error while running command ${full}. error output:\n${r.stderr ?? ''}: ${r.error.message}`);
      if (r.status !== 0) {
        const why = r.signal ? `signal: ${signalName(r.signal)}` : `exit status ${r.status}`;
        throw new Error(`error while running command ${full}. error output:\n${r.stderr ?? ''}: ${why}`);
      }
      return r.stdout;
    },
  };
}

function signalName(sig: string): string {
  const names: Record<string, string> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted', SIGPIPE: 'broken pipe' };
  return names[sig] ?? sig;
}

function isExecutable(p: string): boolean {
  try {
    const st = statSync(p);
    if (st.isDirectory()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Go's exec.LookPath + filepath.Abs. */
export function lookPath(file: string): string {
  const wrap = (msg: string) => new Error(`unable to find binary at ${file}: ${msg}`);
  if (file.includes('/')) {
    if (!existsSync(file)) throw wrap(`exec: ${JSON.stringify(file)}: stat ${file}: no such file or directory`);
    const st = statSync(file);
    if (st.isDirectory() || !isExecutable(file)) throw wrap(`exec: ${JSON.stringify(file)}: permission denied`);
    return isAbsolute(file) ? file : resolve(file);
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir === '' ? '.' : dir, file);
    if (isExecutable(p)) return resolve(p);
  }
  throw wrap(`exec: ${JSON.stringify(file)}: executable file not found in $PATH`);
}
