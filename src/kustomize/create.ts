// `kustomize create` (kustomize v5.5 kustomize/commands/create): a new kustomization.yaml in a directory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KustomizationFile } from './kustfile.js';
import { KUSTOMIZATION_FILE_NAMES } from './kustomization.js';
import { EditError, convertToMap, globPatternsWithLoader } from './edit.js';
import { parseYamlDocuments } from '../funcs/yaml.js';

export interface CreateOpts {
  resources?: string;
  namespace?: string;
  annotations?: string;
  labels?: string;
  namePrefix?: string;
  nameSuffix?: string;
  autodetect?: boolean;
  recursive?: boolean;
}

/** Whether the bytes are what resource.Factory.SliceFromBytes accepts: every non-empty document a mapping with
 *  a kind and (unless a List) a metadata.name. */
function looksLikeResources(text: string): boolean {
  let docs: unknown[];
  try {
    docs = parseYamlDocuments(text);
  } catch {
    return false;
  }
  for (const d of docs) {
    if (d === null) continue;
    if (typeof d !== 'object' || Array.isArray(d)) return false;
    const m = d as Record<string, any>;
    if (Object.keys(m).length === 0) continue;
    if (typeof m.kind !== 'string' || m.kind === '') return false;
    if (m.kind.endsWith('List')) continue;
    if (typeof m.metadata?.name !== 'string' || m.metadata.name === '') return false;
  }
  return true;
}

/** create.go detectResources: files of dir that hold resources; with recursive, subdirectories too, a directory
 *  holding a kustomization file being taken whole. Paths as filepath.Walk gives them (lexical order). */
function detectResources(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const names = fs.readdirSync(path.join(dir, rel)).sort();
    for (const n of names) {
      const p = rel === '.' ? n : `${rel}/${n}`;
      const abs = path.join(dir, p);
      const st = fs.lstatSync(abs);
      if (st.isDirectory()) {
        if (!recursive) continue;
        if (KUSTOMIZATION_FILE_NAMES.some((f) => fs.existsSync(path.join(abs, f)))) {
          out.push(p);
          continue;
        }
        walk(p);
        continue;
      }
      let text: string;
      try {
        text = fs.readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      if (looksLikeResources(text)) out.push(p);
    }
  };
  walk('.');
  return out;
}

/** runCreate. Unlike kustomize, the label and annotation flags are checked before the file is created, so a bad
 *  flag leaves no empty kustomization.yaml behind. */
export function createKustomization(dir: string, opts: CreateOpts): void {
  let resources: string[] = [];
  if (opts.resources) resources = globPatternsWithLoader(dir, opts.resources.split(','), false);
  if (KustomizationFile.exists(dir)) throw new EditError('kustomization file already exists');
  if (opts.autodetect) {
    for (const r of detectResources(dir, !!opts.recursive)) if (!resources.includes(r)) resources.push(r);
  }
  const annotations = convertToMap(opts.annotations ?? '', 'annotation');
  const labels = convertToMap(opts.labels ?? '', 'label');
  const { kf, k } = KustomizationFile.create(dir);
  k.resources = resources;
  k.namespace = opts.namespace ?? '';
  k.namePrefix = opts.namePrefix ?? '';
  k.nameSuffix = opts.nameSuffix ?? '';
  k.commonAnnotations = annotations;
  k.commonLabels = labels;
  kf.write(k);
}
