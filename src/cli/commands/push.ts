// `tshelm push CHART.tgz REMOTE` (Helm v3.13.3 cmd/helm/push.go): to an OCI registry (oci://HOST/PATH) or,
// beyond Helm, to a ChartMuseum-compatible server such as `tshelm serve --allow-upload` (http(s)://HOST[/PATH]).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('push')
    .description('push a chart to remote')
    .usage('[chart] [remote] [flags]')
    .argument('[args...]')
    .option('--plain-http', 'use insecure HTTP connections for the chart upload')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart upload')
    .option('--ca-file <path>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--cert-file <path>', 'identify registry client using this SSL certificate file')
    .option('--key-file <path>', 'identify registry client using this SSL key file')
    .option('--username <user>', 'chart repository username (ChartMuseum servers; OCI uses registry login)')
    .option('--password <password>', 'chart repository password')
    .option('--token <token>', 'bearer token for a ChartMuseum-compatible server')
    .option('--force', 'replace an existing version on a ChartMuseum-compatible server (if it allows it)')
    .addHelpText('after', '\nExamples:\n  tshelm push mychart-0.1.0.tgz oci://localhost:5000/helm-charts\n  tshelm push mychart-0.1.0.tgz http://127.0.0.1:8879 --username ci --password "$PASS"')
    .action(async (args: string[], opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (args.length !== 2) throw new CliError(`"tshelm push" requires 2 arguments\n\nUsage:  tshelm push [chart] [remote] [flags]`);
      const [chart, remote] = args;
      const g = c.optsWithGlobals() as Record<string, any>;
      try {
        if (remote.startsWith('oci://')) {
          const { pushChart } = await import('../../repo/oci.js');
          const r = await pushChart(chart, remote, { ...opts, registryConfig: g.registryConfig, username: opts.username, password: opts.password });
          // Helm's registry client writes these to stderr
          process.stderr.write(`Pushed: ${r.ref}\nDigest: ${r.digest}\n`);
          return;
        }
        if (!/^https?:\/\//.test(remote)) throw new Error(`scheme prefix missing from remote (e.g. "oci://" or "http://"): ${remote}`);
        const { pushToChartServer } = await import('../../repo/server-client.js');
        await pushToChartServer(chart, remote, opts);
        process.stderr.write(`Pushed: ${chart} to ${remote}\n`);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    });
}
