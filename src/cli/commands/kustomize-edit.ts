// `tshelm kustomize create` and `tshelm kustomize edit add|set|remove|fix ...` (kustomize v5.5
// kustomize/commands/create and kustomize/commands/edit). The work is in src/kustomize/{create,edit}.ts.
import type { Command } from 'commander';
import { examples } from '../examples.js';

/** What kustomize prints with Go's log.Printf: stderr, "YYYY/MM/DD HH:MM:SS message". */
function goLog(msg: string): void {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  process.stderr.write(`${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${msg}\n`);
}

/** Run an operation in the current directory; its errors become one-line CliErrors. */
async function run(fn: (E: typeof import('../../kustomize/edit.js'), dir: string) => void | string): Promise<void> {
  const { CliError } = await import('../errors.js');
  const E = await import('../../kustomize/edit.js');
  try {
    const out = fn(E, process.cwd());
    if (typeof out === 'string') process.stdout.write(out);
  } catch (e) {
    throw new CliError(String((e as Error).message).replace(/\n+$/, '').replace(/\n/g, ' '));
  }
}

/** --namespace of a subcommand: the program's global -n/--namespace takes the flag when commander sees it
 *  first, so read it from there too. */
function nsOf(opts: Record<string, any>, c: Command): string | undefined {
  return opts.namespace ?? (c.optsWithGlobals() as Record<string, any>).namespace;
}

/** pflag StringSlice: repeatable, each value split on commas. */
const slice = (v: string, prev: string[] = []) => [...prev, ...(v === '' ? [] : v.split(','))];
/** pflag StringArray: repeatable, values taken whole. */
const array = (v: string, prev: string[] = []) => [...prev, v];

function patchOptions(c: Command): Command {
  return c
    .option('--path <path>', 'Path to the patch file. Cannot be used with --patch at the same time.')
    .option('--patch <patch>', 'Literal string of patch content. Cannot be used with --path at the same time.')
    .option('--group <group>', 'API group in patch target')
    .option('--version <version>', 'API version in patch target')
    .option('--kind <kind>', 'Resource kind in patch target')
    .option('--name <name>', 'Resource name in patch target')
    .option('--namespace <namespace>', 'Resource namespace in patch target')
    .option('--annotation-selector <selector>', 'annotationSelector in patch target')
    .option('--label-selector <selector>', 'labelSelector in patch target');
}

function generatorOptions(c: Command, what: string): Command {
  return c
    .option('--from-file <[key=]source>', `Key file can be specified using its file path, in which case file basename will be used as ${what} key, or optionally with a key and file path, in which case the given key will be used.`, slice)
    .option('--from-literal <key=value>', `Specify a key and literal value to insert in ${what} (i.e. mykey=somevalue)`, array)
    .option('--from-env-file <path>', `Specify the path to a file to read lines of key=val pairs to create a ${what} (i.e. a Docker .env file).`)
    .option('--disable-name-suffix-hash', `Disable the name suffix for the ${what}`)
    .option('--namespace <namespace>', `Specify the namespace of the ${what}`);
}

function generatorFlags(opts: Record<string, any>): import('../../kustomize/edit.js').GeneratorFlags {
  return {
    fromFile: opts.fromFile ?? [],
    fromLiteral: opts.fromLiteral ?? [],
    fromEnvFile: opts.fromEnvFile ?? '',
    behavior: opts.behavior ?? '',
    namespace: opts.namespace ?? '',
    disableNameSuffixHash: !!opts.disableNameSuffixHash,
    type: opts.type,
  };
}

