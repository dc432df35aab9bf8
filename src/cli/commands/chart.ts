// Chart commands: template, lint, show, create, package, dependency.
import type { Register } from './index.js';
import * as template from './template.js';
import * as lint from './lint.js';
import * as show from './show.js';
import * as create from './create.js';
import * as pkg from './package.js';
import * as dependency from './dependency.js';

export const chartCommands: Register[] = [template.register, lint.register, show.register, create.register, pkg.register, dependency.register];
