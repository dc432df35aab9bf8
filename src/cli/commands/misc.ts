// Misc commands: version, env, completion, docs, plugin.
import type { Register } from './index.js';
import * as version from './version.js';
import * as completion from './completion.js';
import * as env from './env.js';
import * as docs from './docs.js';
import * as plugin from './plugin.js';

export const miscCommands: Register[] = [version.register, completion.register, env.register, docs.register, plugin.register];
