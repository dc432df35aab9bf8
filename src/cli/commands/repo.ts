// Repo commands (see index.ts). One line per command module; P2 (hosting) adds its own lines.
import type { Register } from './index.js';
import { register as repoCmd } from './repo-cmd.js';
import { register as searchRepo } from './search-repo.js';
import { register as pull } from './pull.js';
import { register as verify } from './verify.js';
import { register as repoIndex } from './repo-index.js';
import { register as serve } from './serve.js';
import { register as searchHub } from './search-hub.js';
import { register as push } from './push.js';
import { register as registry } from './registry.js';

export const repoCommands: Register[] = [
  repoCmd,
  searchRepo,
  pull,
  verify,
  repoIndex,
  serve,
  searchHub,
  push,
  registry,
];
