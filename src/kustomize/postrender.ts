// A release's manifest through the kustomize layer (install/upgrade/template `--kustomize DIR`, `--set-image`,
// `--set-namespace`): the rendered objects become the kustomization's resources, the flags a last layer on top.
import { buildOver, buildVirtual, resourcesFromText } from './build.js';
import type { ImageSpec } from './transformers.js';
import { Resource } from './resource.js';

export interface KustomizePostRenderOptions {
  /** A directory holding a kustomization; the manifest is injected as its first resources (or as `all.yaml`). */
  dir?: string;
  /** Images to set, as `kustomize edit set image` parses its arguments (parseImageArg in edit.ts). */
  images?: ImageSpec[];
  namespace?: string;
  warn?: (m: string) => void;
}

/** A post-renderer (the same shape as an executable `--post-renderer`). */
export function kustomizePostRenderer(o: KustomizePostRenderOptions): { run(manifest: string): string } {
  const images = o.images ?? [];
  return {
    run(manifest: string): string {
      let objs = resourcesFromText(manifest, 'the rendered manifest');
      let yaml = manifest;
      if (o.dir) {
        const r = buildOver(o.dir, objs, { warn: o.warn });
        yaml = r.yaml;
        objs = r.resources.map((x) => new Resource(x));
      }
      if (images.length || o.namespace) {
        const k: Record<string, unknown> = {};
        if (o.namespace) k.namespace = o.namespace;
        if (images.length) k.images = images;
        yaml = buildVirtual(k, objs, process.cwd(), { warn: o.warn }).yaml;
      }
      return yaml;
    },
  };
}
