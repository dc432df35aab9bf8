// kustomization.yaml read and written as kustomize v5.5's commands/internal/kustfile does it.
//
// Reading: sigs.k8s.io/yaml (YAML → JSON) decoded into types.Kustomization with unknown fields refused (JSON
// field names matched case-insensitively, as encoding/json does), then FixKustomization (kind/apiVersion
// defaults, bases → resources, imageTags → images, env → envs, helmChartInflationGenerator → helmCharts).
// Writing: the fields that were in the file, in their original order and each preceded by the comment and
// blank lines that were above it; then every other non-empty field in kustomize's marshalling order. Each field
// is sigs.k8s.io/yaml.Marshal of a Kustomization holding only that field (JSON → yaml.v2: keys of nested
// objects sorted, sequences not indented under their key, empty omitempty fields dropped).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYaml, marshalYaml, YamlError } from '../funcs/yaml.js';
import { KUSTOMIZATION_FILE_NAMES } from './kustomization.js';
import { jsonKind } from '../funcs/json.js';

/** A Kustomization as JSON-shaped data keyed by its JSON field names (undefined = Go nil/zero). */
export type Kustomization = Record<string, any>;

/** [Go field name, JSON name] in kustomize's marshalling order (determineFieldOrder). */
export const FIELD_ORDER: readonly (readonly [string, string])[] = [
  ['APIVersion', 'apiVersion'],
  ['Kind', 'kind'],
  ['MetaData', 'metadata'],
  ['SortOptions', 'sortOptions'],
  ['Resources', 'resources'],
  ['Bases', 'bases'],
  ['NamePrefix', 'namePrefix'],
  ['NameSuffix', 'nameSuffix'],
  ['Namespace', 'namespace'],
  ['Crds', 'crds'],
  ['CommonLabels', 'commonLabels'],
  ['Labels', 'labels'],
  ['CommonAnnotations', 'commonAnnotations'],
  ['PatchesStrategicMerge', 'patchesStrategicMerge'],
  ['PatchesJson6902', 'patchesJson6902'],
  ['Patches', 'patches'],
  ['ConfigMapGenerator', 'configMapGenerator'],
  ['SecretGenerator', 'secretGenerator'],
  ['HelmCharts', 'helmCharts'],
  ['HelmChartInflationGenerator', 'helmChartInflationGenerator'],
  ['HelmGlobals', 'helmGlobals'],
  ['GeneratorOptions', 'generatorOptions'],
  ['Vars', 'vars'],
  ['Images', 'images'],
  ['Replacements', 'replacements'],
  ['Replicas', 'replicas'],
  ['Configurations', 'configurations'],
  ['Generators', 'generators'],
  ['Transformers', 'transformers'],
  ['Validators', 'validators'],
  ['Components', 'components'],
  ['OpenAPI', 'openapi'],
  ['BuildMetadata', 'buildMetadata'],
];

export const KUSTOMIZATION_VERSION = 'kustomize.config.k8s.io/v1beta1';
export const KUSTOMIZATION_KIND = 'Kustomization';
export const COMPONENT_VERSION = 'kustomize.config.k8s.io/v1alpha1';
export const COMPONENT_KIND = 'Component';

// ---------------------------------------------------------------------------------------------------------
// The shape of types.Kustomization, enough to drop what encoding/json's omitempty drops and keep the rest.

type Schema =
  | 'str'
  | 'bool'
  | 'int'
  | 'any'
  | { list: Schema }
  | { map: Schema }
  | { struct: Record<string, Field>; ptr?: boolean };
/** [schema, omitempty] */
type Field = [Schema, boolean];

const S = (fields: Record<string, Field>, ptr = false): Schema => ({ struct: fields, ptr });
const o = (s: Schema): Field => [s, true];
const strMap: Schema = { map: 'str' };
const strList: Schema = { list: 'str' };

const generatorOptions = S({ labels: o(strMap), annotations: o(strMap), disableNameSuffixHash: o('bool'), immutable: o('bool') }, true);
const generatorArgs: Record<string, Field> = {
  namespace: o('str'),
  name: o('str'),
  behavior: o('str'),
  literals: o(strList),
  files: o(strList),
  envs: o(strList),
  env: o('str'),
  options: o(generatorOptions),
};
const fieldSpec = S({ group: o('str'), version: o('str'), kind: o('str'), path: o('str'), create: o('bool') });
const selector = S(
  { group: o('str'), version: o('str'), kind: o('str'), name: o('str'), namespace: o('str'), annotationSelector: o('str'), labelSelector: o('str') },
  true,
);

