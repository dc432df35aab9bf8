// install, upgrade, rollback, uninstall, history, status, get, list, test (work in release-run.ts, imported lazily).
import type { Command } from 'commander';
import { addPostRenderFlags } from './post-render-flags.js';
import { examples } from '../examples.js';
import { addValueOptions } from './template.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];
const collectCsv = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];

/** The release-run module, with each runX wrapped so the kube clients are closed when the command ends. */
async function run(): Promise<any> {
  const m: any = await import('./release-run.js');
  return new Proxy(m, {
    get(target, key) {
      const f = target[key];
      if (typeof f !== 'function' || !String(key).startsWith('run')) return f;
      return async (...a: unknown[]) => {
        try {
          return await f(...a);
        } finally {
          await target.closeClients();
        }
      };
    },
  });
}


function installFlags(cmd: Command): Command {
  return addPostRenderFlags(cmd)
    .option('--create-namespace', 'create the release namespace if not present')
    .option('--dry-run [mode]', 'simulate an install ("client", "server", or true)')
    .option('--no-hooks', 'prevent hooks from running')
    .option('--disable-hooks', 'prevent hooks from running (alias of --no-hooks)')
    .option('--timeout <duration>', 'time to wait for any individual Kubernetes operation (like Jobs for hooks)', '5m0s')
    .option('--wait', 'wait until all Pods, PVCs, Services, and minimum number of Pods of a Deployment, StatefulSet, or ReplicaSet are in a ready state')
    .option('--wait-for-jobs', 'if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout')
    .option('--atomic', 'if set, the installation process deletes the installation on failure; --wait is set automatically')
    .option('--description <text>', 'add a custom description')
    .option('--skip-crds', 'if set, no CRDs will be installed')
    .option('--render-subchart-notes', 'if set, render subchart notes along with the parent')
    .option('--take-ownership', 'adopt existing resources that are not managed by this release')
    .option('-l, --labels <labels>', 'labels added to the release metadata', collectCsv, [])
    .option('--version <constraint>', 'chart version constraint')
    .option('--devel', 'use development versions, too')
    .option('--dependency-update', 'update dependencies if they are missing before installing the chart')
    .option('--repo <url>', 'chart repository url where to locate the requested chart')
    .option('--username <user>', 'chart repository username')
    .option('--password <pass>', 'chart repository password')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--cert-file <file>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <file>', 'identify HTTPS client using this SSL key file')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart download')
    .option('--plain-http', 'use insecure HTTP connections for the chart download')
    .option('--pass-credentials', 'pass credentials to all domains')
    .option('--verify', 'verify the package before using it')
    .option('--keyring <path>', 'location of public keys used for verification')
    .option('--enable-dns', 'enable DNS lookups when rendering templates')
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table');
}

