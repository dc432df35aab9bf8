// Misc commands: version, env, completion, docs.
import type { Register } from './index.js';
import * as version from './version.js';

export const miscCommands: Register[] = [version.register];
