// `kustomize build`: accumulate a kustomization's resources (files, directories holding kustomizations, nested
// without end only if they do not form a cycle), run its generators, components and transformers in kustomize's
// order, then at the top add content hashes to generated names, fix references to renamed objects, sort, and
// print the objects as kustomize prints them.
import { statSync, existsSync } from 'node:fs';
import { resolve, join, relative } from 'node:path';
import { parseYamlDocumentsV3, marshalYaml } from '../funcs/yaml.js';
import { KustomizeError } from './errors.js';
import { Loader, LoadRestrictor, isRemote } from './loader.js';
import { loadKustomization, LoadedKustomization } from './kustomization.js';
import { Obj, Resource, ResId, idString, nsEquals, gvkSelected, isClusterScoped } from './resource.js';
import * as T from './transformers.js';
import type { FieldSpec } from './fieldspec.js';
import { visitField, splitPath, specApplies } from './fieldspec.js';
import { generateConfigMap, generateSecret, contentHash, GeneratorArgs } from './generators.js';
import { ORDER_FIRST, ORDER_LAST } from './builtin-config.js';
import { applyReplacements } from './replacements.js';
import { bindVars, resolveVars, BoundVar, Var } from './vars.js';
import type { NameRef } from './builtin-config.js';

const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface HelmChartSpec {
  name: string;
  version?: string;
  repo?: string;
  releaseName?: string;
  namespace?: string;
  valuesFile?: string;
  valuesInline?: Obj;
  valuesMerge?: string;
  includeCRDs?: boolean;
  skipHooks?: boolean;
  apiVersions?: string[];
  kubeVersion?: string;
  nameTemplate?: string;
  skipTests?: boolean;
  [k: string]: unknown;
}

export interface BuildOptions {
  loadRestrictor?: LoadRestrictor;
  enableHelm?: boolean;
  /** Renders a helmCharts entry to a YAML stream (given by the CLI, which owns chart loading). */
  inflateHelm?: (spec: HelmChartSpec, chartHome: string, kustDir: string) => string;
  /** Deprecation warnings and the like (kubectl prints them on stderr). */
  warn?: (msg: string) => void;
}

// ---------------------------------------------------------------------------------------------------------
// Reading resources from YAML text.

export function resourcesFromText(text: string, source: string): Resource[] {
  let docs;
  try {
    docs = parseYamlDocumentsV3(text);
  } catch (e) {
    throw new KustomizeError(`${source}: ${(e as Error).message.replace(/^error converting YAML to JSON: /, '')}`);
  }
  const out: Resource[] = [];
  const add = (d: unknown) => {
    if (d === null || d === undefined) return;
    if (!isMap(d)) throw new KustomizeError(`${source}: a resource must be a map, not ${Array.isArray(d) ? 'a list' : 'a scalar'}`);
    if (Object.keys(d).length === 0) return;
    const kind = d.kind;
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(d.items)) {
      for (const it of d.items) add(it);
      return;
    }
    if (typeof kind !== 'string' || kind === '') throw new KustomizeError(`${source}: missing Resource metadata: a resource needs a kind`);
    if (kind === 'Kustomization' && String(d.apiVersion ?? '').startsWith('kustomize.config.k8s.io')) {
      throw new KustomizeError(`${source}: a kustomization file cannot be a resource; list its directory instead`);
    }
    out.push(new Resource(d as Obj));
  };
  for (const d of docs) add(d);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The accumulation.

interface Acc {
  resources: Resource[];
  config: T.TransformerConfig;
  vars?: BoundVar[];
}

function appendAll(acc: Acc, add: Resource[], where: string): void {
  const key = (r: Resource) => {
    const g = r.gvk;
    return `${g.group}|${g.version}|${g.kind}|${r.name}|${r.namespace || 'default'}`;
  };
  const seen = new Set(acc.resources.map(key));
  for (const r of add) {
    const k = key(r);
    if (seen.has(k)) throw new KustomizeError(`${where}: may not add resource with an already registered id: ${idString(r.curId())}`);
    seen.add(k);
    acc.resources.push(r);
  }
}

class Target {
  constructor(
    readonly ldr: Loader,
    readonly kust: LoadedKustomization,
    readonly opts: BuildOptions,
    readonly visiting: string[],
  ) {}

  /** Objects given from outside (a release's rendered manifest): they come first, or where the kustomization
   *  lists `all.yaml` when no such file exists (the name Helm's post-renderer examples use). */
  inject?: Resource[];