export function register(program: Command): void {
  const g = (cmd: Command) => cmd.optsWithGlobals();

  const install = program.command('install').description('install a chart').usage('[NAME] [CHART] [flags]').argument('[args...]')
    .addHelpText('after', examples(
      'tshelm install metallb edu/metallb -n metallb-system --create-namespace --set controller.tag=v0.8.3 --set configmap.ipRange=172.31.0.100-172.31.0.110',
      'tshelm install metallb edu/metallb -n metallb-system --create-namespace -f metallb-values.yaml --wait',
      'tshelm install metallb ./metallb --dry-run',
      'tshelm install edu/webapp --generate-name -o json',
    ))
    .option('-g, --generate-name', 'generate the name (and omit the NAME parameter)')
    .option('--replace', 're-use the given name, only if that name is a deleted release which remains in the history')
    .option('--name-template <template>', 'specify template used to name the release');
  installFlags(install);
  addValueOptions(install);
  install.action(async (args: string[], _o: any, cmd: Command) => (await run()).runInstall(args, cmd.opts(), g(cmd)));

  const upgrade = program.command('upgrade').description('upgrade a release').usage('[RELEASE] [CHART] [flags]').argument('[args...]')
    .addHelpText('after', examples(
      'tshelm upgrade metallb edu/metallb -n metallb-system --reuse-values --set controller.tag=v0.8.4',
      'tshelm upgrade metallb edu/metallb -n metallb-system --install --create-namespace --set configmap.ipRange=172.31.0.100-172.31.0.110',
      'tshelm upgrade metallb edu/metallb -n metallb-system --reset-values --atomic --timeout 2m',
    ))
    .option('-i, --install', 'if a release by this name doesn\'t already exist, run an install')
    .option('--reuse-values', 'when upgrading, reuse the last release\'s values and merge in any overrides from the command line')
    .option('--reset-values', 'when upgrading, reset the values to the ones built into the chart')
    .option('--reset-then-reuse-values', 'when upgrading, reset the values to the chart\'s built-ins, then apply the last release\'s values and merge in overrides')
    .option('--cleanup-on-fail', 'allow deletion of new resources created in this upgrade when upgrade fails')
    .option('--force', 'force resource updates through a replacement strategy')
    .option('--history-max <n>', 'limit the maximum number of revisions saved per release. Use 0 for no limit', '10')
    .option('--recover', 'treat a pending revision left by a process that died as failed and upgrade anyway');
  installFlags(upgrade);
  addValueOptions(upgrade);
  upgrade.action(async (args: string[], _o: any, cmd: Command) => (await run()).runUpgrade(args, cmd.opts(), g(cmd)));

  program.command('rollback').description('roll back a release to a previous revision').usage('<RELEASE> [REVISION] [flags]').argument('[args...]')
    .addHelpText('after', examples(
      'tshelm rollback metallb 1 -n metallb-system',
      'tshelm rollback metallb -n metallb-system          # to the previous revision',
      'tshelm rollback metallb 2 -n metallb-system --wait --cleanup-on-fail',
    ))
    .option('--dry-run', 'simulate a rollback')
    .option('--no-hooks', 'prevent hooks from running during rollback')
    .option('--timeout <duration>', 'time to wait for any individual Kubernetes operation', '5m0s')
    .option('--wait', 'wait until all resources are ready')
    .option('--wait-for-jobs', 'if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout')
    .option('--cleanup-on-fail', 'allow deletion of new resources created in this rollback when rollback fails')
    .option('--force', 'force resource update through delete/recreate if needed')
    .option('--recreate-pods', 'performs pods restart for the resource if applicable')
    .option('--history-max <n>', 'limit the maximum number of revisions saved per release. Use 0 for no limit', '10')
    .action(async (args: string[], _o: any, cmd: Command) => (await run()).runRollback(args, cmd.opts(), g(cmd)));

  program.command('uninstall').alias('delete').alias('del').alias('un').description('uninstall a release').usage('RELEASE_NAME [...] [flags]').argument('[args...]')
    .addHelpText('after', examples('tshelm uninstall metallb -n metallb-system', 'tshelm uninstall metallb -n metallb-system --keep-history', 'tshelm uninstall metallb webapp --wait --timeout 2m'))
    .option('--keep-history', 'remove all associated resources and mark the release as deleted, but retain the release history')
    .option('--dry-run', 'simulate a uninstall')
    .option('--no-hooks', 'prevent hooks from running during uninstallation')
    .option('--ignore-not-found', 'Treat "release not found" as a successful uninstall')
    .option('--wait', 'wait until all the resources are deleted before returning')
    .option('--cascade <mode>', 'Must be "background", "orphan", or "foreground"', 'background')
    .option('--timeout <duration>', 'time to wait for any individual Kubernetes operation', '5m0s')
    .option('--description <text>', 'add a custom description')
    .action(async (args: string[], _o: any, cmd: Command) => (await run()).runUninstall(args, cmd.opts(), g(cmd)));

  program.command('history').alias('hist').description('fetch release history').usage('RELEASE_NAME [flags]').argument('[args...]')
    .addHelpText('after', examples('tshelm history metallb -n metallb-system', 'tshelm history metallb -n metallb-system --max 5 -o yaml'))
    .option('--max <n>', 'maximum number of revision to include in history', '256')
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .action(async (args: string[], _o: any, cmd: Command) => (await run()).runHistory(args, cmd.opts(), g(cmd)));

  program.command('status').description('display the status of the named release').usage('RELEASE_NAME [flags]').argument('[args...]')
    .addHelpText('after', examples('tshelm status metallb -n metallb-system', 'tshelm status metallb -n metallb-system --revision 1 --show-resources', 'tshelm status metallb -n metallb-system -o json'))
    .option('--revision <n>', 'if set, display the status of the named release with revision')
    .option('--show-desc', 'if set, display the description message of the named release')
    .option('--show-resources', 'if set, display the resources of the named release')
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .action(async (args: string[], _o: any, cmd: Command) => (await run()).runStatus(args, cmd.opts(), g(cmd)));

  const get = program.command('get').description('download extended information of a named release')
    .addHelpText('after', examples('tshelm get values metallb -n metallb-system', 'tshelm get manifest metallb -n metallb-system', 'tshelm get all metallb -n metallb-system --revision 1'));
  const getExamples: Record<string, string[]> = {
    all: ['tshelm get all metallb -n metallb-system', "tshelm get all metallb -n metallb-system --template '{{.Release.Chart.Metadata.Version}}'"],
    values: ['tshelm get values metallb -n metallb-system', 'tshelm get values metallb -n metallb-system --all', 'tshelm get values metallb -n metallb-system --revision 1 -o json'],
    manifest: ['tshelm get manifest metallb -n metallb-system', 'tshelm get manifest metallb -n metallb-system --revision 1'],
    notes: ['tshelm get notes metallb -n metallb-system'],
    hooks: ['tshelm get hooks metallb -n metallb-system'],
    metadata: ['tshelm get metadata metallb -n metallb-system', 'tshelm get metadata metallb -n metallb-system -o json'],
  };
  for (const what of ['all', 'values', 'manifest', 'notes', 'hooks', 'metadata']) {
    const sub = get.command(what).description(`download the ${what} of a named release`).usage('RELEASE_NAME [flags]').argument('[args...]')
      .addHelpText('after', examples(...getExamples[what]))
      .option('--revision <n>', 'get the named release with revision');
    if (what === 'values' || what === 'metadata') sub.option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table');
    if (what === 'values') sub.option('-a, --all', 'dump all (computed) values');
    if (what === 'all') sub.option('--template <t>', 'go template for formatting the output');
    sub.action(async (args: string[], _o: any, cmd: Command) => (await run()).runGet(what, args, cmd.opts(), g(cmd)));
  }

  program.command('list').alias('ls').description('list releases').usage('[flags]')
    .addHelpText('after', examples('tshelm list -n metallb-system', 'tshelm list -A', 'tshelm ls -A --failed --pending', "tshelm list -A -f 'metal' -o json"))
    .option('-A, --all-namespaces', 'list releases across all namespaces')
    .option('-a, --all', 'show all releases without any filter applied')
    .option('--deployed', 'show deployed releases')
    .option('--failed', 'show failed releases')
    .option('--pending', 'show pending releases')
    .option('--superseded', 'show superseded releases')
    .option('--uninstalled', 'show uninstalled releases (if \'helm uninstall --keep-history\' was used)')
    .option('--uninstalling', 'show releases that are currently being uninstalled')
    .option('-f, --filter <regex>', 'a regular expression; releases that match are included')
    .option('-q, --short', 'output short (quiet) listing format')
    .option('-d, --date', 'sort by release date')
    .option('-r, --reverse', 'reverse the sort order')
    .option('-m, --max <n>', 'maximum number of releases to fetch', '256')
    .option('--offset <n>', 'next release index in the list, used to offset from start value', '0')
    .option('--no-headers', 'don\'t print headers when using the default output format')
    .option('-l, --selector <sel>', 'Selector (label query) to filter on')
    .option('--time-format <fmt>', 'format time using golang time formatter')
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .action(async (_o: any, cmd: Command) => (await run()).runList(cmd.opts(), g(cmd)));

  program.command('test').description('run tests for a release').usage('[RELEASE] [flags]').argument('[args...]')
    .addHelpText('after', examples('tshelm test metallb -n metallb-system', 'tshelm test metallb -n metallb-system --logs --timeout 2m'))
    .option('--timeout <duration>', 'time to wait for any individual Kubernetes operation', '5m0s')
    .option('--filter <f>', 'specify tests by attribute (currently "name") using attribute=value syntax or \'!attribute=value\' to exclude a test', collectCsv, [])
    .option('--logs', 'dump the logs from test pods')
    .action(async (args: string[], _o: any, cmd: Command) => (await run()).runTest(args, cmd.opts(), g(cmd)));
}
