// What the engine needs to see of a loaded chart (chart.Chart), and the template objects built from it:
// `.Chart` is Helm's `struct { chart.Metadata; IsRoot bool }` with Chart.yaml's fields under their Go names.

import { GoStruct, namedMap, sliceOf, type GoMap, type GoValue } from '../template/types.js';

export interface EngineChart {
  /** Metadata.Name (the alias when a dependency is aliased). */
  readonly name: string;
  /** ChartFullPath: "root/charts/sub/charts/subsub". */
  readonly fullPath: string;
  readonly parent: EngineChart | null;
  /** Enabled dependencies, in the chart's order. */
  readonly dependencies: readonly EngineChart[];
  /** Files under templates/ (name "templates/x.yaml"), as text. */
  readonly templates: readonly { name: string; data: string }[];
  /** Every other file of the chart (chart.Files). */
  readonly files: readonly { name: string; data: Uint8Array }[];
  readonly isLibrary: boolean;
  /** The `.Chart` object of this chart's templates. */
  chartObject(): GoStruct;
}

/** *chart.Maintainer */
export class Maintainer extends GoStruct {
  readonly goType = '*chart.Maintainer';
  constructor(
    public Name = '',
    public Email = '',
    public URL = '',
  ) {
    super();
  }
}

/** *chart.Dependency */
export class Dependency extends GoStruct {
  readonly goType = '*chart.Dependency';
  Name = '';
  Version = '';
  Repository = '';
  Condition = '';
  Tags: string[] = sliceOf([], '[]string');
  Enabled = false;
  ImportValues: GoValue[] = [];
  Alias = '';
}

/** `.Chart`: chart.Metadata's fields (Go names, Go zero values) plus IsRoot. */
export class ChartObject extends GoStruct {
  readonly goType = 'struct { chart.Metadata; IsRoot bool }';
  Name = '';
  Home = '';
  Sources: string[] = sliceOf([], '[]string');
  Version = '';
  Description = '';
  Keywords: string[] = sliceOf([], '[]string');
  Maintainers: Maintainer[] = sliceOf([], '[]*chart.Maintainer');
  Icon = '';
  APIVersion = '';
  Condition = '';
  Tags = '';
  AppVersion = '';
  Deprecated = false;
  Annotations: Record<string, string> = namedMap({}, 'map[string]string');
  KubeVersion = '';
  Dependencies: Dependency[] = sliceOf([], '[]*chart.Dependency');
  Type = '';
  IsRoot = false;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v));
const strList = (v: unknown): string[] => sliceOf(Array.isArray(v) ? v.map(str) : [], '[]string');

/** Build `.Chart` from Chart.yaml's data as loaded (YAML keys: name, apiVersion, appVersion, ...) or from an
 *  object that already uses the Go field names. */
export function chartObjectFrom(md: Record<string, unknown>, isRoot: boolean): ChartObject {
  const get = (yamlKey: string, goKey: string): unknown => (md[goKey] !== undefined ? md[goKey] : md[yamlKey]);
  const o = new ChartObject();
  o.Name = str(get('name', 'Name'));
  o.Home = str(get('home', 'Home'));
  o.Sources = strList(get('sources', 'Sources'));
  o.Version = str(get('version', 'Version'));
  o.Description = str(get('description', 'Description'));
  o.Keywords = strList(get('keywords', 'Keywords'));
  const ms = get('maintainers', 'Maintainers');
  o.Maintainers = sliceOf(
    Array.isArray(ms)
      ? ms.map((m: any) => (m instanceof Maintainer ? m : new Maintainer(str(m?.name ?? m?.Name), str(m?.email ?? m?.Email), str(m?.url ?? m?.URL))))
      : [],
    '[]*chart.Maintainer',
  );
  o.Icon = str(get('icon', 'Icon'));
  o.APIVersion = str(get('apiVersion', 'APIVersion'));
  o.Condition = str(get('condition', 'Condition'));
  o.Tags = str(get('tags', 'Tags'));
  o.AppVersion = str(get('appVersion', 'AppVersion'));
  o.Deprecated = get('deprecated', 'Deprecated') === true;
  const ann = get('annotations', 'Annotations');
  const a: Record<string, string> = namedMap({}, 'map[string]string');
  if (ann && typeof ann === 'object') for (const [k, v] of Object.entries(ann)) a[k] = str(v);
  o.Annotations = a;
  o.KubeVersion = str(get('kubeVersion', 'KubeVersion'));
  const deps = get('dependencies', 'Dependencies');
  o.Dependencies = sliceOf(
    Array.isArray(deps)
      ? deps.map((d: any) => {
          if (d instanceof Dependency) return d;
          const r = new Dependency();
          r.Name = str(d?.name ?? d?.Name);
          r.Version = str(d?.version ?? d?.Version);
          r.Repository = str(d?.repository ?? d?.Repository);
          r.Condition = str(d?.condition ?? d?.Condition);
          r.Tags = strList(d?.tags ?? d?.Tags);
          r.Enabled = (d?.enabled ?? d?.Enabled) === true;
          const iv = d?.['import-values'] ?? d?.importValues ?? d?.ImportValues;
          r.ImportValues = Array.isArray(iv) ? (iv as GoValue[]) : [];
          r.Alias = str(d?.alias ?? d?.Alias);
          return r;
        })
      : [],
    '[]*chart.Dependency',
  );
  o.Type = str(get('type', 'Type'));
  o.IsRoot = isRoot;
  return o;
}

export type { GoMap };
