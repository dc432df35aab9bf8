// `tshelm show chart|values|readme|crds|all CHART` (alias inspect): Helm v3.13.3 cmd/helm/show.go and
// action.Show over a local chart directory or archive.
import type { Command } from 'commander';
import { examples } from '../examples.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

type Format = 'all' | 'chart' | 'values' | 'readme' | 'crds';

function addChartPathOptions(c: Command): Command {
  return c
    .option('--devel', "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored")
    .option('--version <constraint>', 'specify a version constraint for the chart version to use')
    .option('--verify', 'verify the package before using it')
    .option('--keyring <path>', 'location of public keys used for verification')
    .option('--repo <url>', 'chart repository url where to locate the requested chart')
    .option('--username <name>', 'chart repository username where to locate the requested chart')
    .option('--password <password>', 'chart repository password where to locate the requested chart')
    .option('--cert-file <path>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <path>', 'identify HTTPS client using this SSL key file')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart download')
    .option('--plain-http', 'use insecure HTTP connections for the chart download')
    .option('--ca-file <path>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--pass-credentials', 'pass credentials to all domains');
}

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
