// A release's manifest through the kustomize layer (install/upgrade/template `--kustomize DIR`, `--set-image`,
// `--set-namespace`): the rendered objects become the kustomization's resources, the flags a last layer on top.
import { KustomizeError } from './errors.js';
import { buildOver, buildVirtual, resourcesFromText } from './build.js';
import type { ImageSpec } from './transformers.js';

export interface KustomizePostRenderOptions {
  /** A directory holding a kustomization; the manifest is injected as its first resources (or as `all.yaml`). */
  dir?: string;
  /** `name=newName:tag@digest`, `name:tag`, `name@digest` (as `kustomize edit set image`). */
  images?: string[];
  namespace?: string;
  warn?: (m: string) => void;
}

const DIGEST = /^[a-zA-Z0-9]+(?:[.+_-][a-zA-Z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Parse a `--set-image` argument the way `kustomize edit set image` reads its arguments. */
export function parseImageArg(arg: string): ImageSpec {
  const bad = () => new KustomizeError(`invalid format of image "${arg}": use NAME=NEWNAME:TAG, NAME:TAG, NAME@DIGEST or NAME=NEWNAME@DIGEST`);
  if (!arg || /\s/.test(arg)) throw bad();
  let name: string;
  let ref: string;
  const eq = arg.indexOf('=');
  if (eq >= 0) {
    name = arg.slice(0, eq);
    ref = arg.slice(eq + 1);
    if (!name || !ref) throw bad();
  } else {
    ref = arg;
    name = '';
  }
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad();
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw bad();
  }
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(rest) && rest !== '*') {
    // hosts may carry ports and dots: accept what a registry host looks like in the first part
    if (!/^[a-zA-Z0-9.-]+(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/.test(rest)) throw bad();
  }
  const img: ImageSpec = { name: name || rest };
  if (name && rest !== name) img.newName = rest;
  if (tag !== undefined) img.newTag = tag;
  if (digest !== undefined) img.digest = digest;
  if (!name && tag === undefined && digest === undefined) throw bad();
  return img;
}

/** A post-renderer (the same shape as an executable `--post-renderer`). */
export function kustomizePostRenderer(o: KustomizePostRenderOptions): { run(manifest: string): string } {
  const images = (o.images ?? []).map(parseImageArg);
  return {
    run(manifest: string): string {
      let objs = resourcesFromText(manifest, 'the rendered manifest');
      let yaml = manifest;
      if (o.dir) {
        const r = buildOver(o.dir, objs, { warn: o.warn });
        yaml = r.yaml;
        objs = resourcesFromText(yaml, `the output of the kustomization in ${o.dir}`);
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
