// `tshelm version`: Helm's output shape. tshelm implements Helm v3.13.3's behaviour, so Version is the Helm
// version it is compatible with (scripts that check `helm version --short` keep working); the tshelm release
// is carried as semver build metadata (`v3.13.3+tshelm.0.1.0`) and in the Tshelm field.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';

export const VERSION = 'v3.13.3';

export function tshelmVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The text of `tshelm version` (and of `--short`); bin/tshelm.js's fast start prints it too (./fast-start.ts). */
export function versionText(short: boolean): string {
  const tv = tshelmVersion();
  if (short) return `${VERSION}+tshelm.${tv}\n`;
  return `version.BuildInfo{Version:"${VERSION}", GitCommit:"", GitTreeState:"clean", GoVersion:"node${process.versions.node}", Tshelm:"${tv}"}\n`;
}

export function register(program: Command): void {
  program
    .command('version')
    .description('print the client version information')
    .addHelpText('after', '\nExamples:\n  tshelm version --short\n  tshelm version --template=\'Version: {{.Version}}\'\n')
    .option('--short', 'print the version number')
    .option('--template <tpl>', 'template for version string format')
    .action(async (opts) => {
      if (opts.template !== undefined) {
        const tv = tshelmVersion();
        const [{ Template }, { BuildInfo }] = await Promise.all([import('../../template/index.js'), import('../../render/capabilities.js')]);
        const info = new BuildInfo(VERSION, '', 'clean', `node${process.versions.node}`);
        (info as any).Tshelm = tv;
        const { CliError } = await import('../errors.js');
        let out: string;
        try {
          out = new Template('_').parse(opts.template).execute(info);
        } catch (e) {
          throw new CliError((e as Error).message);
        }
        process.stdout.write(out);
        return;
      }
      process.stdout.write(versionText(!!opts.short));
    });
}
