// Release commands (see index.ts).
import type { Register } from './index.js';

export const releaseCommands: Register[] = [];
