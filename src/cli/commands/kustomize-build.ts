// `tshelm kustomize build [DIR]`.
import type { Command } from 'commander';

export function registerBuild(_k: Command): void {}
