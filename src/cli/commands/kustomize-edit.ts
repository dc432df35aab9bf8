// `tshelm kustomize create` and `tshelm kustomize edit ...`.
import type { Command } from 'commander';

export function registerEdit(_k: Command): void {}