const TOP: Record<string, Schema> = {
  apiVersion: 'str',
  kind: 'str',
  metadata: S({ name: o('str'), namespace: o('str'), labels: o(strMap), annotations: o(strMap) }, true),
  openapi: strMap,
  namePrefix: 'str',
  nameSuffix: 'str',
  namespace: 'str',
  commonLabels: strMap,
  labels: { list: S({ pairs: o(strMap), includeSelectors: o('bool'), includeTemplates: o('bool'), fields: o({ list: fieldSpec }) }) },
  commonAnnotations: strMap,
  patchesStrategicMerge: strList,
  patchesJson6902: { list: S({ path: o('str'), patch: o('str'), target: o(selector), options: o({ map: 'bool' }) }) },
  patches: { list: S({ path: o('str'), patch: o('str'), target: o(selector), options: o({ map: 'bool' }) }) },
  images: { list: S({ name: o('str'), newName: o('str'), tagSuffix: o('str'), newTag: o('str'), digest: o('str') }) },
  imageTags: { list: S({ name: o('str'), newName: o('str'), tagSuffix: o('str'), newTag: o('str'), digest: o('str') }) },
  replacements: { list: 'any' },
  replicas: { list: S({ name: o('str'), count: ['int', false] }) },
  vars: {
    list: S({
      name: ['str', false],
      objref: [S({ group: o('str'), version: o('str'), kind: o('str'), apiVersion: o('str'), name: ['str', false], namespace: o('str') }), false],
      fieldref: [S({ fieldPath: o('str') }), true],
    }),
  },
  sortOptions: 'any',
  resources: strList,
  components: strList,
  crds: strList,
  bases: strList,
  configMapGenerator: { list: S(generatorArgs) },
  secretGenerator: { list: S({ ...generatorArgs, type: o('str') }) },
  helmGlobals: 'any',
  helmCharts: { list: 'any' },
  helmChartInflationGenerator: { list: 'any' },
  generatorOptions,
  configurations: strList,
  generators: strList,
  transformers: strList,
  validators: strList,
  buildMetadata: strList,
};

const GO_TYPE: Record<string, string> = { str: 'string', bool: 'bool', int: 'int64' };
function goTypeOf(s: Schema): string {
  if (typeof s === 'string') return GO_TYPE[s] ?? 'interface {}';
  if ('list' in s) return `[]${goTypeOf(s.list)}`;
  if ('map' in s) return `map[string]${goTypeOf(s.map)}`;
  return 'struct';
}

/** Decode a JSON value into the schema as encoding/json with DisallowUnknownFields would (nulls become
 *  undefined; the fields typed 'any' are taken as they are). Unknown fields and type mismatches fail with
 *  encoding/json's wording. */
