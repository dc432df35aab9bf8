// The tshelm command line. Each command lives in ./commands/NAME.ts and exports `register(program)`;
// a command module must stay light: it imports heavy modules (rendering, kube, repo) inside its action.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { CliError, formatError } from './errors.js';
import { numberArg } from './flags.js';
import { loadPlugins, runPluginCommand } from './plugins.js';

/** pflag's IntVar / Float32Var: a value that is not a number fails the parse with Go's wording (the value kept as given). */
export function buildProgram(): Command {
  const program = new Command('tshelm');
  program
    .description(
      'The Kubernetes package manager, in TypeScript: Helm 3 charts, commands and release records.\n\n' +
        'Common actions:\n' +
        '  tshelm repo add edu https://iac-source.github.io/helm-charts\n' +
        '  tshelm search repo metallb\n' +
        '  tshelm install metallb edu/metallb -n metallb-system --create-namespace\n' +
        '  tshelm upgrade metallb edu/metallb --set controller.tag=v0.8.3\n' +
        '  tshelm rollback metallb 1\n' +
        '  tshelm list -A',
    )
    .option('--debug', 'enable verbose output')
    .option('--kubeconfig <path>', 'path to the kubeconfig file')
    .option('--kube-context <name>', 'name of the kubeconfig context to use')
    .option('--kube-apiserver <url>', 'the address and the port for the Kubernetes API server')
    .option('--kube-token <token>', 'bearer token used for authentication')
    .option('--kube-as-user <user>', 'username to impersonate for the operation')
    .option('--kube-as-group <group>', 'group to impersonate for the operation, this flag can be repeated to specify multiple groups.', (v: string, p: string[] = []) => [...p, v])
    .option('--kube-ca-file <path>', 'the certificate authority file for the Kubernetes API server connection')
    .option('--kube-insecure-skip-tls-verify', "if true, the Kubernetes API server's certificate will not be checked for validity")
    .option('--kube-tls-server-name <name>', 'server name to use for Kubernetes API server certificate validation')
    .option('-n, --namespace <ns>', 'namespace scope for this request')
    .option('--registry-config <path>', 'path to the registry config file')
    .option('--repository-config <path>', 'path to the file containing repository names and URLs')
    .option('--repository-cache <path>', 'path to the file containing cached repository indexes')
    .option('--use-helm-config', "use Helm's own configuration and cache (repositories, indexes, registry logins) instead of tshelm's (also TSHELM_USE_HELM_CONFIG=1)")
    .option('--burst-limit <n>', 'client-side default throttling limit', numberArg('--burst-limit', 'ParseInt'), '100')
    .option('--qps <n>', 'queries per second used when communicating with the Kubernetes API, not including bursting', numberArg('--qps', 'ParseFloat'), '0')
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });
  for (const register of commands) register(program);
  // each command's usage errors carry the command, for Helm's `"tshelm repo list" accepts no arguments` + Usage
  const mark = (cmd: Command): void => {
    cmd.exitOverride((err) => {
      (err as CommanderError & { command?: Command }).command ??= cmd;
      throw err;
    });
    for (const sub of cmd.commands) mark(sub);
  };
  mark(program);
  return program;
}

/** `tshelm repo list`: the command's path from the root. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Helm's require.NoArgs / MaximumNArgs wording (cmd/helm/require/args.go), its Usage line included. */
function excessArgumentsError(cmd: Command): string {
  const path = commandPath(cmd);
  const args = cmd.registeredArguments;
  const use = args.map((a) => (a.required ? a.name().toUpperCase() : `[${a.name().toUpperCase()}]`)).join(' ');
  const n = args.length;
  const what = n === 0 ? 'accepts no arguments' : `accepts at most ${n} argument${n === 1 ? '' : 's'}`;
  return `"${path}" ${what}\n\nUsage:  ${path}${use ? ' ' + use : ''} [flags]`;
}

/** Commander's usage errors in Helm's words, on one line, with the nearest-name hint commander found. */
export function usageErrorLine(err: CommanderError): string {
  const [first, ...rest] = err.message.split('\n');
  let msg = first.replace(/^error: /, '');
  const hint = rest.join(' ').match(/\(Did you mean (.+)\?\)/);
  let m: RegExpMatchArray | null;
  if ((m = msg.match(/^unknown option '(.+)'$/))) msg = `unknown flag: ${m[1]}`;
  else if ((m = msg.match(/^unknown command '(.+)'$/))) msg = `unknown command "${m[1]}" for "tshelm"`;
  else if ((m = msg.match(/^too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/))) {
    const cmd = (err as CommanderError & { command?: Command }).command;
    msg = cmd ? excessArgumentsError(cmd) : `"tshelm${m[1] ? ' ' + m[1] : ''}" accepts at most ${m[2]} argument${m[2] === '1' ? '' : 's'}`;
  }
  return `Error: ${msg}${hint ? ` (did you mean ${hint[1]}?)` : ''}`;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Installed plugins become commands (./plugins.ts); a command line naming one runs it, unparsed.
  const plugins = await loadPlugins(program, argv);
  if (plugins.size > 0) {
    const code = await runPluginCommand(program, plugins, argv);
    if (code !== undefined) return code;
  }
  const debug = argv.includes('--debug') || /^(1|true)$/i.test(process.env.TSHELM_DEBUG ?? process.env.HELM_DEBUG ?? '');
  if (argv.length === 0) {
    program.outputHelp(); // what --help prints (the fast start, ./fast-start.ts, answers both from one snapshot)
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (err.code === 'commander.executeSubCommandAsync') return err.exitCode;
      process.stderr.write(usageErrorLine(err) + '\n');
      return err.exitCode || 1;
    }
    const deep = await import('./deep-stack.js');
    if (deep.stackWasExhausted()) return deep.rerunWithDeepStack(argv);
    process.stderr.write(formatError(err, debug) + '\n');
    return err instanceof CliError ? err.exitCode : 1;
  }
}