  accumulate(acc: Acc): Acc {
    const k = this.kust.k;
    let specs = asList<string>(k.resources, 'resources');
    if (this.inject) {
      const at = specs.findIndex((s) => s === 'all.yaml' && !existsSync(this.ldr.resolve(s)));
      if (at >= 0) {
        this.accumulateResources(acc, specs.slice(0, at));
        appendAll(acc, this.inject, 'the rendered manifest');
        specs = specs.slice(at + 1);
      } else appendAll(acc, this.inject, 'the rendered manifest');
    }
    this.accumulateResources(acc, specs);
    this.mergeConfigurations(acc);
    this.mergeCrds(acc);
    this.runGenerators(acc);
    for (const c of asList(k.components, 'components')) this.accumulateComponent(acc, c);
    this.runTransformers(acc);
    const vars = asList<Var>(this.kust.k.vars, 'vars');
    if (vars.length) bindVars((acc.vars ??= []), vars, acc.resources);
    return acc;
  }

  private subTarget(spec: string, wantKind: 'Kustomization' | 'Component'): Target {
    const dir = this.ldr.resolve(spec);
    if (this.visiting.includes(dir)) {
      throw new KustomizeError(`cycle detected: candidate root '${dir}' contains visited root '${this.visiting[this.visiting.length - 1]}'`);
    }
    const kust = loadKustomization(dir, this.opts.warn);
    const kind = kust.k.kind ?? 'Kustomization';
    if (wantKind === 'Component' && kind !== 'Component') {
      throw new KustomizeError(`accumulating components: '${dir}' is not a Component (kind: ${kind}); components must set kind: Component`);
    }
    if (wantKind === 'Kustomization' && kind === 'Component') {
      throw new KustomizeError(`accumulating resources: '${dir}' is a Component; list it under components, not resources`);
    }
    const sub = new Target(this.ldr.child(dir), kust, this.opts, [...this.visiting, dir]);
    // kustomize hands its buildMetadata down to the kustomizations it includes
    sub.buildMetadata = this.buildMetadata;
    sub.root = this.root;
    return sub;
  }

