// `tshelm env [NAME]`: every tshelm setting and its value, as `helm env` prints Helm's. Each TSHELM_X is also
// read as HELM_X (the TSHELM_ name wins), so a Helm user's environment works unchanged.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('env')
    .description('tshelm client environment information')
    .argument('[name]', 'print only this variable (TSHELM_X or HELM_X)')
    .addHelpText('after', '\nExamples:\n  tshelm env\n  tshelm env TSHELM_NAMESPACE\n')
    .action(async (name: string | undefined, _opts, cmd: Command) => {
      const { envSettings } = await import('../settings.js');
      const settings = envSettings(cmd.optsWithGlobals());
      if (name !== undefined) {
        const key = name.replace(/^(TSHELM|HELM)_/, '');
        const s = settings.find((x) => x.key === key);
        process.stdout.write(`${s?.value ?? ''}\n`);
        return;
      }
      process.stdout.write(settings.map((s) => `TSHELM_${s.key}=${JSON.stringify(s.value)}\n`).join(''));
    });
}
