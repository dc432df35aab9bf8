// `tshelm package [CHART_PATH] [...]` (Helm v3.13.3 cmd/helm/package.go): deterministic chart archives.
import type { Command } from 'commander';
import { examples } from '../examples.js';
import { defaultKeyring } from '../../repo/paths.js';
import { addValueOptions } from './template.js';

export function register(program: Command): void {
  const cmd = program
    .command('package')
    .description('package a chart directory into a chart archive')
    .usage('[CHART_PATH] [...] [flags]')
    .addHelpText(
      'after',
      examples('tshelm package ./metallb', 'tshelm package ./metallb --version 0.1.1 --app-version v0.8.3 -d repo-index', 'tshelm package ./mychart --dependency-update --sign --key \'edu\' --keyring ~/.gnupg/secring.gpg'),
    )
    .argument('[paths...]')
    .option('--sign', 'use a PGP private key to sign this package')
    .option('--key <name>', 'name of the key to use when signing. Used if --sign is true')
    .option('--keyring <path>', 'location of a public keyring', defaultKeyring())
    .option('--passphrase-file <path>', 'location of a file which contains the passphrase for the signing key. Use "-" in order to read from stdin.')
    .option('--version <version>', 'set the version on the chart to this semver version')
    .option('--app-version <version>', 'set the appVersion on the chart to this version')
    .option('-d, --destination <dir>', 'location to write the chart.', '.')
    .option('-u, --dependency-update', 'update dependencies from "Chart.yaml" to dir "charts/" before packaging');
  addValueOptions(cmd);
  cmd.action(async (args: string[], opts: Record<string, any>, c: Command) => {
    const { CliError } = await import('../errors.js');
    if (args.length === 0) throw new CliError('need at least one argument, the path to the chart');
    if (opts.sign) {
      if (!opts.key) throw new CliError('--key is required for signing a package');
      if (!opts.keyring) throw new CliError('--keyring is required for signing a package');
    }
    const { existsSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const { packageChart } = await import('../../chart/package.js');
    const { DependencyManager } = await import('../../chart/dependency-manager.js');
    const { repoFetcher } = await import('./dependency.js');
    const globals = c.optsWithGlobals() as Record<string, any>;
    const dest = opts.destination === '.' ? process.cwd() : opts.destination;
    for (const a of args) {
      const path = resolve(a);
      if (!existsSync(a)) throw new CliError(`stat ${a}: no such file or directory`);
      try {
        if (opts.dependencyUpdate) {
          const man = new DependencyManager({ chartPath: path, out: () => {}, debug: !!globals.debug, repos: await repoFetcher(globals) });
          await man.update();
        }
        const p = await packageChart(path, dest, { version: opts.version, appVersion: opts.appVersion });
        if (opts.sign) {
          // Helm's Package.Clearsign: the .prov lands next to the archive, before the success line. A signature that
          // cannot be made (no keyring, no such key, a wrong passphrase) fails the command. Helm 3.13 leaves the
          // unsigned archive behind (it saves, then signs); tshelm removes it, by the project's rule that bad input
          // writes nothing: an unsigned archive next to where a signed one was asked for is easy to publish by mistake.
          const { signChart } = await import('../../repo/provenance.js');
          try {
            await signChart(p, { key: opts.key, keyring: opts.keyring, passphraseFile: opts.passphraseFile });
          } catch (e) {
            const { rmSync } = await import('node:fs');
            rmSync(p, { force: true });
            throw e;
          }
        }
        process.stdout.write(`Successfully packaged chart and saved it to: ${p}\n`);
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError((e as Error).message);
      }
    }
  });
}
