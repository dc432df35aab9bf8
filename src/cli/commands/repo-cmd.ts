// `tshelm repo add|list|update|remove` (Helm v3.13.3 cmd/helm/repo_*.go). `repo index` (P2) attaches to the
// same parent command through repoParent().
import type { Command } from 'commander';
import { examples } from '../examples.js';

/** The `repo` (or `search`) parent command, created once whoever registers first. */
export function parentCommand(program: Command, name: string, description: string): Command {
  const found = program.commands.find((c) => c.name() === name);
  if (found) return found;
  return program.command(name).description(description);
}

export function repoParent(program: Command): Command {
  return parentCommand(program, 'repo', 'add, list, remove, update, and index chart repositories');
}

function pathFlags(c: Command): Record<string, any> {
  const g = c.optsWithGlobals() as Record<string, any>;
  return { repositoryConfig: g.repositoryConfig, repositoryCache: g.repositoryCache, registryConfig: g.registryConfig, useHelmConfig: g.useHelmConfig };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function register(program: Command): void {
  const repo = repoParent(program).addHelpText(
    'after',
    examples('tshelm repo add edu https://iac-source.github.io/helm-charts', 'tshelm repo update', 'tshelm repo list', 'tshelm repo remove edu', 'tshelm repo index repo-index --url http://127.0.0.1:8879'),
  );

  repo
    .command('add')
    .description('add a chart repository')
    .usage('[NAME] [URL] [flags]')
    .addHelpText(
      'after',
      examples(
        'tshelm repo add edu https://iac-source.github.io/helm-charts',
        'tshelm repo add private https://charts.example.com --username ci --password-stdin < password.txt',
        'tshelm repo add edu https://iac-source.github.io/helm-charts --force-update',
      ),
    )
    .argument('[args...]')
    .option('--username <user>', 'chart repository username')
    .option('--password <password>', 'chart repository password')
    .option('--password-stdin', 'read chart repository password from stdin')
    .option('--pass-credentials', 'pass credentials to all domains')
    .option('--ca-file <path>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--cert-file <path>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <path>', 'identify HTTPS client using this SSL key file')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the repository')
    .option('--force-update', 'replace (overwrite) the repo if it already exists')
    .option('--no-update', 'raise error if repo is already registered')
    .option('--allow-deprecated-repos', 'by default, this command will not allow adding official repos that have been permanently deleted. This disables that behavior')
    .option('--timeout <duration>', 'time to wait for the index file download to complete', '2m0s')
    .action(async (args: string[], opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (args.length !== 2) throw new CliError(`"tshelm repo add" requires 2 arguments\n\nUsage:  tshelm repo add [NAME] [URL] [flags]`);
      const [name, url] = args;
      const { repositoryConfig, repositoryCache } = await import('../../repo/paths.js');
      const R = await import('../../repo/repositories.js');
      const { downloadIndexFile } = await import('../../repo/download.js');
      const flags = pathFlags(c);
      const cfg = repositoryConfig(flags);
      const deprecated: Record<string, string> = { 'https://kubernetes-charts.storage.googleapis.com': 'https://charts.helm.sh/stable', 'https://kubernetes-charts-incubator.storage.googleapis.com': 'https://charts.helm.sh/incubator' };
      const dep = deprecated[url.replace(/\/+$/, '')];
      if (dep && !opts.allowDeprecatedRepos) throw new CliError(`repo "${url}" is no longer available; try "${dep}" instead`);
      const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(String(opts.timeout));
      if (!m || String(opts.timeout) === '') throw new CliError(`invalid argument "${opts.timeout}" for "--timeout" flag: time: invalid duration "${opts.timeout}"`);
      const timeoutMs = ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000 + Number(m[4] ?? 0);
      if (name.includes('/')) throw new CliError(`repository name (${name}) contains '/', please specify a different name without '/'`);
      if (url.startsWith('oci://')) throw new CliError(`repository URL ${url} is an OCI registry: use 'tshelm registry login' and oci:// references instead of 'repo add'`);
      let password: string | undefined = opts.password;
      if (opts.username && opts.passwordStdin) {
        password = (await readStdin()).replace(/\n$/, '').replace(/\r$/, '');
      } else if (opts.passwordStdin) {
        throw new CliError('--password-stdin requires --username');
      } else if (opts.username && password === undefined) {
        if (!process.stdin.isTTY) throw new CliError(`a password is required for the user ${JSON.stringify(opts.username)}: use --password or --password-stdin`);
        const rl = (await import('node:readline')).createInterface({ input: process.stdin, output: process.stderr, terminal: true });
        password = await new Promise<string>((res) => {
          (rl as any)._writeToOutput = (s: string) => {
            if (s.startsWith('Password: ')) process.stderr.write('Password: ');
          };
          rl.question('Password: ', (a) => res(a));
        });
        rl.close();
        process.stderr.write('\n');
      }
      const entry = R.newEntry({
        name,
        url,
        username: opts.username,
        password,
        certFile: opts.certFile,
        keyFile: opts.keyFile,
        caFile: opts.caFile,
        insecure_skip_tls_verify: !!opts.insecureSkipTlsVerify,
        pass_credentials_all: !!opts.passCredentials,
      });
      try {
        await R.withRepoLock(cfg, async () => {
          const f = R.loadRepoFileOrEmpty(cfg);
          const existing = R.getRepo(f, name);
          if (existing && opts.update === false) throw new CliError(`repository name (${name}) already exists, please specify a different name`);
          if (existing && !opts.forceUpdate) {
            if (JSON.stringify(existing) === JSON.stringify(entry)) {
              process.stdout.write(`"${name}" already exists with the same configuration, skipping\n`);
              return;
            }
            throw new CliError(`repository name (${name}) already exists, please specify a different name`);
          }
          try {
            await downloadIndexFile(entry, repositoryCache(flags), timeoutMs > 0 ? timeoutMs : undefined);
          } catch (e: any) {
            throw new CliError(`looks like "${url}" is not a valid chart repository or cannot be reached: ${e.message}`);
          }
          R.updateRepo(f, entry);
          R.writeRepoFile(cfg, f);
          process.stdout.write(`"${name}" has been added to your repositories\n`);
        });
      } catch (e: any) {
        if (e instanceof CliError) throw e;
        throw new CliError(e.message);
      }
    });

  repo
    .command('list')
    .alias('ls')
    .description('list chart repositories')
    .addHelpText('after', examples('tshelm repo list', 'tshelm repo ls -o json'))
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .action(async (opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      const { parseOutputFormat, writeOutput, formatTable } = await import('../output.js');
      const { repositoryConfig } = await import('../../repo/paths.js');
      const R = await import('../../repo/repositories.js');
      const format = parseOutputFormat(opts.output);
      let f;
      try {
        f = R.loadRepoFile(repositoryConfig(pathFlags(c)));
      } catch (e: any) {
        // Helm ignores LoadFile's error: no file is no repositories (an empty list for -o json / yaml). A file that
        // does not parse is reported here, where Helm would list nothing and hide why.
        if (e?.code !== 'ENOENT') throw new CliError(e.message);
      }
      const repos = f?.repositories ?? [];
      if (repos.length === 0 && format === 'table') throw new CliError('no repositories to show');
      const data = repos.map((r) => ({ name: r.name, url: r.url }));
      await writeOutput(format, data, () => formatTable([['NAME', 'URL'], ...data.map((r) => [r.name, r.url])], { maxColWidth: 0 }), undefined, { struct: true });
    });

  repo
    .command('update')
    .alias('up')
    .description('update information of available charts locally from chart repositories')
    .usage('[REPO1 [REPO2 ...]] [flags]')
    .argument('[names...]')
    .addHelpText('after', examples('tshelm repo update', 'tshelm repo update edu', 'tshelm repo up edu --fail-on-repo-update-fail'))
    .option('--fail-on-repo-update-fail', 'update fails if any of the repository updates fail')
    .action(async (names: string[], opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      const { repositoryConfig, repositoryCache } = await import('../../repo/paths.js');
      const R = await import('../../repo/repositories.js');
      const { updateRepositories } = await import('../../repo/download.js');
      const flags = pathFlags(c);
      let f;
      try {
        f = R.loadRepoFile(repositoryConfig(flags));
      } catch (e: any) {
        if (e?.code === 'ENOENT') throw new CliError('no repositories found. You must add one before updating');
        throw new CliError(e.message);
      }
      if (f.repositories.length === 0) throw new CliError('no repositories found. You must add one before updating');
      let repos = f.repositories;
      if (names.length > 0) {
        for (const n of names) if (!R.hasRepo(f, n)) throw new CliError(`no repositories found matching '${n}'.  Nothing will be updated`);
        repos = repos.filter((r) => names.includes(r.name));
      }
      // On a terminal, a status line on stderr says which repositories are still coming and how much has arrived.
      const { StatusLine, formatTransfer } = await import('../progress.js');
      const status = new StatusLine();
      const pending = new Map<string, string>(repos.map((r) => [r.name, '']));
      const render = () =>
        status.set(
          `Updating repositories (${repos.length - pending.size}/${repos.length} done), waiting for ` +
            [...pending].map(([n, got]) => (got ? `${n} ${got}` : n)).join(', '),
        );
      const out = (s: string) => status.write(process.stdout, s);
      out('Hang tight while we grab the latest from your chart repositories...\n');
      render();
      let failed: { url: string }[] = [];
      try {
        failed = await updateRepositories(
          repos,
          repositoryCache(flags),
          out,
          (r, got, total) => {
            pending.set(r.name, formatTransfer(got, total));
            render();
          },
          (r) => {
            pending.delete(r.name);
            render();
          },
        );
      } finally {
        status.done();
      }
      if (failed.length > 0 && opts.failOnRepoUpdateFail) throw new CliError(`Failed to update the following repositories: [${failed.map((r) => r.url).join(' ')}]`);
      out('Update Complete. ⎈Happy Helming!⎈\n');
    });

  repo
    .command('remove')
    .alias('rm')
    .description('remove one or more chart repositories')
    .addHelpText('after', examples('tshelm repo remove edu', 'tshelm repo rm edu private'))
    .usage('[REPO1 [REPO2 ...]] [flags]')
    .argument('[names...]')
    .action(async (names: string[], _opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (names.length === 0) throw new CliError(`"tshelm repo remove" requires at least 1 argument\n\nUsage:  tshelm repo remove [REPO1 [REPO2 ...]] [flags]`);
      const { repositoryConfig, repositoryCache, cacheIndexFile, cacheChartsFile } = await import('../../repo/paths.js');
      const R = await import('../../repo/repositories.js');
      const { rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const flags = pathFlags(c);
      const cfg = repositoryConfig(flags);
      try {
        await R.withRepoLock(cfg, () => {
          let f;
          try {
            f = R.loadRepoFile(cfg);
          } catch (e: any) {
            if (e?.code === 'ENOENT') throw new CliError('no repositories configured');
            throw e;
          }
          for (const n of names) {
            if (!R.removeRepo(f, n)) throw new CliError(`no repo named "${n}" found`);
            R.writeRepoFile(cfg, f);
            const cache = repositoryCache(flags);
            rmSync(join(cache, cacheIndexFile(n)), { force: true });
            rmSync(join(cache, cacheChartsFile(n)), { force: true });
            process.stdout.write(`"${n}" has been removed from your repositories\n`);
          }
        });
      } catch (e: any) {
        if (e instanceof CliError) throw e;
        throw new CliError(e.message);
      }
    });
}
