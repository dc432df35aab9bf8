// `tshelm kustomize build [DIR]`: what `kubectl kustomize DIR` prints; `-o` writes a file, or one file per
// object into a directory as kustomize names them.
import type { Command } from 'commander';

export function registerBuild(k: Command): void {
  k.command('build [dir]')
    .description('build a kustomization target from a directory (prints what `kubectl kustomize` prints)')
    .option('-o, --output <path>', 'write the output to this file, or into this directory (one file per object)')
    .option('--load-restrictor <restrictor>', 'if set to LoadRestrictionsNone, local kustomizations may load files from outside their root', 'LoadRestrictionsRootOnly')
    .option('--enable-helm', 'enable use of the helmCharts field, inflated with tshelm\'s own chart engine')
    .addHelpText('after', '\nExamples:\n  # the textbook\'s MetalLB kustomization (namespace metallb-system, images v0.8.2)\n  tshelm kustomize build ~/_Lecture_k8s_learning.kit/ch5/5.5/metallb\n  tshelm kustomize build . -o out/\n')
    .action(async (dir: string | undefined, opts) => {
      const { runBuild } = await import('./kustomize-build-run.js');
      await runBuild(dir ?? '.', opts);
    });
}
