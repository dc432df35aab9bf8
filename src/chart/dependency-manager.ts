// `helm dependency list|update|build` (Helm v3.13.3 pkg/action/dependency.go, pkg/downloader/manager.go,
// internal/resolver): resolve Chart.yaml's dependencies to exact versions, write Chart.lock (digest as Helm
// computes it: sha256 of the JSON of [requested, locked]), and fill charts/ with the dependencies' archives.
// Local dependencies (file://, or no repository = already in charts/) are handled here; chart repositories go
// through a fetcher the caller supplies (the repo layer).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { marshalJson } from '../funcs/json.js';
import { parseConstraint, parseVersion, strictParseVersion } from '../funcs/semver.js';
import { loadChart, loadDir, loadFile } from './load.js';
import { marshalLock, saveChart } from './package.js';
import { APIVersionV1, type Chart, type Dependency, type Lock } from './types.js';

function dependencyJsonForHash(d: Dependency): Record<string, unknown> {
  const o: Record<string, unknown> = { name: d.name ?? '' };
  if (d.version) o.version = d.version;
  o.repository = d.repository ?? '';
  if (d.condition) o.condition = d.condition;
  if (d.tags && d.tags.length > 0) o.tags = d.tags;
  if (d.enabled) o.enabled = true;
  if (d['import-values'] && d['import-values'].length > 0) o['import-values'] = d['import-values'];
  if (d.alias) o.alias = d.alias;
  return o;
}

/** json.Marshal of a *chart.Dependency: fields in the struct's order (not sorted as a map's keys). */
function dependencyJsonText(d: Dependency | null): string {
  if (d === null || d === undefined) return 'null';
  const o = dependencyJsonForHash(d);
  return '{' + Object.entries(o).map(([k, v]) => `${marshalJson(k)}:${marshalJson(v as any)}`).join(',') + '}';
}
const depsJsonText = (l: Dependency[] | null | undefined) => (l ? '[' + l.map(dependencyJsonText).join(',') + ']' : 'null');

