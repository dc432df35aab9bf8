// `tshelm lint [PATH...]`: Helm v3.13.3's cmd/helm/lint.go over src/chart/lint.ts.
import type { Command } from 'commander';
import { addValueOptions } from './template.js';

export function register(program: Command): void {
  const cmd = program
    .command('lint')
    .description('examine a chart for possible issues')
    .usage('PATH [flags]')
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
