// `tshelm dependency list|update|build` (alias dep; Helm v3.13.3 cmd/helm/dependency*.go).
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { examples } from '../examples.js';
import type { RepoFetcher } from '../../chart/dependency-manager.js';

/** The repo layer's chart fetcher for repository dependencies, when src/repo offers one
 *  (`dependencyFetcher(settings)` in src/repo/download.ts); undefined otherwise. */
export async function repoFetcher(globals: Record<string, any>): Promise<RepoFetcher | undefined> {
  const mod = '../../repo/download.js';
  try {
    const m = await import(mod);
    if (typeof m.dependencyFetcher === 'function') return await m.dependencyFetcher(globals);
  } catch {
    /* not available in this build */
  }
  return undefined;
}

function chartPathArg(args: string[], name: string): string {
  if (args.length > 1) throw new CliError(`"tshelm dependency ${name}" accepts at most 1 argument\n\nUsage:  tshelm dependency ${name} CHART [flags]`);
  const p = args[0] ?? '.';
  // filepath.Clean
  const parts: string[] = [];
  const abs = p.startsWith('/');
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (s === '..' && abs) continue;
    else parts.push(s);
  }
  return (abs ? '/' : '') + parts.join('/') || (abs ? '/' : '.');
}

export function register(program: Command): void {
  const dep = program
    .command('dependency')
    .alias('dep')
    .alias('dependencies')
    .description("manage a chart's dependencies")
    .addHelpText('after', examples('tshelm dependency list ./webapp', 'tshelm dependency update ./webapp', 'tshelm dependency build ./webapp'));

  dep
    .command('list')
    .alias('ls')
    .description('list the dependencies for the given chart')
    .usage('CHART [flags]')
    .addHelpText('after', examples('tshelm dependency list ./webapp', 'tshelm dep ls ./webapp --max-col-width 120'))
    .argument('[args...]')
    .option('--max-col-width <n>', 'maximum column width for output table', '80')
    .action(async (args: string[], opts: Record<string, any>) => {
      const { CliError } = await import('../errors.js');
      const { dependencyList } = await import('../../chart/dependency-manager.js');
      const { formatTable } = await import('../output.js');
      try {
        const chartpath = chartPathArg(args, 'list');
        const r = await dependencyList(chartpath);
        if (r.noDeps) {
          process.stdout.write(r.noDeps + '\n');
          return;
        }
        process.stdout.write(formatTable(r.rows!, { maxColWidth: Number(opts.maxColWidth) }) + '\n');
        for (const w of r.warnings) process.stdout.write(w + '\n');
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    });

  for (const [name, alias, desc] of [
    ['update', 'up', 'update charts/ based on the contents of Chart.yaml'],
    ['build', '', 'rebuild the charts/ directory based on the Chart.lock file'],
  ] as const) {
    const sub = dep
      .command(name)
      .description(desc)
      .usage('CHART [flags]')
      .argument('[args...]')
      .addHelpText(
        'after',
        name === 'update'
          ? examples('tshelm dependency update ./webapp', 'tshelm dep up ./webapp --skip-refresh')
          : examples('tshelm dependency build ./webapp', 'tshelm dependency build ./webapp --verify --keyring ~/.gnupg/pubring.gpg'),
      );
    if (alias) sub.alias(alias);
    sub
      .option('--verify', 'verify the packages against signatures')
      .option('--keyring <path>', 'keyring containing public keys')
      .option('--skip-refresh', 'do not refresh the local repository cache')
      .action(async (args: string[], opts: Record<string, any>, c: Command) => {
        const { CliError } = await import('../errors.js');
        const { DependencyManager } = await import('../../chart/dependency-manager.js');
        const globals = c.optsWithGlobals() as Record<string, any>;
        try {
          const man = new DependencyManager({
            chartPath: chartPathArg(args, name),
            debug: !!globals.debug,
            skipUpdate: !!opts.skipRefresh,
            repos: await repoFetcher(globals),
          });
          if (name === 'update') await man.update();
          else await man.build();
        } catch (e) {
          throw new CliError((e as Error).message);
        }
      });
  }
}
