// The tshelm command line. Each command lives in ./commands/NAME.ts and exports `register(program)`;
// a command module must stay light: it imports heavy modules (rendering, kube, repo) inside its action.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { CliError, formatError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('tshelm');
  program
    .description('The Kubernetes package manager (a TypeScript Helm 3)')
    .option('--debug', 'enable verbose output')
    .option('--kubeconfig <path>', 'path to the kubeconfig file')
    .option('--kube-context <name>', 'name of the kubeconfig context to use')
    .option('-n, --namespace <ns>', 'namespace scope for this request')
    .option('--registry-config <path>', 'path to the registry config file')
    .option('--repository-config <path>', 'path to the file containing repository names and URLs')
    .option('--repository-cache <path>', 'path to the file containing cached repository indexes')
    .option('--burst-limit <n>', 'client-side default throttling limit', '100')
    .option('--qps <n>', 'queries per second used when communicating with the Kubernetes API, not including bursting', '0')
    .showSuggestionAfterError(true)
    .enablePositionalOptions(false)
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode || 1;
    }
    process.stderr.write(formatError(err, debug) + '\n');
    return err instanceof CliError ? err.exitCode : 1;
  }
}
