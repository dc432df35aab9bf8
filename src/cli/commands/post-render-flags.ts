// The post-render flags of install, upgrade and template (kept light: no imports beyond commander's types).
import type { Command } from 'commander';

const collect = (v: string, acc: string[]) => [...acc, v];

export function addPostRenderFlags(cmd: Command): Command {
  return cmd
    .option('--post-renderer <path>', 'the path to an executable to be used for post rendering')
    .option('--post-renderer-args <arg>', 'an argument to the post-renderer (can specify multiple)', collect, [])
    .option('--kustomize <dir>', 'pass the rendered manifest through the kustomization in this directory (the manifest is its first resource, or its "all.yaml")')
    .option('--set-image <name=ref>', 'set an image as `kustomize edit set image` does, e.g. metallb/controller:v0.8.2 (can specify multiple)', collect, [])
    .option('--set-namespace <ns>', "set the namespace of every namespaced object, as a kustomization's namespace field does");
}
