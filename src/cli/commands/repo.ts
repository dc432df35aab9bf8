// Repo commands (see index.ts). One line per command module; P2 (hosting) adds its own lines.
import type { Register } from './index.js';
import { register as repoCmd } from './repo-cmd.js';
import { register as searchRepo } from './search-repo.js';
import { register as pull } from './pull.js';
import { register as verify } from './verify.js';

export const repoCommands: Register[] = [
  repoCmd,
  searchRepo,
  pull,
  verify,
];
