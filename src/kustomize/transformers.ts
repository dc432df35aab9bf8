// The built-in transformers of a kustomization, in the order kustomize runs them: patchesStrategicMerge,
// patches, namespace, namePrefix, nameSuffix, labels, annotations, patchesJson6902, replicas, images.
import jsonpatch from 'fast-json-patch';
import { KustomizeError } from './errors.js';
import { applySpecs, FieldSpec } from './fieldspec.js';
import * as cfg from './builtin-config.js';
import { Obj, Resource, ResId, idString, gvkSelected, parseApiVersion, isClusterScoped } from './resource.js';
import { strategicMerge, hasBuiltinSchema } from './merge.js';

const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Extra field specs from `configurations` files and `crds`. */
export interface TransformerConfig {
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  nameReference: cfg.NameRef[];
  /** Extra var-reference fields from `configurations` (the built-in ones live in vars.ts). */
  varReference: FieldSpec[];
}

export function defaultConfig(): TransformerConfig {
  return {
    namespace: [...cfg.NAMESPACE],
    commonLabels: [...cfg.COMMON_LABELS],
    templateLabels: [...cfg.TEMPLATE_LABELS],
    commonAnnotations: [...cfg.COMMON_ANNOTATIONS],
    images: [...cfg.IMAGES],
    replicas: [...cfg.REPLICAS],
    namePrefix: [{ path: 'metadata/name' }],
    nameSuffix: [{ path: 'metadata/name' }],
    nameReference: cfg.NAME_REFERENCES.map((r) => ({ ...r, fieldSpecs: [...r.fieldSpecs] })),
    varReference: [],
  };
}


// ---------------------------------------------------------------------------------------------------------
// namespace

export function transformNamespace(res: Resource[], ns: string, tc: TransformerConfig): void {
  if (!ns) return;
  for (const r of res) {
    if (Object.keys(r.obj).length === 0) continue;
    if (r.annotations()['kustomize.config.k8s.io/helm-generated'] === 'true') continue;
    r.storePreviousId();
    const gvk = r.gvk;
    if (!isClusterScoped(gvk)) r.meta().namespace = ns;
    const specs = tc.namespace.filter((f) => f.path !== 'metadata/namespace' && !(f.path === 'metadata/name' && String(r.obj.apiVersion) !== 'v1'));
    const isBinding = gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding';
    applySpecs(r.obj, gvk, isBinding ? specs.filter((f) => f.path !== 'subjects/namespace') : specs, (p, k) => {
      p[k] = ns;
    });
    if (isBinding && Array.isArray(r.obj.subjects)) {
      for (const s of r.obj.subjects) if (isMap(s) && s.name === 'default') s.namespace = ns;
    }
  }
  const seen = new Set<string>();
  for (const r of res) {
    const k = idString(r.curId());
    if (seen.has(k)) throw new KustomizeError(`namespace transformation produces ID conflict: ${k}`);
    seen.add(k);
  }
}

// ---------------------------------------------------------------------------------------------------------
// namePrefix / nameSuffix

