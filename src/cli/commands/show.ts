// `tshelm show chart|values|readme|crds|all CHART` (alias inspect): Helm v3.13.3 cmd/helm/show.go and
// action.Show over a local chart directory or archive.
import type { Command } from 'commander';
import { examples } from '../examples.js';
import { addChartPathOptions } from './pull.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

type Format = 'all' | 'chart' | 'values' | 'readme' | 'crds';

export function register(program: Command): void {
  const show = program
    .command('show')
    .alias('inspect')
    .description('show information of a chart')
    .addHelpText('after', examples('tshelm show values edu/metallb', 'tshelm show chart edu/metallb --version 0.1.0', 'tshelm show readme ./metallb'));
  const showExamples: Record<Format, string[]> = {
    all: ['tshelm show all edu/metallb', 'tshelm show all ./metallb'],
    readme: ['tshelm show readme edu/metallb', 'tshelm show readme oci://localhost:5000/helm-charts/metallb --version 0.1.0'],
    values: ['tshelm show values edu/metallb', 'tshelm show values edu/metallb > metallb-values.yaml', "tshelm show values edu/metallb --jsonpath '{.controller.tag}'"],
    chart: ['tshelm show chart edu/metallb', 'tshelm show chart metallb --repo https://iac-source.github.io/helm-charts --version 0.1.0'],
    crds: ['tshelm show crds edu/metallb', 'tshelm show crds ./metallb-0.1.0.tgz'],
  };
  const subs: [Format, string][] = [
    ['all', 'show all information of the chart'],
    ['readme', "show the chart's README"],
    ['values', "show the chart's values"],
    ['chart', "show the chart's definition"],
    ['crds', "show the chart's CRDs"],
  ];
  for (const [fmt, desc] of subs) {
    const sub = show.command(fmt).description(desc).usage('[CHART] [flags]').argument('[args...]').addHelpText('after', examples(...showExamples[fmt]));
    sub.option('--devel', "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored");
    addChartPathOptions(sub);
    if (fmt === 'values') sub.option('--jsonpath <expr>', 'supply a JSONPath expression to filter the output');
    sub.action(async (args: string[], opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (args.length !== 1) {
        throw new CliError(
          `"tshelm show ${fmt}" requires 1 argument\n\nUsage:  tshelm show ${fmt} [CHART] [flags]`,
        );
      }
      const { runShow } = await import('./show-run.js');
      process.stdout.write(await runShow(fmt, args[0], opts, c.optsWithGlobals()));
    });
  }
  void collect;
}