  private accumulateResources(acc: Acc, specs: string[]): void {
    for (const spec of specs) {
      if (isRemote(spec)) {
        throw new KustomizeError(`accumulating resources: '${spec}' is a remote resource; tshelm kustomize builds offline and does not fetch it (download it and list the local copy)`);
      }
      const abs = this.ldr.resolve(spec);
      let st;
      try {
        st = statSync(abs);
      } catch {
        throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${spec}': evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory' (in ${this.kust.file})`);
      }
      if (st.isDirectory()) {
        const sub = this.subTarget(spec, 'Kustomization');
        const subAcc = sub.accumulate({ resources: [], config: T.defaultConfig() });
        mergeConfig(acc.config, subAcc.config);
        if (subAcc.vars) for (const b of subAcc.vars) {
          if ((acc.vars ??= []).some((x) => x.v.name === b.v.name)) throw new KustomizeError(`var '${b.v.name}' already encountered`);
          acc.vars.push(b);
        }
        appendAll(acc, subAcc.resources, `accumulating resources from '${spec}'`);
      } else {
        const text = this.ldr.readText(spec);
        const res = resourcesFromText(text, abs);
        if (this.buildMetadata.includes('originAnnotations')) for (const r of res) r.origin = { path: relative(this.root, abs) };
        appendAll(acc, res, `accumulating resources from '${spec}'`);
      }
    }
  }

  /** The top kustomization's directory (origin paths are relative to it) and its buildMetadata. */
  root = '';
  buildMetadata: string[] = [];

  /** This kustomization file, relative to the top (for origin and transformer annotations). */
  get configuredIn(): string {
    return join(relative(this.root, this.kust.dir), this.kust.fileName);
  }

  private accumulateComponent(acc: Acc, spec: string): void {
    const sub = this.subTarget(spec, 'Component');
    sub.accumulate(acc);
  }

  private mergeConfigurations(acc: Acc): void {
    for (const f of asList(this.kust.k.configurations, 'configurations')) {
      const text = this.ldr.readText(f);
      const docs = parseYamlDocumentsV3(text);
      for (const d of docs) {
        if (!isMap(d)) continue;
        for (const [key, val] of Object.entries(d)) {
          if (!Array.isArray(val)) continue;
          if (key === 'nameReference') for (const nr of val as NameRef[]) addNameRef(acc.config, nr);
          else if (key in acc.config) addSpecs(acc.config[key as SpecKey], val as FieldSpec[]);
        }
      }
    }
  }

  /** `crds`: OpenAPI definitions whose x-kubernetes-* extensions name annotation, label-selector, identity
   *  and object-reference fields (kustomize's LoadConfigFromCRDs). */
  private mergeCrds(acc: Acc): void {
    for (const f of asList(this.kust.k.crds, 'crds')) {
      const text = this.ldr.readText(f);
      let defs: Obj;
      try {
        defs = (text.trimStart().startsWith('{') ? JSON.parse(text) : parseYamlDocumentsV3(text)[0]) as Obj;
      } catch (e) {
        throw new KustomizeError(`unable to parse open API definition from '${f}': ${(e as Error).message}`);
      }
      if (!isMap(defs)) continue;
      const visit = (kind: string, typeName: string, path: string[], seen: Set<string>): void => {
        const api = defs[typeName];
        if (!isMap(api) || seen.has(typeName)) return;
        const props = isMap(api.Schema) && isMap(api.Schema.properties) ? api.Schema.properties : {};
        for (const [prop, p] of Object.entries(props)) {
          if (!isMap(p)) continue;
          const fp = [...path, prop].join('/');
          if (typeof p['x-kubernetes-annotation'] === 'string') addSpecs(acc.config.commonAnnotations, [{ kind, path: fp, create: false }]);
          if (typeof p['x-kubernetes-label-selector'] === 'string') addSpecs(acc.config.commonLabels, [{ kind, path: fp, create: false }]);
          if (typeof p['x-kubernetes-identity'] === 'string') addSpecs(acc.config.namePrefix, [{ kind, path: fp, create: false }]);
          const v = p['x-kubernetes-object-ref-api-version'];
          const k = p['x-kubernetes-object-ref-kind'];
          if (typeof v === 'string' && typeof k === 'string') {
            const nameKey = typeof p['x-kubernetes-object-ref-name-key'] === 'string' ? p['x-kubernetes-object-ref-name-key'] : 'name';
            addNameRef(acc.config, { kind: k, version: v, fieldSpecs: [{ kind, path: `${fp}/${nameKey}`, create: false }] });
          }
          const ref = p.$ref;
          if (typeof ref === 'string') visit(kind, ref, [...path, prop], new Set([...seen, typeName]));
        }
      };
      for (const [name, api] of Object.entries(defs)) {
        if (!isMap(api) || !isMap(api.Schema) || !isMap(api.Schema.properties)) continue;
        const pr = api.Schema.properties;
        if (!('kind' in pr && 'apiVersion' in pr && 'metadata' in pr)) continue;
        const kind = name.split('.').pop()!;
        visit(kind, name, [], new Set());
      }
    }
  }

  private runGenerators(acc: Acc): void {
    const k = this.kust.k;
    const gen: Resource[] = [];
    const generated = (r: Resource, by: string) => {
      if (this.buildMetadata.includes('originAnnotations')) r.origin = { configuredIn: this.configuredIn, configuredBy: { apiVersion: 'builtin', kind: by } };
      gen.push(r);
    };
    for (const a of asList<GeneratorArgs>(k.configMapGenerator, 'configMapGenerator')) generated(generateConfigMap(a, this.ldr, k.generatorOptions), 'ConfigMapGenerator');
    for (const a of asList<GeneratorArgs>(k.secretGenerator, 'secretGenerator')) generated(generateSecret(a, this.ldr, k.generatorOptions), 'SecretGenerator');
    if (Array.isArray(k.helmCharts) && k.helmCharts.length) {
      if (!this.opts.enableHelm) {
        throw new KustomizeError(`trouble configuring builtin HelmChartInflationGenerator with config: \`${k.helmCharts.map((c: Obj) => c.name).join(', ')}\`: must specify --enable-helm`);
      }
      if (!this.opts.inflateHelm) throw new KustomizeError('helmCharts need a chart renderer');
      const chartHome = k.helmGlobals?.chartHome ?? 'charts';
      for (const spec of k.helmCharts as HelmChartSpec[]) {
        const text = this.opts.inflateHelm(spec, this.ldr.resolve(chartHome), this.kust.dir);
        for (const r of resourcesFromText(text, `helm chart ${spec.name}`)) gen.push(r);
      }
    }
    for (const g of gen) {
      const behavior = g.generator?.behavior ?? 'create';
      if (behavior === 'create') {
        appendAll(acc, [g], `generating ${g.kind} ${g.name}`);
        continue;
      }
      const matches = acc.resources.filter((r) => r.gvk.kind === g.kind && (r.orgId().name === g.name || r.name === g.name) && (g.namespace === '' || nsEquals(r.orgId().namespace, g.namespace) || nsEquals(r.namespace, g.namespace)));
      if (matches.length !== 1) {
        throw new KustomizeError(`id ${JSON.stringify(idString(g.curId()))} does not exist; cannot merge or replace`);
      }
      const base = matches[0];
      if (behavior === 'replace') {
        for (const f of ['data', 'binaryData', 'stringData']) {
          if (g.obj[f] !== undefined) base.obj[f] = g.obj[f];
          else delete base.obj[f];
        }
      } else {
        for (const f of ['data', 'binaryData', 'stringData']) {
          if (g.obj[f] !== undefined) base.obj[f] = { ...(base.obj[f] ?? {}), ...g.obj[f] };
        }
      }
      const bm = base.meta();
      const gm = g.meta();
      if (gm.labels) bm.labels = { ...(bm.labels ?? {}), ...gm.labels };
      if (gm.annotations) bm.annotations = { ...(bm.annotations ?? {}), ...gm.annotations };
      if (g.obj.type !== undefined && g.obj.type !== 'Opaque') base.obj.type = g.obj.type;
      if (base.generator) base.generator = { behavior: base.generator.behavior, hash: base.generator.hash && g.generator!.hash };
    }
  }

  /** buildMetadata: [transformerAnnotations]: each built-in transformer that changes an object is recorded on it. */
  private track(acc: Acc, kind: string, fn: () => void): void {
    if (!this.buildMetadata.includes('transformerAnnotations')) return fn();
    const before = new Map(acc.resources.map((r) => [r, JSON.stringify(r.obj)]));
    fn();
    for (const r of acc.resources) {
      if (before.get(r) !== JSON.stringify(r.obj)) (r.transformations ??= []).push({ configuredIn: this.configuredIn, kind });
    }
  }

  private runTransformers(acc: Acc): void {
    const k = this.kust.k;
    const tc = acc.config;
    // patchesStrategicMerge
    for (const p of asList<string>(k.patchesStrategicMerge, 'patchesStrategicMerge')) {
      // as kustomize: the entry is first tried as patch content, then as a file path
      let patches: Resource[];
      try {
        patches = resourcesFromText(p, 'patchesStrategicMerge');
        if (patches.length === 0) throw new KustomizeError('empty');
      } catch {
        patches = resourcesFromText(this.ldr.readText(p), this.ldr.resolve(p));
      }
      this.track(acc, 'PatchStrategicMergeTransformer', () => {
        for (const patch of patches) this.applySmpById(acc, patch.obj);
      });
    }
    // patches
    for (const p of asList<Obj>(k.patches, 'patches')) this.track(acc, 'PatchTransformer', () => this.applyPatch(acc, p));
    // namespace
    if (typeof k.namespace === 'string' && k.namespace) this.track(acc, 'NamespaceTransformer', () => T.transformNamespace(acc.resources, k.namespace, tc));
    // prefix, suffix
    if (k.namePrefix) this.track(acc, 'PrefixTransformer', () => T.transformPrefixSuffix(acc.resources, String(k.namePrefix), 'prefix', tc.namePrefix));
    if (k.nameSuffix) this.track(acc, 'SuffixTransformer', () => T.transformPrefixSuffix(acc.resources, String(k.nameSuffix), 'suffix', tc.nameSuffix));
    // labels, then commonLabels
    for (const l of asList<Obj>(k.labels, 'labels')) {
      let specs: FieldSpec[] = [...((l.fields as FieldSpec[]) ?? [])];
      if (l.includeSelectors) specs = [...specs, ...tc.commonLabels];
      else {
        specs = [...specs, { path: 'metadata/labels', create: true }];
        if (l.includeTemplates) specs = [...specs, ...tc.templateLabels];
      }
      this.track(acc, 'LabelTransformer', () => T.setMapEntries(acc.resources, stringMap(l.pairs, 'labels'), dedupeSpecs(specs)));
    }
    if (k.commonLabels) this.track(acc, 'LabelTransformer', () => T.setMapEntries(acc.resources, stringMap(k.commonLabels, 'commonLabels'), tc.commonLabels));
    if (k.commonAnnotations) this.track(acc, 'AnnotationsTransformer', () => T.setMapEntries(acc.resources, stringMap(k.commonAnnotations, 'commonAnnotations'), tc.commonAnnotations));
    // patchesJson6902
    for (const p of asList<Obj>(k.patchesJson6902, 'patchesJson6902')) {
      if (!p.target) throw new KustomizeError('must specify a target for patch in patchesJson6902');
      this.track(acc, 'PatchJson6902Transformer', () => this.applyPatch(acc, { ...p }, true));
    }
    // replicas
    for (const r of asList<Obj>(k.replicas, 'replicas')) {
      this.track(acc, 'ReplicaCountTransformer', () => T.transformReplicas(acc.resources, [{ name: String(r.name), count: Number(r.count) }], tc.replicas));
    }
    // images
    for (const img of asList<Obj>(k.images, 'images') as unknown as T.ImageSpec[]) {
      this.track(acc, 'ImageTagTransformer', () => T.transformImages(acc.resources, [img], tc.images));
    }
    // replacements (inline, or `path:` to a file holding one or a list)
    const replacements: Obj[] = [];
    for (const r of asList<Obj>(k.replacements, 'replacements')) {
      if (isMap(r) && typeof r.path === 'string' && Object.keys(r).length === 1) {
        for (const d of parseYamlDocumentsV3(this.ldr.readText(r.path))) {
          if (Array.isArray(d)) replacements.push(...(d as Obj[]));
          else if (isMap(d)) replacements.push(d);
        }
      } else replacements.push(r);
    }
    if (replacements.length) this.track(acc, 'ReplacementTransformer', () => applyReplacements(acc.resources, replacements as never));
  }

  private patchText(p: Obj): { text: string; source: string } {
    if (p.path !== undefined && p.patch !== undefined) throw new KustomizeError('patch and path can\'t be set at the same time');
    if (p.path !== undefined) return { text: this.ldr.readText(String(p.path)), source: this.ldr.resolve(String(p.path)) };
    if (p.patch !== undefined) return { text: String(p.patch), source: 'inline patch' };
    throw new KustomizeError('must specify one of patch and path in patch entry');
  }

  private applyPatch(acc: Acc, p: Obj, json6902Only = false): void {
    const { text, source } = this.patchText(p);
    let docs: unknown[];
    try {
      docs = parseYamlDocumentsV3(text).filter((d) => d !== null);
    } catch (e) {
      throw new KustomizeError(`${source}: ${(e as Error).message.replace(/^error converting YAML to JSON: /, '')}`);
    }
    const isJson = docs.length === 1 && Array.isArray(docs[0]);
    if (json6902Only && !isJson) throw new KustomizeError(`${source}: a patchesJson6902 patch must be a list of operations`);
    const target = p.target as T.Target | undefined;
    const opts = (p.options ?? {}) as Obj;
    if (isJson) {
      if (!target) throw new KustomizeError(`${source}: must specify a target for JSON patch`);
      const selected = T.selectTargets(acc.resources, target);
      for (const r of selected) {
        if (opts.allowNameChange || opts.allowKindChange) {
          r.storePreviousId();
        }
        T.applyJson6902(r, docs[0] as unknown[], source);
      }
      return;
    }
    for (const d of docs) if (!isMap(d)) throw new KustomizeError(`${source}: unable to parse SM or JSON patch`);
    if (!target) {
      for (const patch of docs as Obj[]) this.applySmpById(acc, patch, opts);
      return;
    }
    const selected = T.selectTargets(acc.resources, target);
    for (const r of selected) for (const patch of docs as Obj[]) this.smpOne(acc, r, patch, opts);
  }

  private applySmpById(acc: Acc, patch: Obj, opts: Obj = {}): void {
    const pid = T.patchIdOf(patch);
    const matches = acc.resources.filter((r) => [r.curId(), ...r.prevIds].some((id) => idEquals(id, pid)));
    if (matches.length !== 1) {
      throw new KustomizeError(`no resource matches strategic merge patch "${idString(pid)}": no matches for Id ${idString(pid)}; failed to find unique target for patch ${idString(pid)}`);
    }
    this.smpOne(acc, matches[0], patch, opts);
  }

  private smpOne(acc: Acc, r: Resource, patch: Obj, opts: Obj): void {
    const name = r.name;
    const kind = r.kind;
    const ns = r.obj.metadata?.namespace;
    if (opts.allowNameChange || opts.allowKindChange) r.storePreviousId();
    const kept = T.applySmp(r, patch);
    if (!kept) {
      acc.resources.splice(acc.resources.indexOf(r), 1);
      return;
    }
    if (!opts.allowKindChange) r.obj.kind = kind;
    if (!opts.allowNameChange) r.meta().name = name;
    if (ns === undefined) delete r.meta().namespace;
    else r.meta().namespace = ns;
  }
}