function decode(v: unknown, s: Schema, where: string): any {
  if (v === null || v === undefined) return undefined;
  const bad = () => new Error(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${where} of type ${goTypeOf(s)}`);
  if (s === 'any') return v;
  if (s === 'str') {
    if (typeof v !== 'string') throw bad();
    return v;
  }
  if (s === 'bool') {
    if (typeof v !== 'boolean') throw bad();
    return v;
  }
  if (s === 'int') {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw bad();
    return v;
  }
  if ('list' in s) {
    if (!Array.isArray(v)) throw bad();
    return v.map((x) => {
      const d = decode(x, s.list, where);
      return d === undefined && typeof s.list === 'string' && s.list !== 'any' ? zero(s.list) : d;
    });
  }
  if (typeof v !== 'object' || Array.isArray(v)) throw bad();
  if ('map' in s) {
    const out: Record<string, any> = {};
    for (const [k, x] of Object.entries(v as object)) {
      const d = decode(x, s.map, where);
      out[k] = d === undefined && typeof s.map === 'string' ? zero(s.map) : d;
    }
    return out;
  }
  const out: Record<string, any> = {};
  for (const [k, x] of Object.entries(v as object)) {
    const fk = Object.keys(s.struct).find((f) => f === k) ?? Object.keys(s.struct).find((f) => f.toLowerCase() === k.toLowerCase());
    if (!fk) throw new Error(`json: unknown field "${k}"`); // DisallowUnknownFields reaches nested structs too
    const d = decode(x, s.struct[fk][0], `${where}.${fk}`);
    if (d !== undefined) out[fk] = d;
  }
  return out;
}

function zero(s: Schema): any {
  return s === 'str' ? '' : s === 'bool' ? false : s === 'int' ? 0 : undefined;
}

function isEmptyGo(v: unknown, s: Schema): boolean {
  if (v === undefined || v === null) return true;
  if (typeof s === 'object' && 'struct' in s) return false; // a struct is never empty; a nil pointer is
  if (typeof v === 'string') return v === '';
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return s !== 'any' && Object.keys(v as object).length === 0;
  return false;
}

/** What json.Marshal writes for a value of the schema (omitempty applied, non-omitempty zero fields written). */
function encode(v: any, s: Schema): any {
  if (s === 'any') return v ?? null;
  if (typeof s === 'string') return v ?? zero(s);
  if ('list' in s) return v === undefined ? null : (v as any[]).map((x) => encode(x, s.list));
  if ('map' in s) {
    if (v === undefined) return null;
    const out: Record<string, any> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encode(x, s.map);
    return out;
  }
  if (v === undefined) return s.ptr ? null : encode({}, s);
  const out: Record<string, any> = {};
  for (const [k, [fs_, omit]] of Object.entries(s.struct)) {
    const x = v[k];
    const isStruct = typeof fs_ === 'object' && 'struct' in fs_;
    // omitempty never drops a struct value; a nil pointer to one it does.
    if (omit && (isStruct ? fs_.ptr && (x === undefined || x === null) : isEmptyGo(x, fs_))) continue;
    out[k] = encode(x, fs_);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

export class KustFileError extends Error {}

/** types.Kustomization.Unmarshal: YAML → JSON, strict decode. */
export function unmarshalKustomization(text: string): Kustomization {
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch (e) {
    if (e instanceof YamlError) throw new KustFileError(`invalid Kustomization: ${e.message}`);
    throw e;
  }
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new KustFileError(`invalid Kustomization: json: cannot unmarshal ${jsonKind(v)} into Go value of type types.Kustomization`);
  }
  const k: Kustomization = {};
  const names = Object.keys(TOP);
  for (const [key, x] of Object.entries(v as object)) {
    const name = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (!name) throw new KustFileError(`invalid Kustomization: json: unknown field "${key}"`);
    try {
      const d = decode(x, TOP[name], `Kustomization.${name}`);
      k[name] = d;
    } catch (e) {
      throw new KustFileError(`invalid Kustomization: ${(e as Error).message}`);
    }
  }
  return k;
}

/** types.Kustomization.FixKustomization (run on every read). */
export function fixKustomization(k: Kustomization): void {
  if (!k.kind) k.kind = KUSTOMIZATION_KIND;
  if (!k.apiVersion) k.apiVersion = k.kind === COMPONENT_KIND ? COMPONENT_VERSION : KUSTOMIZATION_VERSION;
  if (k.bases?.length) k.resources = [...(k.resources ?? []), ...k.bases];
  k.bases = undefined;
  if (k.imageTags?.length) k.images = [...(k.images ?? []), ...k.imageTags];
  k.imageTags = undefined;
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const g of k[key] ?? []) {
      if (g.env) {
        g.envs = [...(g.envs ?? []), g.env];
        delete g.env;
      }
    }
  }
  const inflation: any[] = k.helmChartInflationGenerator ?? [];
  if (inflation.length) {
    // SplitHelmParameters: chart-level fields to helmCharts, the homes (of the last) to helmGlobals.
    const charts: any[] = [];
    let chartHome = '';
    let configHome = '';
    for (const p of inflation) {
      // makeHelmChartFromHca: only these carry over (namespace, extraArgs, helmBin are dropped).
      const c: any = {};
      if (p.chartName) c.name = p.chartName;
      if (p.chartVersion) c.version = p.chartVersion;
      if (p.chartRepoUrl) c.repo = p.chartRepoUrl;
      if (p.values) c.valuesFile = p.values;
      if (p.valuesLocal && Object.keys(p.valuesLocal).length) c.valuesInline = p.valuesLocal;
      if (p.valuesMerge) c.valuesMerge = p.valuesMerge;
      if (p.releaseName) c.releaseName = p.releaseName;
      charts.push(c);
      if (p.helmHome) configHome = p.helmHome;
      if (p.chartHome) chartHome = p.chartHome;
    }
    if (!k.helmGlobals && (chartHome || configHome)) {
      k.helmGlobals = {};
      if (chartHome) k.helmGlobals.chartHome = chartHome;
      if (configHome) k.helmGlobals.configHome = configHome;
    }
    k.helmCharts = [...(k.helmCharts ?? []), ...charts];
  }
  k.helmChartInflationGenerator = undefined;
}

/** types.Kustomization.FixKustomizationPreMarshalling (what `edit fix` adds). `isFile` says whether a
 *  patchesStrategicMerge entry names a readable file. */
export function fixKustomizationPreMarshalling(k: Kustomization, isFile: (p: string) => boolean): void {
  if (k.patchesJson6902?.length) k.patches = [...(k.patches ?? []), ...k.patchesJson6902];
  k.patchesJson6902 = undefined;
  if (k.patchesStrategicMerge !== undefined) {
    for (const p of k.patchesStrategicMerge as string[]) {
      k.patches = [...(k.patches ?? []), isFile(p) ? { path: p } : { patch: p }];
    }
    k.patchesStrategicMerge = undefined;
  }
  const cl = k.commonLabels as Record<string, string> | undefined;
  if (cl && Object.keys(cl).length) {
    for (const l of k.labels ?? []) {
      for (const name of Object.keys(l.pairs ?? {})) {
        if (name in cl) throw new KustFileError(`label name '${name}' exists in both commonLabels and labels`);
      }
    }
    k.labels = [...(k.labels ?? []), { pairs: cl, includeSelectors: true }];
    k.commonLabels = undefined;
  }
}

/** The YAML of one field (kustfile.marshalField): "" when the field is nil or empty. */
export function marshalField(jsonName: string, k: Kustomization): string {
  const v = k[jsonName];
  const s = TOP[jsonName];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || Array.isArray(v)) {
    if (v.length === 0) return '';
  } else if (typeof v === 'object') {
    const isPtr = typeof s === 'object' && 'struct' in s ? s.ptr : s === 'any' && !Array.isArray(v);
    if (!isPtr && Object.keys(v).length === 0) return '';
  }
  return marshalYaml({ [jsonName]: encode(v, s) });
}

interface CommentedField {
  field: string; // JSON name
  comment: string;
}

function isCommentOrBlankLine(line: string): boolean {
  const s = line.replace(/^ +/, '').replace(/\n+$/, '');
  return s.length === 0 || s.startsWith('#');
}

function findMatchedField(line: string): string | undefined {
  for (const [goName, jsonName] of FIELD_ORDER) {
    if (line.length > goName.length && line[goName.length] === ':' && line.slice(0, goName.length).toLowerCase() === goName.toLowerCase()) {
      return jsonName;
    }
  }
  return undefined;
}

/** kustfile.parseCommentedFields: the top-level fields in file order with what precedes each. Like Go's
 *  bytes.Buffer.ReadBytes loop, a last line without a newline is not looked at; trailing comments are lost. */
export function parseCommentedFields(content: string): CommentedField[] {
  const fields: CommentedField[] = [];
  let comments: string[] = [];
  let start = 0;
  for (;;) {
    const nl = content.indexOf('\n', start);
    if (nl < 0) break;
    const line = content.slice(start, nl + 1);
    start = nl + 1;
    if (isCommentOrBlankLine(line)) {
      comments.push(line);
      continue;
    }
    const field = findMatchedField(line);
    if (field) {
      fields.push({ field, comment: comments.join('') });
      comments = [];
    } else if (comments.length > 0 && fields.length > 0) {
      fields[fields.length - 1].comment += comments.join('');
      comments = [];
    }
  }
  return fields;
}

/** kustfile.marshal: original fields (with their comments) first, then the rest in kustomize's order. */
export function marshalKustomization(k: Kustomization, original: CommentedField[]): string {
  let out = '';
  for (const cf of original) out += cf.comment + marshalField(cf.field, k);
  const had = new Set(original.map((c) => c.field));
  for (const [, name] of FIELD_ORDER) {
    if (had.has(name)) continue;
    out += marshalField(name, k);
  }
  return out;
}

/** A kustomization file in a directory (kustfile.NewKustomizationFile + Read/Write). */
export class KustomizationFile {
  private original: CommentedField[] = [];
  private constructor(readonly dir: string, readonly fileName: string) {}

  get path(): string {
    return path.join(this.dir, this.fileName);
  }

  /** NewKustomizationFile: exactly one recognized kustomization file must exist. Names are compared with the
   *  directory's entries, so the match is exact even on a case-insensitive file system. */
  static open(dir: string): KustomizationFile {
    const entries = readdirOrEmpty(dir);
    const found = KUSTOMIZATION_FILE_NAMES.filter((n) => entries.includes(n));
    if (found.length === 0) throw new KustFileError(`Missing kustomization file 'kustomization.yaml'.`);
    if (found.length > 1) throw new KustFileError(`Found multiple kustomization file: [${found.join(' ')}]`);
    const f = new KustomizationFile(dir, found[0]);
    if (fs.statSync(f.path).isDirectory()) throw new KustFileError(`${found[0]} should be a file`);
    return f;
  }

  /** A new kustomization.yaml in dir, not yet written (what `create` reads back from the empty file it makes). */
  static create(dir: string): { kf: KustomizationFile; k: Kustomization } {
    const k: Kustomization = {};
    fixKustomization(k);
    return { kf: new KustomizationFile(dir, 'kustomization.yaml'), k };
  }

  static exists(dir: string): boolean {
    try {
      KustomizationFile.open(dir);
      return true;
    } catch {
      return false;
    }
  }

  read(): Kustomization {
    const data = fs.readFileSync(this.path, 'utf8');
    const k = unmarshalKustomization(data);
    fixKustomization(k);
    this.original = parseCommentedFields(data);
    return k;
  }

  render(k: Kustomization): string {
    return marshalKustomization(k, this.original);
  }

  write(k: Kustomization): void {
    fs.writeFileSync(this.path, this.render(k));
  }
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
