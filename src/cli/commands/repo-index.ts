// `tshelm repo index DIR` (Helm v3.13.3 cmd/helm/repo_index.go). Deterministic when SOURCE_DATE_EPOCH is set
// (see src/repo/index-build.ts).
import type { Command } from 'commander';
import { examples } from '../examples.js';
import { repoParent } from './repo-cmd.js';

export function register(program: Command): void {
  repoParent(program)
    .command('index')
    .description('generate an index file given a directory containing packaged charts')
    .usage('[DIR] [flags]')
    .argument('[dir]')
    .option('--url <url>', 'url of chart repository')
    .option('--merge <path>', 'merge the generated index into the given index')
    .addHelpText('after', '\nRead the current directory and generate an index file based on the charts found.\nSet SOURCE_DATE_EPOCH for reproducible created/generated time stamps.\n' + examples('tshelm repo index repo-index --url http://127.0.0.1:8879', 'tshelm repo index ./charts-store --url https://charts.example.com --merge index.yaml'))
    .action(async (dir: string | undefined, opts: Record<string, any>) => {
      const { CliError } = await import('../errors.js');
      if (!dir) throw new CliError('"tshelm repo index" requires 1 argument\n\nUsage:  tshelm repo index [DIR] [flags]');
      const { existsSync } = await import('node:fs');
      const { join } = await import('node:path');
      const B = await import('../../repo/index-build.js');
      let previous;
      const out = join(dir, 'index.yaml');
      try {
        if (opts.merge) {
          if (existsSync(opts.merge)) previous = B.readIndex(opts.merge);
        } else if (existsSync(out)) {
          try { previous = B.readIndex(out); } catch { previous = undefined; }
        }
        const idx = await B.indexDirectory(dir, { url: opts.url, previous, merge: !!opts.merge });
        B.writeIndex(out, idx);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    });
}