/** resolver.HashReq: "sha256:" + hex sha256 of json.Marshal([2][]*Dependency{req, lock}). */
export function hashReq(req: Dependency[], lock: Dependency[]): string {
  const data = `[${depsJsonText(req)},${depsJsonText(lock)}]`;
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** resolver.HashV2Req (Helm 2's requirements.lock digest). */
export function hashV2Req(req: Dependency[]): string {
  const data = `{"dependencies":${depsJsonText(req)}}`;
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** resolver.GetLocalPath */
export function getLocalPath(repo: string, chartpath: string): string {
  const p = repo.startsWith('file://') ? repo.slice('file://'.length) : repo;
  const depPath = p.startsWith('/') ? resolve(p) : join(chartpath, p);
  if (!existsSync(depPath)) throw new Error(`directory ${depPath} not found`);
  return depPath;
}

function constraintOf(version: string | undefined, name: string, wrap: (m: string) => string): ReturnType<typeof parseConstraint> {
  try {
    return parseConstraint(version ?? '');
  } catch (e) {
    throw new Error(wrap((e as Error).message));
  }
}

/** Go's time.Now().Format(time.RFC3339Nano) in UTC. */
export function rfc3339Now(d = new Date()): string {
  const iso = d.toISOString(); // 2006-01-02T15:04:05.000Z
  return iso.replace(/\.(\d+)Z$/, (_m, frac: string) => {
    const f = frac.replace(/0+$/, '');
    return f ? `.${f}Z` : 'Z';
  });
}

/** A chart repository dependency resolved by the repo layer: the exact version chosen for a constraint. */
export interface RepoFetcher {
  /** Pick the version of NAME in REPOSITORY (URL, @alias or alias:NAME, oci://) that satisfies CONSTRAINT. */
  resolveVersion(name: string, constraint: string, repository: string): Promise<string>;
  /** Download NAME VERSION from REPOSITORY into DIR; returns the archive's path. */
  download(name: string, version: string, repository: string, dir: string): Promise<string>;
  /** Refresh the repositories' cached indexes before resolving (Helm's UpdateRepositories), printing to out;
   *  first those of `unmanaged`'s repositories that are not configured (Helm's ensureMissingRepos). */
  refresh?(unmanaged: Dependency[], out: (s: string) => void): Promise<void>;
}

export interface ManagerOptions {
  chartPath: string;
  out?: (s: string) => void;
  debug?: boolean;
  /** Chart repositories (the repo layer). Without it, repository dependencies fail with a clear error. */
  repos?: RepoFetcher;
  skipUpdate?: boolean;
}

function noRepos(dep: Dependency): Error {
  return new Error(
    `dependency ${JSON.stringify(dep.name)} comes from the chart repository ${dep.repository}: tshelm cannot download from chart repositories in this build yet (only file:// and charts/ dependencies)`,
  );
}

export class DependencyManager {
  readonly chartPath: string;
  private readonly out: (s: string) => void;
  constructor(private readonly opts: ManagerOptions) {
    this.chartPath = opts.chartPath;
    this.out = opts.out ?? ((s) => process.stdout.write(s));
  }

  private async loadChartDir(): Promise<Chart> {
    let st;
    try {
      st = statSync(this.chartPath);
    } catch {
      throw new Error(`could not find ${this.chartPath}: stat ${this.chartPath}: no such file or directory`);
    }
    if (!st.isDirectory()) throw new Error('only unpacked charts can be updated');
    return loadDir(this.chartPath);
  }

  /** resolveRepoNames: checks file:// paths; `@name`/`alias:name` need the repo layer. */
  private checkRepos(deps: Dependency[]): void {
    for (const d of deps) {
      if (!d.repository) continue;
      if (d.repository.startsWith('file://')) {
        getLocalPath(d.repository, this.chartPath);
        if (this.opts.debug) this.out(`Repository from local path: ${d.repository}\n`);
        continue;
      }
      if (!this.opts.repos) throw noRepos(d);
    }
  }

  /** resolver.Resolve */
  async resolve(reqs: Dependency[]): Promise<Lock> {
    const locked: Dependency[] = [];
    const missing: string[] = [];
    for (const d of reqs) {
      const constraint = constraintOf(d.version, d.name, (m) => `dependency ${JSON.stringify(d.name)} has an invalid version/constraint format: ${m}`);
      if (!d.repository) {
        getLocalPath(join('charts', d.name), this.chartPath);
        locked.push({ name: d.name, repository: '', version: d.version });
        continue;
      }
      if (d.repository.startsWith('file://')) {
        const p = getLocalPath(d.repository, this.chartPath);
        const ch = await loadDir(p);
        let v;
        try {
          v = parseVersion(ch.metadata.version ?? '');
        } catch {
          continue;
        }
        if (!constraint.check(v)) {
          missing.push(d.name);
          continue;
        }
        locked.push({ name: d.name, repository: d.repository, version: ch.metadata.version });
        continue;
      }
      if (!this.opts.repos) throw noRepos(d);
      try {
        const version = await this.opts.repos.resolveVersion(d.name, d.version ?? '', d.repository);
        locked.push({ name: d.name, repository: d.repository, version });
      } catch (e) {
        if (/can't get a valid version|no matching version/.test((e as Error).message)) missing.push(d.name);
        else throw e;
      }
    }
    if (missing.length > 0) throw new Error(`can't get a valid version for repositories ${missing.join(', ')}. Try changing the version constraint in Chart.yaml`);
    const deps = locked.filter(Boolean);
    return { generated: rfc3339Now(), digest: hashReq(reqs, deps), dependencies: deps };
  }

  /** Manager.downloadAll: archives into charts/ (through tmpcharts/), outdated archives removed. */
  async downloadAll(deps: Dependency[]): Promise<void> {
    const destPath = join(this.chartPath, 'charts');
    const tmpPath = join(this.chartPath, 'tmpcharts');
    if (existsSync(destPath)) {
      if (!statSync(destPath).isDirectory()) throw new Error(`${JSON.stringify(destPath)} is not a directory`);
    } else mkdirSync(destPath, { recursive: true, mode: 0o755 });
    mkdirSync(tmpPath, { recursive: true, mode: 0o755 });
    try {
      this.out(`Saving ${deps.length} charts\n`);
      let saveError: Error | undefined;
      const fetched = new Set<string>();
      for (const dep of deps) {
        if (!dep.repository) {
          this.out(`Dependency ${dep.name} did not declare a repository. Assuming it exists in the charts directory\n`);
          const chartPath = join(destPath, dep.name);
          let ch: Chart;
          try {
            ch = await loadDir(chartPath);
          } catch (e) {
            throw new Error(`unable to load chart '${chartPath}': ${(e as Error).message}`);
          }
          const c = constraintOf(dep.version, dep.name, (m) => `dependency ${dep.name} has an invalid version/constraint format: ${m}`);
          let v;
          try {
            v = parseVersion(ch.metadata.version ?? '');
          } catch (e) {
            throw new Error(`invalid version ${dep.version} for dependency ${dep.name}: ${(e as Error).message}`);
          }
          if (!c.check(v)) {
            saveError = new Error(`dependency ${dep.name} at version ${ch.metadata.version} does not satisfy the constraint ${dep.version}`);
            break;
          }
          continue;
        }
        if (dep.repository.startsWith('file://')) {
          if (this.opts.debug) this.out(`Archiving ${dep.name} from repo ${dep.repository}\n`);
          try {
            dep.version = await this.tarFromLocalDir(dep, tmpPath);
          } catch (e) {
            saveError = e as Error;
            break;
          }
          continue;
        }
        if (!this.opts.repos) {
          saveError = noRepos(dep);
          break;
        }
        const key = `${dep.repository}|${dep.name}|${dep.version}`;
        if (fetched.has(key)) {
          this.out(`Already downloaded ${dep.name} from repo ${dep.repository}\n`);
          continue;
        }
        this.out(`Downloading ${dep.name} from repo ${dep.repository}\n`);
        try {
          await this.opts.repos.download(dep.name, dep.version ?? '', dep.repository, tmpPath);
        } catch (e) {
          saveError = new Error(`could not download ${dep.repository}: ${(e as Error).message}`);
          break;
        }
        fetched.add(key);
      }
      if (saveError) {
        this.out(`Save error occurred:  ${saveError.message}\n`);
        throw saveError;
      }
      await this.safeMoveDeps(deps, tmpPath, destPath);
    } finally {
      rmSync(tmpPath, { recursive: true, force: true });
    }
  }

  private async tarFromLocalDir(dep: Dependency, destPath: string): Promise<string> {
    const origPath = getLocalPath(dep.repository, this.chartPath);
    const ch = await loadDir(origPath);
    const c = constraintOf(dep.version, dep.name, (m) => `dependency ${dep.name} has an invalid version/constraint format: ${m}`);
    const v = parseVersion(ch.metadata.version ?? '');
    if (c.check(v)) {
      saveChart(ch, destPath);
      return ch.metadata.version!;
    }
    throw new Error(`can't get a valid version for dependency ${dep.name}`);
  }

  private async safeMoveDeps(deps: Dependency[], source: string, dest: string): Promise<void> {
    const inSource = new Set<string>();
    const local = new Set(deps.filter((d) => !d.repository).map((d) => d.name));
    const destFiles = readdirSync(dest, { withFileTypes: true });
    for (const f of readdirSync(source, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (f.isDirectory()) continue;
      const sourcefile = join(source, f.name);
      inSource.add(f.name);
      try {
        await loadFile(sourcefile);
      } catch (e) {
        this.out(`Could not verify ${sourcefile} for moving: ${(e as Error).message} (Skipping)`);
        continue;
      }
      renameSync(sourcefile, join(dest, f.name));
    }
    this.out('Deleting outdated charts\n');
    for (const f of destFiles) {
      if (f.isDirectory() || inSource.has(f.name)) continue;
      const fname = join(dest, f.name);
      let ch: Chart;
      try {
        ch = await loadFile(fname);
      } catch (e) {
        this.out(`Could not verify ${fname} for deletion: ${(e as Error).message} (Skipping)\n`);
        continue;
      }
      if (local.has(ch.name())) continue;
      rmSync(fname, { force: true });
    }
  }

  private writeLock(lock: Lock, legacy: boolean): void {
    writeFileSync(join(this.chartPath, legacy ? 'requirements.lock' : 'Chart.lock'), marshalLock(lock), { mode: 0o644 });
  }

  /** Manager.Update: resolve, download, write the lock (unless its digest is unchanged). */
  async update(): Promise<void> {
    const c = await this.loadChartDir();
    const req = c.metadata.dependencies;
    if (!req) return;
    this.checkRepos(req);
    if (!this.opts.skipUpdate) await this.opts.repos?.refresh?.(req, this.out);
    const lock = await this.resolve(req);
    await this.downloadAll(lock.dependencies);
    lock.digest = hashReq(req, lock.dependencies);
    if (c.lock && c.lock.digest === lock.digest) return;
    this.writeLock(lock, c.metadata.apiVersion === APIVersionV1);
  }

  /** Manager.Build: from the lock file (update when there is none); fails when the lock is out of date. */
  async build(): Promise<void> {
    const c = await this.loadChartDir();
    const lock = c.lock;
    if (!lock) return this.update();
    const req = c.metadata.dependencies ?? [];
    const v1 = c.metadata.apiVersion === APIVersionV1;
    const v2Sum = v1 ? hashV2Req(req) : '';
    this.checkRepos(req);
    let sum: string | undefined;
    try {
      sum = hashReq(req, lock.dependencies);
    } catch {
      sum = undefined;
    }
    if (sum !== lock.digest) {
      if (v1) {
        if (v2Sum !== lock.digest) throw new Error('the lock file (requirements.lock) is out of sync with the dependencies file (requirements.yaml). Please update the dependencies');
      } else throw new Error('the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies');
    }
    this.checkRepos(lock.dependencies);
    // Build updates the configured repositories only: ensureMissingRepos is Update's
    if (!this.opts.skipUpdate) await this.opts.repos?.refresh?.([], this.out);
    await this.downloadAll(lock.dependencies);
  }
}

// ---------------------------------------------------------------------------------------------------------
// helm dependency list

function globArchives(chartpath: string, name: string): string[] {
  const dir = join(chartpath, 'charts');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(`${name}-`) && n.endsWith('.tgz'))
    .sort()
    .map((n) => join(dir, n));
}

async function statArchiveForStatus(archive: string, dep: Dependency): Promise<string> {
  if (!existsSync(archive)) return '';
  let c: Chart;
  try {
    c = await loadChart(archive);
  } catch {
    return 'corrupt';
  }
  if (c.name() !== dep.name) return 'misnamed';
  return versionStatus(c.metadata.version ?? '', dep.version) ?? 'ok';
}

function versionStatus(have: string, want: string | undefined): string | undefined {
  if (have === want) return undefined;
  let c, v;
  try {
    c = parseConstraint(want ?? '');
  } catch {
    return 'invalid version';
  }
  try {
    v = parseVersion(have);
  } catch {
    return 'invalid version';
  }
  return c.check(v) ? undefined : 'wrong version';
}

export async function dependencyStatus(chartpath: string, dep: Dependency, parent: Chart): Promise<string> {
  const archives = globArchives(chartpath, dep.name);
  if (archives.length > 1) {
    const found = archives.filter((arc) => {
      const maybe = basename(arc).slice(0, -'.tgz'.length).slice(dep.name.length + 1);
      try {
        strictParseVersion(maybe);
        return true;
      } catch {
        return false;
      }
    });
    if (found.length === 1) {
      const r = await statArchiveForStatus(found[0], dep);
      if (r !== '') return r;
    } else if (found.length > 1) return 'too many matches';
  } else if (archives.length === 1) {
    const r = await statArchiveForStatus(archives[0], dep);
    if (r !== '') return r;
  }
  let depChart: Chart | undefined;
  for (const item of parent.dependencies) if (item.name() === dep.name) depChart = item;
  if (!depChart) return 'missing';
  return versionStatus(depChart.metadata.version ?? '', dep.version) ?? 'unpacked';
}

/** The rows of `helm dependency list` and the warnings after the table. */
export async function dependencyList(chartpath: string): Promise<{ rows: string[][] | null; warnings: string[]; noDeps?: string }> {
  const c = await loadChart(chartpath);
  if (!c.metadata.dependencies) return { rows: null, warnings: [], noDeps: `WARNING: no dependencies at ${join(chartpath, 'charts')}` };
  const rows: string[][] = [['NAME', 'VERSION', 'REPOSITORY', 'STATUS']];
  for (const d of c.metadata.dependencies) rows.push([d.name, d.version ?? '', d.repository, await dependencyStatus(chartpath, d, c)]);
  const warnings: string[] = [];
  const dir = join(chartpath, 'charts');
  let entries: string[] = [];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    /* no charts/ */
  }
  for (const n of entries) {
    const f = join(dir, n);
    const st = statSync(f);
    if (!st.isDirectory() && !n.endsWith('.tgz')) continue;
    let sc: Chart;
    try {
      sc = await loadChart(f);
    } catch {
      warnings.push(`WARNING: ${JSON.stringify(f)} is not a chart.`);
      continue;
    }
    if (!c.metadata.dependencies.some((d) => d.name === sc.name())) warnings.push(`WARNING: ${JSON.stringify(f)} is not in Chart.yaml.`);
  }
  return { rows, warnings };
}

