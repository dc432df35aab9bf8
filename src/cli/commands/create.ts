// `tshelm create NAME [--starter NAME|PATH]` (Helm v3.13.3 cmd/helm/create.go), starter of our own writing.
import type { Command } from 'commander';
import { examples } from '../examples.js';

export function register(program: Command): void {
  program
    .command('create')
    .description('create a new chart with the given name')
    .usage('NAME [flags]')
    .addHelpText('after', examples('tshelm create mychart', 'tshelm create mychart --starter mystarter'))
    .argument('[args...]')
    .option('-p, --starter <name>', 'the name or absolute path to Helm starter scaffold')
    .action(async (args: string[], opts: Record<string, any>) => {
      const { CliError } = await import('../errors.js');
      if (args.length !== 1) throw new CliError(`"tshelm create" requires 1 argument\n\nUsage:  tshelm create NAME [flags]`);
      const { runCreate } = await import('../../chart/create.js');
      const { dataHome } = await import('../settings.js');
      try {
        await runCreate(args[0], opts.starter, `${dataHome()}/starters`, (s) => process.stdout.write(s));
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    });
}
