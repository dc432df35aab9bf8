// Chart commands: template, lint, show, create, package, dependency.
import type { Register } from './index.js';
import * as template from './template.js';

export const chartCommands: Register[] = [template.register];
