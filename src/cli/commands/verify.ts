// `tshelm verify PATH` (Helm v3.13.3 cmd/helm/verify.go): check a chart archive against its .prov file.
import type { Command } from 'commander';
import { examples } from '../examples.js';

export function register(program: Command): void {
  program
    .command('verify')
    .description('verify that a chart at the given path has been signed and is valid')
    .usage('PATH [flags]')
    .addHelpText('after', examples('tshelm verify metallb-0.1.0.tgz', 'tshelm verify metallb-0.1.0.tgz --keyring ~/.gnupg/pubring.gpg'))
    .argument('[path]')
    .option('--keyring <path>', 'keyring containing public keys')
    .action(async (path: string | undefined, opts: Record<string, any>) => {
      const { CliError } = await import('../errors.js');
      if (!path) throw new CliError(`"tshelm verify" requires 1 argument\n\nUsage:  tshelm verify PATH [flags]`);
      const { existsSync, statSync } = await import('node:fs');
      const { verificationText } = await import('./pull.js');
      if (!existsSync(path)) throw new CliError(`stat ${path}: no such file or directory`);
      if (statSync(path).isDirectory()) throw new CliError('unpacked charts cannot be verified');
      const { defaultKeyring } = await import('../../repo/paths.js');
      const keyring = opts.keyring ?? defaultKeyring();
      const { verifyChart } = await import('../../repo/provenance.js');
      try {
        const v = await verifyChart(path, path + '.prov', keyring);
        process.stdout.write(verificationText(v));
      } catch (e: any) {
        throw new CliError(e.message);
      }
    });
}
