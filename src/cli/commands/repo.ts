// Repo commands (see index.ts).
import type { Register } from './index.js';

export const repoCommands: Register[] = [];
