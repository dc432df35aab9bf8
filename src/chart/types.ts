// The chart model, after Helm v3.13.3's pkg/chart: a Chart is its metadata (Chart.yaml), lock (Chart.lock or
// requirements.lock), templates, default values, optional JSON schema, every other file, and its subcharts.
// Field names of Metadata/Dependency/Lock follow Chart.yaml's (Helm's JSON tags).

import type { GoMap } from '../template/types.js';

export const APIVersionV1 = 'v1';
export const APIVersionV2 = 'v2';

/** chart.File: a file of the chart, by its path relative to the chart root ("templates/x.yaml"). */
export interface File {
  name: string;
  data: Uint8Array;
}

/** chart.Maintainer */
export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** chart.Dependency: one entry of Chart.yaml `dependencies` (or requirements.yaml), or of a lock file. */
export interface Dependency {
  name: string;
  version?: string;
  repository: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: unknown[];
  alias?: string;
}

/** chart.Metadata (Chart.yaml). */
export interface Metadata {
  apiVersion?: string;
  name?: string;
  version?: string;
  kubeVersion?: string;
  description?: string;
  type?: string;
  keywords?: string[];
  home?: string;
  sources?: string[];
  dependencies?: Dependency[];
  maintainers?: Maintainer[];
  icon?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  /** v1 charts only (unused since Helm 3, kept as Helm keeps it). */
  condition?: string;
  tags?: string;
}

/** chart.Lock (Chart.lock / requirements.lock). `generated` is the RFC 3339 text as written. */
export interface Lock {
  generated: string;
  digest: string;
  dependencies: Dependency[];
}

/** chart.Chart */
export class Chart {
  /** Every file as loaded (chart.Chart.Raw). */
  raw: File[] = [];
  metadata: Metadata = {};
  lock?: Lock;
  templates: File[] = [];
  /** values.yaml (map[string]interface{}; numbers are float64). */
  values: GoMap = {};
  schema?: Uint8Array;
  files: File[] = [];
  parent?: Chart;
  dependencies: Chart[] = [];

  /** Metadata.Name */
  name(): string {
    return this.metadata?.name ?? '';
  }
  appVersion(): string {
    return this.metadata?.appVersion ?? '';
  }
  isRoot(): boolean {
    return this.parent === undefined;
  }
  root(): Chart {
    return this.parent ? this.parent.root() : this;
  }
  /** ChartPath: "root.sub.subsub" */
  chartPath(): string {
    return this.parent ? `${this.parent.chartPath()}.${this.name()}` : this.name();
  }
  /** ChartFullPath: "root/charts/sub/charts/subsub" */
  chartFullPath(): string {
    return this.parent ? `${this.parent.chartFullPath()}/charts/${this.name()}` : this.name();
  }
  addDependency(...charts: Chart[]): void {
    for (const c of charts) {
      c.parent = this;
      this.dependencies.push(c);
    }
  }
  setDependencies(...charts: Chart[]): void {
    this.dependencies = [];
    this.addDependency(...charts);
  }
  /** Files under crds/ with a manifest extension, this chart's first, then its dependencies'. */
  crds(): File[] {
    const out = this.files.filter((f) => f.name.startsWith('crds/') && hasManifestExtension(f.name));
    for (const d of this.dependencies) out.push(...d.crds());
    return out;
  }
  /** CRDObjects: { name, filename: "fullpath/crds/x.yaml", file }. */
  crdObjects(): { name: string; filename: string; file: File }[] {
    const out = this.files
      .filter((f) => f.name.startsWith('crds/') && hasManifestExtension(f.name))
      .map((f) => ({ name: f.name, filename: `${this.chartFullPath()}/${f.name}`, file: f }));
    for (const d of this.dependencies) out.push(...d.crdObjects());
    return out;
  }
  isLibrary(): boolean {
    return this.metadata?.type === 'library';
  }
}

export function hasManifestExtension(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot >= 0 ? base.slice(dot).toLowerCase() : '';
  return ext === '.yaml' || ext === '.yml' || ext === '.json';
}

/** chart.ValidationError: message "validation: ..." */
export class ValidationError extends Error {
  constructor(msg: string) {
    super(`validation: ${msg}`);
    this.name = 'ValidationError';
  }
}