export function registerEdit(k: Command): void {
  k.command('create')
    .alias('init')
    .description('Create a new kustomization in the current directory')
    .option('--resources <paths>', 'Name of a file containing a file to add to the kustomization file.', '')
    .option('--namespace <namespace>', 'Set the value of the namespace field in the kustomization file.')
    .option('--annotations <k:v,...>', 'Add one or more common annotations.', '')
    .option('--labels <k:v,...>', 'Add one or more common labels.', '')
    .option('--nameprefix <prefix>', 'Sets the value of the namePrefix field in the kustomization file.', '')
    .option('--namesuffix <suffix>', 'Sets the value of the nameSuffix field in the kustomization file.', '')
    .option('--autodetect', 'Search for kubernetes resources in the current directory to be added to the kustomization file.')
    .option('--recursive', 'Enable recursive directory searching for resource auto-detection.')
    .action(async (opts: Record<string, any>, c: Command) => {
      const { createKustomization } = await import('../../kustomize/create.js');
      await run((_E, dir) =>
        createKustomization(dir, {
          resources: opts.resources,
          namespace: nsOf(opts, c) ?? '',
          annotations: opts.annotations,
          labels: opts.labels,
          namePrefix: opts.nameprefix,
          nameSuffix: opts.namesuffix,
          autodetect: !!opts.autodetect,
          recursive: !!opts.recursive,
        }),
      );
    });

  const edit = k.command('edit').description('Edits a kustomization file');

  // --- add
  const add = edit.command('add').description('Adds an item to the kustomization file');
  add.command('resource')
    .description('Add the name of a file containing a resource to the kustomization file')
    .argument('[paths...]')
    .option('--no-verify', 'skip validation for resources')
    .action((args: string[], opts: Record<string, any>) => run((E, dir) => E.addResource(dir, args, { noVerify: opts.verify === false }, goLog)));
  add.command('component')
    .description('Add the name of a file containing a component to the kustomization file')
    .argument('[paths...]')
    .action((args: string[]) => run((E, dir) => E.addComponent(dir, args, goLog)));
  add.command('base')
    .description('Adds one or more bases to the kustomization.yaml in current directory')
    .argument('[paths...]')
    .action((args: string[]) => run((E, dir) => E.addBase(dir, args)));
  patchOptions(add.command('patch').description('Add an item to patches field')).action((opts: Record<string, any>, c: Command) =>
    run((E, dir) => E.addPatch(dir, { ...opts, namespace: nsOf(opts, c) }, goLog)),
  );
  add.command('label')
    .description('Adds one or more commonLabels to kustomization.yaml')
    .argument('[labels...]')
    .option('-f, --force', 'overwrite commonLabel if it already exists')
    .option('--without-selector', 'using add labels without selector option')
    .option('--include-templates', 'include labels in templates (requires --without-selector)')
    .action((args: string[], opts: Record<string, any>) =>
      run((E, dir) => E.addLabel(dir, args, { force: !!opts.force, withoutSelector: !!opts.withoutSelector, includeTemplates: !!opts.includeTemplates })),
    );
  add.command('annotation')
    .description('Adds one or more commonAnnotations to kustomization.yaml')
    .argument('[annotations...]')
    .option('-f, --force', 'overwrite commonAnnotation if it already exists')
    .action((args: string[], opts: Record<string, any>) => run((E, dir) => E.addAnnotation(dir, args, { force: !!opts.force })));
  generatorOptions(add.command('configmap').description('Adds a configmap to the kustomization file').usage('NAME [--namespace=namespace-name] [--behavior={create|merge|replace}] [--from-file=[key=]source] [--from-literal=key1=value1]'), 'configmap')
    .argument('[name...]')
    .option('--behavior <behavior>', 'Specify the behavior for config map generation, i.e whether to create a new configmap (the default), to merge with a previously defined one, or to replace an existing one.')
    .action((args: string[], opts: Record<string, any>, c: Command) => run((E, dir) => E.addConfigMap(dir, args, generatorFlags({ ...opts, namespace: nsOf(opts, c) }), goLog)));
  generatorOptions(add.command('secret').description('Adds a secret to the kustomization file.').usage('NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--type=Opaque|kubernetes.io/tls]'), 'secret')
    .argument('[name...]')
    .option('--behavior <behavior>', 'Specify the behavior for secret generation (create, merge or replace).')
    .option('--type <type>', "Specify the secret type this can be 'Opaque' (default), or 'kubernetes.io/tls'", 'Opaque')
    .action((args: string[], opts: Record<string, any>, c: Command) => run((E, dir) => E.addSecret(dir, args, generatorFlags({ ...opts, namespace: nsOf(opts, c) }), goLog)));

  // --- set
  const set = edit.command('set').description('Sets the value of different fields in kustomization file');
  const setters: [name: string, description: string, argument: string, op: (E: typeof import('../../kustomize/edit.js'), dir: string, args: string[]) => void][] = [
    ['image', 'Sets images and their new names, new tags or digests in the kustomization file', '[images...]', (E, dir, args) => E.setImage(dir, args)],
    ['namespace', 'Sets the value of the namespace field in the kustomization file', '[namespace...]', (E, dir, args) => E.setNamespace(dir, args)],
    ['nameprefix', 'Sets the value of the namePrefix field in the kustomization file', '[prefix...]', (E, dir, args) => E.setNamePrefix(dir, args)],
    ['namesuffix', 'Sets the value of the nameSuffix field in the kustomization file', '[suffix...]', (E, dir, args) => E.setNameSuffix(dir, args)],
    ['replicas', 'Sets replicas count for resources in the kustomization file', '[replicas...]', (E, dir, args) => E.setReplicas(dir, args)],
    ['label', 'Sets one or more commonLabels in kustomization.yaml', '[labels...]', (E, dir, args) => E.setLabel(dir, args)],
    ['annotation', 'Sets one or more commonAnnotations in kustomization.yaml', '[annotations...]', (E, dir, args) => E.setAnnotation(dir, args)],
  ];
  for (const [name, description, argument, op] of setters) {
    set.command(name)
      .description(description)
      .argument(argument)
      .action((args: string[]) => run((E, dir) => op(E, dir, args)));
  }

  // --- remove
  const remove = edit.command('remove').description('Removes items from the kustomization file');
  remove.command('resource')
    .description('Removes one or more resource file paths from kustomization.yaml')
    .argument('[paths...]')
    .action((args: string[]) => run((E, dir) => E.removeResource(dir, args)));
  patchOptions(remove.command('patch').description('Removes a patch from kustomization.yaml')).action((opts: Record<string, any>, c: Command) =>
    run((E, dir) => E.removePatch(dir, { ...opts, namespace: nsOf(opts, c) }, goLog)),
  );
  remove.command('label')
    .description('Removes one or more commonLabels from kustomization.yaml')
    .argument('[labels...]')
    .option('-i, --ignore-non-existence', "ignore error if the given label doesn't exist")
    .action((args: string[], opts: Record<string, any>) => run((E, dir) => E.removeLabel(dir, args, { ignoreNonExistence: !!opts.ignoreNonExistence })));
  remove.command('annotation')
    .description('Removes one or more commonAnnotations from kustomization.yaml')
    .argument('[annotations...]')
    .option('-i, --ignore-non-existence', "ignore error if the given label doesn't exist")
    .action((args: string[], opts: Record<string, any>) => run((E, dir) => E.removeAnnotation(dir, args, { ignoreNonExistence: !!opts.ignoreNonExistence })));
  remove.command('configmap')
    .description('Removes the specified configmap(s) from kustomization.yaml')
    .usage('NAME [,NAME] [--namespace=namespace-name]')
    .argument('[names...]')
    .option('--namespace <namespace>', 'Namespace to remove ConfigMap(s) from')
    .action((args: string[], opts: Record<string, any>, c: Command) => run((E, dir) => E.removeConfigMap(dir, args, { namespace: nsOf(opts, c) }, goLog)));
  remove.command('secret')
    .description('Removes the specified secret(s) from kustomization.yaml')
    .usage('NAME [,NAME] [--namespace=namespace-name]')
    .argument('[names...]')
    .option('--namespace <namespace>', 'Namespace to remove Secret(s) from')
    .action((args: string[], opts: Record<string, any>, c: Command) => run((E, dir) => E.removeSecret(dir, args, { namespace: nsOf(opts, c) }, goLog)));

  // --- fix
  edit.command('fix')
    .description('Fix the missing fields in kustomization file')
    .option('--vars', 'If specified, kustomize will attempt to convert vars to replacements (not supported by tshelm).')
    .action(async (opts: Record<string, any>) => {
      if (opts.vars) {
        const { CliError } = await import('../errors.js');
        throw new CliError('edit fix --vars (converting vars to replacements) is not supported by tshelm');
      }
      await run((E, dir) => E.fix(dir));
    });

  for (const [path, lines] of Object.entries(EXAMPLES)) {
    let c: Command | undefined = k;
    for (const name of path.split(' ')) c = c?.commands.find((s) => s.name() === name);
    c?.addHelpText('after', examples(...lines));
  }
}

