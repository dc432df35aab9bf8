// Release commands (see index.ts).
import type { Register } from './index.js';
import * as release from './release-cmds.js';

export const releaseCommands: Register[] = [release.register];
