// Post-rendering for install, upgrade and template: Helm's `--post-renderer` executable, then tshelm's kustomize
// layer (`--kustomize DIR`, `--set-image`, `--set-namespace`). The result is what is applied and stored.
import { CliError } from '../errors.js';

export interface PostRendererLike {
  run(manifest: string): string;
}

/** The post-renderer the flags ask for, or undefined. `flagError` words a bad --post-renderer path. */
export async function postRendererFromFlags(opts: Record<string, any>, flagError: (path: string, e: Error) => never): Promise<PostRendererLike | undefined> {
  const steps: PostRendererLike[] = [];
  if (opts.postRenderer) {
    const { execPostRenderer } = await import('../../render/action.js');
    try {
      steps.push(execPostRenderer(opts.postRenderer, opts.postRendererArgs ?? []));
    } catch (e) {
      flagError(opts.postRenderer, e as Error);
    }
  }
  const imageArgs: string[] = opts.setImage ?? [];
  if (opts.kustomize || imageArgs.length || opts.setNamespace) {
    const { kustomizePostRenderer, parseImageArg, KustomizeError } = await import('../../kustomize/index.js');
    const images = imageArgs.map((i) => {
      try {
        return parseImageArg(i);
      } catch (e) {
        throw new CliError(`invalid argument "${i}" for "--set-image" flag: ${(e as Error).message}`);
      }
    });
    if (opts.kustomize) {
      const { existsSync, statSync } = await import('node:fs');
      if (!existsSync(opts.kustomize) || !statSync(opts.kustomize).isDirectory()) {
        throw new CliError(`invalid argument "${opts.kustomize}" for "--kustomize" flag: not a directory`);
      }
    }
    const k = kustomizePostRenderer({ dir: opts.kustomize, images, namespace: opts.setNamespace, warn: (m) => process.stderr.write(m + '\n') });
    steps.push({
      run(m: string): string {
        try {
          return k.run(m);
        } catch (e) {
          if (e instanceof KustomizeError) throw new Error(`kustomize: ${e.message.replace(/\n/g, ' ')}`);
          throw e;
        }
      },
    });
  }
  if (steps.length === 0) return undefined;
  if (steps.length === 1) return steps[0];
  return { run: (m: string) => steps.reduce((acc, s) => s.run(acc), m) };
}