function idEquals(a: ResId, b: ResId): boolean {
  return a.gvk.group === b.gvk.group && a.gvk.version === b.gvk.version && a.gvk.kind === b.gvk.kind && a.name === b.name && nsEquals(a.namespace, b.namespace);
}


function asList<X = string>(v: unknown, field: string): X[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KustomizeError(`invalid Kustomization: '${field}' must be a list`);
  return v as X[];
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isMap(v)) throw new KustomizeError(`invalid Kustomization: '${field}' must be a map of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = x === null ? '' : String(x);
  return out;
}

function dedupeSpecs(specs: FieldSpec[]): FieldSpec[] {
  const out: FieldSpec[] = [];
  addSpecs(out, specs);
  return out;
}

type SpecKey = Exclude<keyof T.TransformerConfig, 'nameReference'>;

const specKey = (s: FieldSpec) => `${s.group ?? ''}|${s.version ?? ''}|${s.kind ?? ''}|${s.path}`;

/** Add field specs not already listed (kustomize's FsSlice.MergeAll). */
function addSpecs(into: FieldSpec[], specs: FieldSpec[]): void {
  const have = new Set(into.map(specKey));
  for (const fs of specs) if (!have.has(specKey(fs))) (have.add(specKey(fs)), into.push(fs));
}

/** Add a name reference: its field specs join those of the same referral kind. */
function addNameRef(into: T.TransformerConfig, nr: NameRef): void {
  const same = into.nameReference.find((x) => x.kind === nr.kind && (x.group ?? '') === (nr.group ?? '') && (x.version ?? '') === (nr.version ?? ''));
  if (same) addSpecs(same.fieldSpecs, nr.fieldSpecs ?? []);
  else into.nameReference.push({ ...nr, fieldSpecs: [...(nr.fieldSpecs ?? [])] });
}

/** A base's transformer configuration joins its parent's (kustomize's TransformerConfig.Merge). */
function mergeConfig(into: T.TransformerConfig, from: T.TransformerConfig): void {
  for (const key of Object.keys(from) as (keyof T.TransformerConfig)[]) {
    if (key === 'nameReference') for (const nr of from.nameReference) addNameRef(into, nr);
    else addSpecs(into[key], from[key]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The last steps: hashes, back references, sorting, output.

function addHashes(res: Resource[]): void {
  for (const r of res) {
    if (!r.generator?.hash) continue;
    r.storePreviousId();
    r.meta().name = `${r.name}-${contentHash(r.obj)}`;
  }
}

function sameEndingSubSlice(a: string[], b: string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 1; i <= n; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

function fixBackReferences(res: Resource[], nameRefs: NameRef[]): void {
  // resources by every name they had before (only renamed resources can be referred to by an old name)
  const byPrevName = new Map<string, Resource[]>();
  for (const r of res) {
    for (const n of new Set(r.prevIds.map((id) => id.name))) {
      const l = byPrevName.get(n);
      if (l) l.push(r);
      else byPrevName.set(n, [r]);
    }
  }
  if (byPrevName.size === 0) return;
  for (const nr of nameRefs) {
    const referralGvk = { group: nr.group, version: nr.version, kind: nr.kind };
    for (const referrer of res) {
      const rg = referrer.gvk;
      const specs = nr.fieldSpecs.filter((fs) => specApplies(fs, rg));
      if (specs.length === 0) continue;
      const mayRefer = referrableBy(referrer);
      for (const fs of specs) {
        const select = (oldName: string, namespace: string | undefined, identical: (rs: Resource[]) => boolean): Resource | undefined => {
          let c = (byPrevName.get(oldName) ?? []).filter(mayRefer);
          if (namespace !== undefined) {
            // kustomize groups every candidate by original namespace first, by current namespace otherwise
            const anyOrg = res.some((r) => mayRefer(r) && r.orgId().namespace === namespace);
            c = anyOrg ? c.filter((r) => r.orgId().namespace === namespace) : c.filter((r) => (r.isClusterScoped() ? '' : r.namespace || 'default') === namespace);
          }
          c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id.gvk, referralGvk)));
          if (fs.path.endsWith('roleRef/name')) {
            const rr = referrer.obj.roleRef;
            if (isMap(rr) && rr.apiGroup !== undefined && rr.kind !== undefined) {
              const g = { group: String(rr.apiGroup), kind: String(rr.kind) };
              c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id.gvk, g)));
            }
          }
          if (!isClusterScoped(rg)) {
            c = c.filter((r) => r.isClusterScoped() || r.kind === 'ServiceAccount' || nsEquals(referrer.namespace, r.namespace));
          }
          if (c.length === 1) return c[0];
          const affixesMatch = (a: Resource, allow: boolean) =>
            allow
              ? (a.prefixes.length === 0 || referrer.prefixes.length === 0 || sameEndingSubSlice(a.prefixes, referrer.prefixes)) &&
                (a.suffixes.length === 0 || referrer.suffixes.length === 0 || sameEndingSubSlice(a.suffixes, referrer.suffixes))
              : sameEndingSubSlice(a.prefixes, referrer.prefixes) && sameEndingSubSlice(a.suffixes, referrer.suffixes);
          c = c.filter((r) => affixesMatch(r, true));
          if (c.length > 1) c = c.filter((r) => affixesMatch(r, false));
          if (c.length === 1) return c[0];
          if (c.length === 0) return undefined;
          if (identical(c)) return c[0];
          throw new KustomizeError(`found multiple possible referrals: ${c.map((r) => idString(r.curId())).join(', ')}`);
        };
        const setScalar = (p: Obj, k: string) => {
          const v = p[k];
          if (typeof v !== 'string') return;
          const ref = select(v, undefined, (rs) => rs.every((x) => x.name === rs[0].name));
          if (ref && ref.name !== v) p[k] = ref.name;
        };
        const setMapping = (m: Obj) => {
          if (typeof m.name !== 'string') return;
          const ns = typeof m.namespace === 'string' ? m.namespace : undefined;
          const ref = select(m.name, ns, (rs) => rs.every((x) => x.name === rs[0].name && x.namespace === rs[0].namespace));
          if (!ref) return;
          if (ref.name === m.name && ref.namespace === '') return;
          m.name = ref.name;
          if (ref.namespace !== '') m.namespace = ref.namespace;
        };
        visitField(referrer.obj, splitPath(fs.path), false, (p, k) => {
          const v = p[k];
          if (v === undefined || v === null) return;
          if (typeof v === 'string') setScalar(p, k);
          else if (isMap(v)) setMapping(v);
          else if (Array.isArray(v)) {
            v.forEach((x, i) => {
              if (typeof x === 'string') setScalar(v as unknown as Obj, String(i));
              else if (isMap(x)) setMapping(x);
            });
          }
        });
      }
    }
  }
}

/** kustomize's SubsetThatCouldBeReferencedByResource, as a predicate. */
function referrableBy(referrer: Resource): (r: Resource) => boolean {
  if (referrer.isClusterScoped()) return () => true;
  const rbNamespaces = new Set<string>();
  if (referrer.kind === 'RoleBinding' && Array.isArray(referrer.obj.subjects)) {
    for (const s of referrer.obj.subjects) if (isMap(s) && s.kind === 'ServiceAccount' && typeof s.namespace === 'string') rbNamespaces.add(s.namespace);
  }
  return (r) => r.isClusterScoped() || nsEquals(r.namespace, referrer.namespace) || rbNamespaces.has(r.namespace);
}

function legacyGvkString(r: Resource): string {
  const g = r.gvk;
  return `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
}

