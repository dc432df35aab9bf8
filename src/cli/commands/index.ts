// The registry of commands. Each area keeps its own list (one file per owner, so parallel work never collides):
// chart.ts (template, lint, show, create, package, dependency), release.ts (install, upgrade, rollback, uninstall,
// history, status, get, list, test), repo.ts (repo, search, pull, push, verify, registry, serve),
// kustomize.ts (kustomize), misc.ts (version, env, completion, docs, plugin). Keep each command module light:
// heavy modules (rendering, kube, repo) are imported inside the action.
import type { Command } from 'commander';
import { chartCommands } from './chart.js';
import { releaseCommands } from './release.js';
import { repoCommands } from './repo.js';
import { kustomizeCommands } from './kustomize.js';
import { miscCommands } from './misc.js';

export type Register = (program: Command) => void;

export const commands: Register[] = [...chartCommands, ...releaseCommands, ...repoCommands, ...kustomizeCommands, ...miscCommands];
