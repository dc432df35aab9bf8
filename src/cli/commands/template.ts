// `tshelm template [NAME] CHART`: render a chart locally and print what `helm template` (v3.13.3) prints.
import type { Command } from 'commander';
import { addPostRenderFlags } from './post-render-flags.js';
import { examples } from '../examples.js';
import { addChartPathOptions } from './pull.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** pflag's StringSlice: each occurrence is a CSV record. */
export function csvSplit(v: string): string[] {
  if (v === '') return [];
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < v.length) {
    const c = v[i];
    if (fieldStart && c === '"') {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    fieldStart = false;
    if (quoted) {
      if (c === '"') {
        if (v[i + 1] === '"') {
          cur += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cur += c;
      i++;
      continue;
    }
    if (c === ',') {
      out.push(cur);
      cur = '';
      fieldStart = true;
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  out.push(cur);
  return out;
}
const collectCsv = (v: string, prev: string[] = []) => [...prev, ...csvSplit(v)];

/** -f/--values, --set, --set-string, --set-file, --set-json, --set-literal (Helm's addValueOptionsFlags). When
 *  src/cli/values-flags.ts (F1) is present, its addValueFlags is used instead by the commands that can. */
export function addValueOptions(cmd: Command): Command {
  return cmd
    .option('-f, --values <files>', 'specify values in a YAML file or a URL (can specify multiple)', collectCsv, [])
    .option('--set <values>', 'set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)', collect, [])
    .option('--set-string <values>', 'set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)', collect, [])
    .option('--set-file <values>', 'set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)', collect, [])
    .option('--set-json <values>', 'set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2)', collect, [])
    .option('--set-literal <value>', 'set a literal STRING value on the command line', collect, []);
}

/** The user-supplied values of the value flags (values.Options.MergeValues), through src/chart/values.ts. */
export async function userValuesFrom(opts: Record<string, any>): Promise<Record<string, any>> {
  const flags = {
    valueFiles: opts.values ?? [],
    values: opts.set ?? [],
    stringValues: opts.setString ?? [],
    jsonValues: opts.setJson ?? [],
    fileValues: opts.setFile ?? [],
    literalValues: opts.setLiteral ?? [],
  };
  // The module path is a variable so that this builds before src/chart/values.ts lands.
  const valuesModule = '../../chart/values.js';
  let mergeValues: ((o: typeof flags) => any) | undefined;
  try {
    mergeValues = (await import(valuesModule)).mergeValues;
  } catch {
    mergeValues = ((await import('../../render/chart-api.js')) as any).mergeValues;
  }
  if (mergeValues) return (await mergeValues(flags)) ?? {};
  const any = Object.values(flags).some((l) => l.length > 0);
  if (any) {
    const { CliError } = await import('../errors.js');
    throw new CliError('value flags (-f/--set*) are not available in this build: src/chart/values.ts is missing');
  }
  return {};
}

export function register(program: Command): void {
  const cmd = addPostRenderFlags(program.command('template'))
    .description('locally render templates')
    .usage('[NAME] [CHART] [flags]')
    .addHelpText(
      'after',
      examples(
        'tshelm template metallb edu/metallb -n metallb-system --set controller.tag=v0.8.3 --set configmap.ipRange=172.31.0.100-172.31.0.110',
        'tshelm template metallb ./metallb -f values.yaml --show-only templates/controller.yaml',
        'tshelm template metallb edu/metallb --output-dir ./rendered',
      ),
    )
    .argument('[args...]')
    .option('-s, --show-only <path>', 'only show manifests rendered from the given templates', collect, [])
    .option('--output-dir <dir>', 'writes the executed templates to files in output-dir instead of stdout')
    .option('--validate', 'validate your manifests against the Kubernetes cluster you are currently pointing at')
    .option('--include-crds', 'include CRDs in the templated output')
    .option('--skip-tests', 'skip tests from templated output')
    .option('--is-upgrade', 'set .Release.IsUpgrade instead of .Release.IsInstall')
    .option('--kube-version <version>', 'Kubernetes version used for Capabilities.KubeVersion')
    .option('-a, --api-versions <versions>', 'Kubernetes api versions used for Capabilities.APIVersions', collectCsv, [])
    .option('--release-name', 'use release name in the output-dir path.')
    // install flags
    .option('--create-namespace', 'create the release namespace if not present')
    .option('--dry-run [mode]', 'simulate an install')
    .option('--force', 'force resource updates through a replacement strategy')
    .option('--no-hooks', 'prevent hooks from running during install')
    .option('--replace', 're-use the given name')
    .option('--timeout <duration>', 'time to wait for any individual Kubernetes operation', '5m0s')
    .option('--wait', 'wait until resources are ready')
    .option('--wait-for-jobs', 'wait until all Jobs have been completed')
    .option('-g, --generate-name', 'generate the name (and omit the NAME parameter)')
    .option('--name-template <template>', 'specify template used to name the release')
    .option('--description <text>', 'add a custom description')
    .option('--devel', 'use development versions, too')
    .option('--dependency-update', 'update dependencies if they are missing before installing the chart')
    .option('--disable-openapi-validation', 'do not validate rendered templates against the Kubernetes OpenAPI Schema')
    .option('--atomic', 'delete the installation on failure')
    .option('--skip-crds', 'if set, no CRDs will be installed')
    .option('--render-subchart-notes', 'if set, render subchart notes along with the parent')
    .option('-l, --labels <labels>', 'Labels that would be added to release metadata', collectCsv, [])
    .option('--enable-dns', 'enable DNS lookups when rendering templates')
    // values
    .option('-f, --values <files>', 'specify values in a YAML file or a URL (can specify multiple)', collectCsv, [])
    .option('--set <values>', 'set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)', collect, [])
    .option('--set-string <values>', 'set STRING values on the command line', collect, [])
    .option('--set-file <values>', 'set values from respective files specified via the command line', collect, [])
    .option('--set-json <values>', 'set JSON values on the command line', collect, [])
    .option('--set-literal <value>', 'set a literal STRING value on the command line', collect, []);
  addChartPathOptions(cmd).action(async (args: string[], opts: Record<string, any>, cmd: Command) => {
      const { runTemplateCommand } = await import('./template-run.js');
      const globals = cmd.optsWithGlobals() as Record<string, any>;
      await runTemplateCommand(args, opts, globals);
    });
}
