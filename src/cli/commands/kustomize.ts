// Kustomize commands (see index.ts): `tshelm kustomize build|create|edit`. `build` lives in kustomize-build.ts,
// `create` and `edit` in kustomize-edit.ts, so the two can be worked on apart.
import type { Command } from 'commander';
import type { Register } from './index.js';
import { registerBuild } from './kustomize-build.js';
import { registerEdit } from './kustomize-edit.js';

function register(program: Command): void {
  const k = program
    .command('kustomize')
    .description('build and edit kustomizations (what `kubectl kustomize` and `kustomize edit` do)')
    .addHelpText('after', '\nExamples:\n  tshelm kustomize create --namespace metallb-system --resources metallb.yaml\n  tshelm kustomize edit set image metallb/controller:v0.8.2\n  tshelm kustomize build .\n');
  registerBuild(k);
  registerEdit(k);
}

export const kustomizeCommands: Register[] = [register];