function legacySort(res: Resource[], first = ORDER_FIRST, last = ORDER_LAST): Resource[] {
  const order = new Map<string, number>();
  first.forEach((k, i) => order.set(k, -first.length + i));
  last.forEach((k, i) => order.set(k, 1 + i));
  const idStr = (r: Resource) => {
    const g = r.gvk;
    return `${g.kind || '[noKind]'}.${g.version || '[noVer]'}.${g.group || '[noGrp]'}|${r.namespace || '~X'}|${r.name || '~N'}`;
  };
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...res].sort((a, b) => {
    const ga = a.gvk;
    const gb = b.gvk;
    if (!(ga.group === gb.group && ga.version === gb.version && ga.kind === gb.kind)) {
      const ia = order.get(ga.kind) ?? 0;
      const ib = order.get(gb.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      if (ga.kind === 'Namespace' && gb.kind === 'Namespace' && (ga.group === '' || gb.group === '')) return -cmp(legacyGvkString(a), legacyGvkString(b));
      return cmp(legacyGvkString(a), legacyGvkString(b));
    }
    return cmp(idStr(a), idStr(b));
  });
}

export interface BuildResult {
  resources: Obj[];
  yaml: string;
}

/** Build the kustomization in `dir`; returns the objects and the YAML stream `kubectl kustomize` prints. */
export function build(dir: string, opts: BuildOptions = {}): BuildResult {
  const abs = resolve(dir);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new KustomizeError(`must build at directory: not a valid directory: evalsymlink failure on '${dir}' : lstat ${abs}: no such file or directory`);
  }
  if (!st.isDirectory()) throw new KustomizeError(`must build at directory: '${abs}' is a file`);
  const ldr = new Loader(abs, opts.loadRestrictor ?? 'LoadRestrictionsRootOnly');
  const kust = loadKustomization(ldr.root, opts.warn);
  if (kust.k.kind === 'Component') throw new KustomizeError(`'${ldr.root}' is a Component; a Component cannot be built on its own`);
  return runTop(ldr, kust, opts);
}