/** The Examples: of each command's --help, by its path under `tshelm kustomize` (the textbook's MetalLB
 *  kustomization: namespace metallb-system, images metallb/controller and metallb/speaker v0.8.2). */
const EXAMPLES: Record<string, string[]> = {
  create: ['tshelm kustomize create --namespace metallb-system --resources metallb.yaml', 'tshelm kustomize create --autodetect --recursive', 'tshelm kustomize create --labels app:metallb --nameprefix edu-'],
  edit: ['tshelm kustomize edit set image metallb/controller:v0.8.2 metallb/speaker:v0.8.2', 'tshelm kustomize edit add resource metallb-l2config.yaml', 'tshelm kustomize edit fix'],
  'edit add': ['tshelm kustomize edit add resource metallb.yaml metallb-l2config.yaml', 'tshelm kustomize edit add label app:metallb', 'tshelm kustomize edit add configmap config --from-file=config=metallb-l2config.yaml'],
  'edit add resource': ['tshelm kustomize edit add resource metallb.yaml', "tshelm kustomize edit add resource 'manifests/*.yaml'"],
  'edit add component': ['tshelm kustomize edit add component ../components/monitoring'],
  'edit add base': ['tshelm kustomize edit add base ../base'],
  'edit add patch': ['tshelm kustomize edit add patch --path speaker-tolerations.yaml --kind DaemonSet --name speaker', 'tshelm kustomize edit add patch --kind Deployment --name controller --patch \'[{"op":"replace","path":"/spec/replicas","value":2}]\''],
  'edit add label': ['tshelm kustomize edit add label app:metallb', 'tshelm kustomize edit add label env:lab --without-selector'],
  'edit add annotation': ['tshelm kustomize edit add annotation owner:edu,course:k3s'],
  'edit add configmap': ['tshelm kustomize edit add configmap config --namespace metallb-system --from-file=config=metallb-l2config.yaml', 'tshelm kustomize edit add configmap settings --from-literal=ipRange=172.31.0.100-172.31.0.110'],
  'edit add secret': ['tshelm kustomize edit add secret memberlist --namespace metallb-system --from-literal=secretkey=changeme', 'tshelm kustomize edit add secret tls --type kubernetes.io/tls --from-file=tls.crt --from-file=tls.key'],
  'edit set': ['tshelm kustomize edit set image metallb/controller:v0.8.2', 'tshelm kustomize edit set namespace metallb-system'],
  'edit set image': ['tshelm kustomize edit set image metallb/controller:v0.8.2 metallb/speaker:v0.8.2', 'tshelm kustomize edit set image metallb/controller=quay.io/metallb/controller:v0.8.3'],
  'edit set namespace': ['tshelm kustomize edit set namespace metallb-system'],
  'edit set nameprefix': ['tshelm kustomize edit set nameprefix edu-'],
  'edit set namesuffix': ['tshelm kustomize edit set namesuffix -- -lab'],
  'edit set replicas': ['tshelm kustomize edit set replicas controller=2'],
  'edit set label': ['tshelm kustomize edit set label app:metallb'],
  'edit set annotation': ['tshelm kustomize edit set annotation owner:edu'],
  'edit remove': ['tshelm kustomize edit remove resource metallb-l2config.yaml', 'tshelm kustomize edit remove label app'],
  'edit remove resource': ['tshelm kustomize edit remove resource metallb-l2config.yaml'],
  'edit remove patch': ['tshelm kustomize edit remove patch --path speaker-tolerations.yaml --kind DaemonSet --name speaker'],
  'edit remove label': ['tshelm kustomize edit remove label app,env', 'tshelm kustomize edit remove label env --ignore-non-existence'],
  'edit remove annotation': ['tshelm kustomize edit remove annotation owner'],
  'edit remove configmap': ['tshelm kustomize edit remove configmap config --namespace metallb-system'],
  'edit remove secret': ['tshelm kustomize edit remove secret memberlist --namespace metallb-system'],
  'edit fix': ['tshelm kustomize edit fix'],
};
