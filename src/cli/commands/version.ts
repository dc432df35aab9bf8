import type { Command } from 'commander';

export const VERSION = 'v3.13.3';

export function register(program: Command): void {
  program
    .command('version')
    .description('print the client version information')
    .option('--short', 'print the version number')
    .option('--template <tpl>', 'template for version string format')
    .action((opts) => {
      if (opts.short) process.stdout.write(`${VERSION}\n`);
      else process.stdout.write(`version.BuildInfo{Version:"${VERSION}", GitCommit:"", GitTreeState:"", GoVersion:"node${process.versions.node}"}\n`);
    });
}
