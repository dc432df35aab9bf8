// `tshelm search repo [KEYWORD]` (Helm v3.13.3 cmd/helm/search_repo.go). `search hub` (P2) attaches to the
// same `search` parent through parentCommand().
import type { Command } from 'commander';
import { examples } from '../examples.js';
import { parentCommand } from './repo-cmd.js';

export function register(program: Command): void {
  const search = parentCommand(program, 'search', 'search for a keyword in charts');
  search.addHelpText('after', examples('tshelm search repo edu', 'tshelm search repo metallb --versions', 'tshelm search hub metallb'));
  search
    .command('repo')
    .description('search repositories for a keyword in charts')
    .usage('[keyword] [flags]')
    .addHelpText('after', examples('tshelm search repo edu', 'tshelm search repo metallb --versions', "tshelm search repo edu/metallb --version '>=0.1.0' -o json", "tshelm search repo -r 'edu/(metallb|webapp)'"))
    .argument('[keywords...]')
    .option('-r, --regexp', 'use regular expressions for searching repositories you have added')
    .option('--devel', "use development versions (alpha, beta, and release candidate releases), too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored")
    .option('-l, --versions', 'show the long listing, with each version of each chart on its own line, for repositories you have added')
    .option('--version <constraint>', 'search using semantic versioning constraints on repositories you have added')
    .option('--max-col-width <n>', 'maximum column width for output table', '50')
    .option('--fail-on-no-result', 'search fails if no results are found')
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .action(async (keywords: string[], opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      const { parseOutputFormat, writeOutput, formatTable } = await import('../output.js');
      const { repositoryConfig, repositoryCache } = await import('../../repo/paths.js');
      const R = await import('../../repo/repositories.js');
      const { loadCachedIndex } = await import('../../repo/download.js');
      const S = await import('../../repo/search.js');
      const format = parseOutputFormat(opts.output);
      const { numberFlag } = await import('../flags.js');
      const maxCol = numberFlag(opts.maxColWidth, '--max-col-width', 'ParseUint');
      const g = c.optsWithGlobals() as Record<string, any>;
      let version: string = opts.version ?? '';
      if (version === '') version = opts.devel ? '>0.0.0-0' : '>0.0.0';
      let f;
      try {
        f = R.loadRepoFile(repositoryConfig(g));
      } catch (e: any) {
        if (e?.code === 'ENOENT') throw new CliError('no repositories configured');
        throw new CliError(e.message);
      }
      if (f.repositories.length === 0) throw new CliError('no repositories configured');
      const index = new S.SearchIndex();
      const cache = repositoryCache(g);
      for (const r of f.repositories) {
        try {
          index.addRepo(r.name, loadCachedIndex(r.name, cache), true);
        } catch (e: any) {
          process.stderr.write(`WARNING: Repo "${r.name}" is corrupt or missing. Try 'tshelm repo update'.\nWARNING: ${e.message}\n`);
        }
      }
      let res;
      try {
        res = keywords.length === 0 ? index.all() : index.search(keywords.join(' '), 25, !!opts.regexp);
        S.sortScore(res);
        res = S.applyConstraint(res, version, !!opts.versions);
      } catch (e: any) {
        throw new CliError(e.message);
      }
      if (res.length === 0 && opts.failOnNoResult) throw new CliError('no results found');
      const data = res.map((r) => ({ name: r.name, version: r.chart.version, app_version: r.chart.appVersion ?? '', description: r.chart.description ?? '' }));
      await writeOutput(format, data, () => {
        if (data.length === 0) return 'No results found\n';
        return formatTable([['NAME', 'CHART VERSION', 'APP VERSION', 'DESCRIPTION'], ...data.map((d) => [d.name, d.version, d.app_version, d.description])], { maxColWidth: maxCol });
      }, undefined, { struct: true });
    });
}
