// The registry of commands. One import and one entry per command module; keep each module light.
import type { Command } from 'commander';
import * as version from './version.js';
import * as template from './template.js';

export const commands: Array<(program: Command) => void> = [
  version.register,
  template.register,
];
