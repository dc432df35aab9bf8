// Reading a kustomization file: its name (kustomization.yaml, kustomization.yml or Kustomization), its fields
// as kustomize's types.Kustomization knows them (unknown fields are errors), and the deprecated fields with the
// warnings kubectl prints for them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocumentsV3 } from '../funcs/yaml.js';
import { KustomizeError } from './errors.js';
import type { Obj } from './resource.js';
import { validateAgainstSingleSchema } from '../chart/schema.js';
import type { GoMap } from '../template/types.js';

let schemaText: string | undefined;
/** schemas/kustomization.schema.json (beside src/ and dist/). */
function kustomizationSchema(): string {
  return (schemaText ??= readFileSync(new URL('../../schemas/kustomization.schema.json', import.meta.url), 'utf8'));
}

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const KNOWN_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'commonAnnotations',
  'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements', 'replicas', 'vars', 'sortOptions',
  'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator',
  'generatorOptions', 'configurations', 'generators', 'transformers', 'validators', 'buildMetadata',
]);

const DEPRECATED: Record<string, string> = {
  commonLabels: "Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
  patchesStrategicMerge: "Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
  patchesJson6902: "Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
  bases: "Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
  imageTags: "Warning: 'imageTags' is deprecated. Please use 'images' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
  vars: "Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically.",
};

export interface LoadedKustomization {
  dir: string;
  file: string;
  fileName: string;
  k: Obj;
}

export function findKustomizationFile(dir: string): string | undefined {
  const found = KUSTOMIZATION_FILE_NAMES.filter((n) => existsSync(join(dir, n)));
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${dir}`);
  return found[0];
}

export function loadKustomization(dir: string, warn: (msg: string) => void = () => {}): LoadedKustomization {
  const name = findKustomizationFile(dir);
  if (!name) {
    throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`);
  }
  const file = join(dir, name);
  let docs;
  try {
    docs = parseYamlDocumentsV3(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KustomizeError(`${file}: ${(e as Error).message.replace(/^error converting YAML to JSON: /, '')}`);
  }
  const k = (docs.find((d) => d !== null) ?? {}) as Obj;
  if (typeof k !== 'object' || Array.isArray(k)) throw new KustomizeError(`${file}: a kustomization must be a map of fields`);
  for (const f of Object.keys(k)) {
    if (KNOWN_FIELDS.has(f)) continue;
    // encoding/json (under sigs.k8s.io/yaml) matches field names without regard to case
    const known = [...KNOWN_FIELDS].find((x) => x.toLowerCase() === f.toLowerCase());
    if (!known) throw new KustomizeError(`invalid Kustomization: json: unknown field "${f}" (in ${file})`);
    if (!(known in k)) k[known] = k[f];
    delete k[f];
  }
  try {
    validateAgainstSingleSchema(k as GoMap, kustomizationSchema());
  } catch (e) {
    const first = (e as Error).message.split('\n')[0].replace(/^- /, '');
    throw new KustomizeError(`invalid Kustomization in ${file}: ${first}`);
  }
  for (const [f, msg] of Object.entries(DEPRECATED)) if (f in k) warn(`# ${msg}`);
  if (k.kind !== undefined && k.kind !== 'Kustomization' && k.kind !== 'Component') {
    throw new KustomizeError(`${file}: kind should be Kustomization or Component, not ${k.kind}`);
  }
  for (const f of ['generators', 'transformers', 'validators']) {
    if (Array.isArray(k[f]) && k[f].length) throw new KustomizeError(`${file}: '${f}' (plugins) are not supported by tshelm kustomize`);
  }
  // bases are resources; imageTags are images
  if (Array.isArray(k.bases)) k.resources = [...(k.resources ?? []), ...k.bases];
  if (Array.isArray(k.imageTags)) k.images = [...(k.images ?? []), ...k.imageTags];
  return { dir, file, fileName: name, k };
}
