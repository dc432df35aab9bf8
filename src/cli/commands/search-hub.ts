// `tshelm search hub KEYWORD` (Helm v3.13.3 cmd/helm/search_hub.go) against ArtifactHub's search API.
import type { Command } from 'commander';
import { examples } from '../examples.js';
import { parentCommand } from './repo-cmd.js';

export function register(program: Command): void {
  parentCommand(program, 'search', 'search for a keyword in charts')
    .command('hub')
    .description('search for charts in the Artifact Hub or your own hub instance')
    .usage('[KEYWORD] [flags]')
    .argument('[keywords...]')
    .option('--endpoint <url>', 'Hub instance to query for charts', 'https://artifacthub.io')
    .option('--max-col-width <n>', 'maximum column width for output table', '50')
    .option('--list-repo-url', 'print charts repository URL')
    .option('--fail-on-no-result', 'search fails if no results are found')
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .addHelpText('after', examples('tshelm search hub metallb', 'tshelm search hub metallb --list-repo-url -o json'))
    .action(async (keywords: string[], opts: Record<string, any>) => {
      const { CliError } = await import('../errors.js');
      const { parseOutputFormat, writeOutput, formatTable } = await import('../output.js');
      const { searchHub } = await import('../../repo/hub.js');
      const format = parseOutputFormat(opts.output);
      const { numberFlag } = await import('../flags.js');
      const maxCol = numberFlag(opts.maxColWidth, '--max-col-width', 'ParseUint');
      let res;
      try {
        res = await searchHub(opts.endpoint, keywords.join(' '));
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      if (res.length === 0 && opts.failOnNoResult) throw new CliError('no results found');
      await writeOutput(format, res, () => {
        if (res.length === 0) return 'No results found\n';
        const head = ['URL', 'CHART VERSION', 'APP VERSION', 'DESCRIPTION'];
        if (opts.listRepoUrl) head.push('REPO URL');
        const rows = res.map((r) => {
          const row = [r.url, r.version, r.app_version, r.description];
          if (opts.listRepoUrl) row.push(r.repository.url);
          return row;
        });
        return formatTable([head, ...rows], { maxColWidth: maxCol });
      }, undefined, { struct: true });
    });
}
