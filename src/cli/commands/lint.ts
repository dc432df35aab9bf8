// `tshelm lint [PATH...]`: Helm v3.13.3's cmd/helm/lint.go over src/chart/lint.ts.
import type { Command } from 'commander';
import { examples } from '../examples.js';
import { addValueOptions } from './template.js';

export function register(program: Command): void {
  const cmd = program
    .command('lint')
    .description('examine a chart for possible issues')
    .usage('PATH [flags]')
    .addHelpText('after', examples('tshelm lint ./metallb', 'tshelm lint ./metallb --strict --set configmap.ipRange=172.31.0.100-172.31.0.110', 'tshelm lint ./charts/* --with-subcharts'))
    .argument('[paths...]')
    .option('--strict', 'fail on lint warnings')
    .option('--with-subcharts', 'lint dependent charts')
    .option('--quiet', 'print only warnings and errors');
  addValueOptions(cmd);
  cmd.action(async (args: string[], opts: Record<string, any>, c: Command) => {
    const { runLintCommand } = await import('./lint-run.js');
    await runLintCommand(args, opts, c.optsWithGlobals());
  });
}