/** Build a kustomization given as an object (not read from a file), over `inject`ed objects, with `dir` as the
 *  root its file references are resolved against. */
export function buildVirtual(k: Obj, inject: Resource[], dir: string, opts: BuildOptions = {}): BuildResult {
  const ldr = new Loader(dir, opts.loadRestrictor ?? 'LoadRestrictionsRootOnly');
  return runTop(ldr, { dir: ldr.root, file: '(command-line flags)', fileName: 'kustomization.yaml', k }, opts, inject);
}

/** Build `dir`'s kustomization with `inject`ed objects as (the first of) its resources. */
export function buildOver(dir: string, inject: Resource[], opts: BuildOptions = {}): BuildResult {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new KustomizeError(`kustomization directory '${dir}' does not exist or is not a directory`);
  const ldr = new Loader(abs, opts.loadRestrictor ?? 'LoadRestrictionsRootOnly');
  const kust = loadKustomization(ldr.root, opts.warn);
  return runTop(ldr, kust, opts, inject);
}

function runTop(ldr: Loader, kust: LoadedKustomization, opts: BuildOptions, inject?: Resource[]): BuildResult {
  const top = new Target(ldr, kust, opts, [ldr.root]);
  top.inject = inject;
  const bm = Array.isArray(kust.k.buildMetadata) ? (kust.k.buildMetadata as string[]) : [];
  top.root = ldr.root;
  top.buildMetadata = bm;
  const acc = top.accumulate({ resources: [], config: T.defaultConfig() });
  addHashes(acc.resources);
  fixBackReferences(acc.resources, acc.config.nameReference);
  resolveVars(acc.vars ?? [], acc.resources, acc.config.varReference);
  let res = acc.resources;
  const so = kust.k.sortOptions as Obj | undefined;
  if (!so || so.order === undefined || so.order === 'legacy') {
    const lso = (so?.legacySortOptions ?? {}) as Obj;
    res = legacySort(res, (lso.orderFirst as string[]) ?? ORDER_FIRST, (lso.orderLast as string[]) ?? ORDER_LAST);
  } else if (so.order !== 'fifo') {
    throw new KustomizeError(`the field 'sortOptions.order' must be one of [fifo, legacy]`);
  } else if (so.legacySortOptions) {
    throw new KustomizeError("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'");
  }
  if (bm.includes('managedByLabel')) {
    for (const r of res) (r.meta().labels ??= {})['app.kubernetes.io/managed-by'] = 'kustomize-(devel)'; // what kubectl's built-in kustomize writes
  }
  if (bm.includes('originAnnotations')) {
    for (const r of res) {
      const o = r.origin;
      if (!o) continue;
      const lines: string[] = [];
      if (o.path) lines.push(`path: ${o.path}`);
      if (o.configuredIn) lines.push(`configuredIn: ${o.configuredIn}`, 'configuredBy:', `  apiVersion: ${o.configuredBy!.apiVersion}`, `  kind: ${o.configuredBy!.kind}`);
      (r.meta().annotations ??= {})['config.kubernetes.io/origin'] = lines.join('\n') + '\n';
    }
  }
  if (bm.includes('transformerAnnotations')) {
    for (const r of res) {
      if (!r.transformations?.length) continue;
      const text = r.transformations.map((t) => `- configuredIn: ${t.configuredIn}\n  configuredBy:\n    apiVersion: builtin\n    kind: ${t.kind}\n`).join('');
      (r.meta().annotations ??= {})['alpha.config.kubernetes.io/transformations'] = text;
    }
  }
  const objs = res.map((r) => r.obj);
  return { resources: objs, yaml: emitResources(objs) };
}

/** Objects as kustomize prints them: each through JSON then YAML (keys sorted), separated by `---`. */
export function emitResources(objs: Obj[]): string {
  return objs.map((o) => marshalYaml(o)).join('---\n');
}