export function transformPrefixSuffix(res: Resource[], affix: string, which: 'prefix' | 'suffix', specs: FieldSpec[]): void {
  for (const r of res) {
    const org = r.orgId();
    if (cfg.PREFIX_SUFFIX_SKIP.has(org.gvk.kind)) continue;
    for (const fs of specs) {
      if (!gvkSelected(org.gvk, { group: fs.group, version: fs.version, kind: fs.kind })) continue;
      if (fs.path === 'metadata/name') {
        if (which === 'prefix') r.prefixes.push(affix);
        else r.suffixes.push(affix);
        if (affix !== '') r.storePreviousId();
      }
      applySpecs(r.obj, r.gvk, [{ ...fs, group: undefined, version: undefined, kind: undefined }], (p, k) => {
        if (typeof p[k] !== 'string') return;
        p[k] = which === 'prefix' ? affix + p[k] : p[k] + affix;
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// labels and annotations

/** Labels or annotations (the label and annotation transformers differ only in their field specs). */
export function setMapEntries(res: Resource[], pairs: Record<string, string>, specs: FieldSpec[]): void {
  if (Object.keys(pairs).length === 0) return;
  for (const r of res) {
    applySpecs(r.obj, r.gvk, specs, (p, k) => {
      let m = p[k];
      if (m === undefined || m === null) {
        if (Array.isArray(p)) return;
        m = p[k] = {};
      }
      if (!isMap(m)) throw new KustomizeError(`wrong node kind: expected MappingNode but got ${Array.isArray(m) ? 'SequenceNode' : 'ScalarNode'}: node contents:\n${String(m)}`);
      for (const [lk, lv] of Object.entries(pairs)) m[lk] = lv;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// images

export interface ImageSpec {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

export function imageMatches(value: string, name: string): boolean {
  let re: RegExp;
  try {
    // the name is a regular expression, as kustomize compiles it (unescaped)
    re = new RegExp('^' + name + '(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$');
  } catch {
    return false;
  }
  return re.test(value);
}

export function splitImage(image: string): [name: string, tag: string, digest: string] {
  let search = image;
  let slash = image.indexOf('/');
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf('@');
  let ic = search.indexOf(':');
  if (ic < 0 && id < 0) return [image, '', ''];
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return [image.slice(0, id), '', image.slice(id + 1)];
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return [image.slice(0, ic), image.slice(ic + 1, id), image.slice(id + 1)];
  }
  ic += slash;
  return [image.slice(0, ic), image.slice(ic + 1), ''];
}

function updateImage(value: string, img: ImageSpec): string {
  if (!imageMatches(value, img.name)) return value;
  let [name, tag, digest] = splitImage(value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) {
    tag = img.newTag;
    digest = img.digest;
  } else if (img.newTag) {
    tag = img.newTag;
    digest = '';
  } else if (img.digest) {
    tag = '';
    digest = img.digest;
  } else if (img.tagSuffix) {
    tag += img.tagSuffix;
    digest = '';
  }
  if (tag) name += ':' + tag;
  if (digest) name += '@' + digest;
  return name;
}

export function transformImages(res: Resource[], images: ImageSpec[], specs: FieldSpec[]): void {
  for (const img of images) {
    for (const r of res) {
      if (r.kind !== 'CustomResourceDefinition') {
        const walk = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(walk);
          else if (isMap(node)) {
            for (const [k, v] of Object.entries(node)) {
              walk(v);
              if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) {
                for (const c of v) if (isMap(c) && 'image' in c) {
                  if (typeof c.image !== 'string') throw new KustomizeError(`wrong node kind: expected ScalarNode but got ${Array.isArray(c.image) ? 'SequenceNode' : 'MappingNode'}`);
                  c.image = updateImage(c.image, img);
                }
              }
            }
          }
        };
        walk(r.obj);
      }
      applySpecs(r.obj, r.gvk, specs, (p, k) => {
        if (typeof p[k] === 'string') p[k] = updateImage(p[k], img);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// replicas

export function transformReplicas(res: Resource[], reps: { name: string; count: number }[], specs: FieldSpec[]): void {
  for (const rep of reps) {
    const matches = res.filter((r) => r.prevIds.some((id) => id.name === rep.name) || r.name === rep.name);
    let found = false;
    for (const r of matches) {
      applySpecs(r.obj, r.gvk, specs, (p, k) => {
        p[k] = rep.count;
        found = true;
      });
    }
    if (!found) throw new KustomizeError(`resource with name ${rep.name} does not match a config with the following GVK [${specs.map((s) => s.kind).join(' ')}]`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// patches

export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** A kustomize selector regular expression, anchored at both ends as kustomize anchors it. */
export function anchored(pattern: string): RegExp {
  try {
    return new RegExp('^(?:' + pattern + ')$');
  } catch (e) {
    throw new KustomizeError(`invalid regular expression in patch target: ${pattern}`);
  }
}

/** A label selector in the Kubernetes string syntax (=, ==, !=, in, notin, exists, !exists). */
export function matchSelector(selector: string, labels: Record<string, string>): boolean {
  const reqs: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      reqs.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) reqs.push(cur);
  for (const raw of reqs) {
    const r = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(r))) {
      const vals = m[3].split(',').map((s) => s.trim());
      const has = m[1] in labels && vals.includes(labels[m[1]]);
      if (m[2] === 'in' ? !has : has) return false;
    } else if ((m = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(r))) {
      const eq = labels[m[1]] === m[3];
      if (m[2] === '!=' ? eq : !eq) return false;
    } else if ((m = /^!(\S+)$/.exec(r))) {
      if (m[1] in labels) return false;
    } else if (r) {
      if (!(r in labels)) return false;
    }
  }
  return true;
}

export function selectTargets(res: Resource[], t: Target): Resource[] {
  const nameRe = t.name ? anchored(t.name) : undefined;
  const nsRe = t.namespace ? anchored(t.namespace) : undefined;
  return res.filter((r) => {
    const ids = [r.curId(), ...r.prevIds];
    const okId = ids.some((id) => {
      if (!gvkSelected(id.gvk, { group: t.group, version: t.version, kind: t.kind })) return false;
      if (nameRe && !nameRe.test(id.name)) return false;
      if (nsRe && !nsRe.test(id.namespace)) return false;
      return true;
    });
    if (!okId) return false;
    if (t.labelSelector && !matchSelector(t.labelSelector, r.labels())) return false;
    if (t.annotationSelector && !matchSelector(t.annotationSelector, r.annotations())) return false;
    return true;
  });
}

/** Apply a strategic merge patch object to one resource; returns false when the patch deletes it. */
export function applySmp(r: Resource, patch: Obj): boolean {
  const p = structuredClone(patch);
  // the patch's own identity fields are not written over the target's
  if (isMap(p.metadata)) {
    delete p.metadata.name;
    delete p.metadata.namespace;
    if (Object.keys(p.metadata).length === 0) delete p.metadata;
  }
  delete p.apiVersion;
  delete p.kind;
  const merged = strategicMerge(r.obj, p, { kind: r.kind, builtin: hasBuiltinSchema(String(r.obj.apiVersion ?? '')) });
  if (merged === undefined) return false;
  r.obj = merged as Obj;
  return true;
}

export function applyJson6902(r: Resource, ops: unknown[], source: string): void {
  const doc = structuredClone(r.obj);
  try {
    const err = jsonpatch.validate(ops as jsonpatch.Operation[], doc);
    if (err) throw err;
    const out = jsonpatch.applyPatch(doc, ops as jsonpatch.Operation[], false, true).newDocument;
    r.obj = out as Obj;
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new KustomizeError(`failed to apply json patch '${source}' to ${idString(r.curId())}: ${msg}`);
  }
}

export function patchIdOf(patch: Obj): ResId {
  const { group, version } = parseApiVersion(String(patch.apiVersion ?? ''));
  return { gvk: { group, version, kind: String(patch.kind ?? '') }, name: String(patch.metadata?.name ?? ''), namespace: String(patch.metadata?.namespace ?? '') };
}
