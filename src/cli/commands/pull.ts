// `tshelm pull CHART` (alias fetch; Helm v3.13.3 cmd/helm/pull.go, pkg/action/pull.go).
import type { Command } from 'commander';
import { examples } from '../examples.js';

/** Helm's addChartPathOptionsFlags (cmd/helm/flags.go): the flags of every command that locates a chart (pull, show,
 *  template; install/upgrade have their own copy in ./release-cmds.ts). */
export function addChartPathOptions(cmd: Command): Command {
  return cmd
    .option('--version <constraint>', 'specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used')
    .option('--verify', 'verify the package before using it')
    .option('--keyring <path>', 'location of public keys used for verification')
    .option('--repo <url>', 'chart repository url where to locate the requested chart')
    .option('--username <user>', 'chart repository username where to locate the requested chart')
    .option('--password <password>', 'chart repository password where to locate the requested chart')
    .option('--cert-file <path>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <path>', 'identify HTTPS client using this SSL key file')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart download')
    .option('--plain-http', 'use insecure HTTP connections for the chart download')
    .option('--ca-file <path>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--pass-credentials', 'pass credentials to all domains');
}

export function verificationText(v: { signedBy: string[]; fingerprint: string; fileHash: string }): string {
  return v.signedBy.map((s) => `Signed by: ${s}\n`).join('') + `Using Key With Fingerprint: ${v.fingerprint}\nChart Hash Verified: ${v.fileHash}\n`;
}

export function register(program: Command): void {
  const cmd = program
    .command('pull')
    .alias('fetch')
    .description('download a chart from a repository and (optionally) unpack it in local directory')
    .usage('[chart URL | repo/chartname] [...] [flags]')
    .addHelpText(
      'after',
      examples(
        'tshelm pull edu/metallb --untar',
        'tshelm pull edu/metallb --version 0.1.0 -d ./charts',
        'tshelm pull metallb --repo https://iac-source.github.io/helm-charts',
        'tshelm pull oci://localhost:5000/helm-charts/metallb --version 0.1.0',
        'tshelm pull edu/metallb --verify --keyring ~/.gnupg/pubring.gpg',
      ),
    )
    .argument('[charts...]')
    .option('--devel', "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored.")
    .option('--untar', 'if set to true, will untar the chart after downloading it')
    .option('--untardir <dir>', 'if untar is specified, this flag specifies the name of the directory into which the chart is expanded', '.')
    .option('-d, --destination <dir>', 'location to write the chart. If this and untardir are specified, untardir is appended to this', '.')
    .option('--prov', 'fetch the provenance file, but don\'t perform verification');
  addChartPathOptions(cmd);
  cmd.action(async (charts: string[], opts: Record<string, any>, c: Command) => {
    const { CliError } = await import('../errors.js');
    if (charts.length === 0) throw new CliError(`"tshelm pull" requires at least 1 argument\n\nUsage:  tshelm pull [chart URL | repo/chartname] [...] [flags]`);
    const { mkdtempSync, mkdirSync, existsSync, rmSync, statSync, copyFileSync } = await import('node:fs');
    const { join, isAbsolute, resolve, basename } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { resolveChart } = await import('../../repo/chartref.js');
    const g = c.optsWithGlobals() as Record<string, any>;
    const dest = resolve(opts.destination ?? '.');
    // On a terminal, a status line on stderr shows the download with its size.
    const { StatusLine, formatTransfer } = await import('../progress.js');
    for (const ref of charts) {
      const tmp = opts.untar ? mkdtempSync(join(tmpdir(), 'tshelm-pull-')) : undefined;
      const what = `Pulling ${ref}${opts.version ? ` (version ${opts.version})` : ''}`;
      const status = new StatusLine();
      status.set(`${what}...`);
      try {
        mkdirSync(dest, { recursive: true });
        const isLocal = !opts.repo && existsSync(ref);
        const r = await resolveChart(ref, {
          version: opts.version,
          devel: opts.devel,
          verify: opts.verify,
          keyring: opts.keyring,
          prov: opts.prov,
          repo: opts.repo,
          username: opts.username,
          password: opts.password,
          passCredentials: opts.passCredentials,
          caFile: opts.caFile,
          certFile: opts.certFile,
          keyFile: opts.keyFile,
          insecureSkipTlsVerify: opts.insecureSkipTlsVerify,
          plainHttp: opts.plainHttp,
          repositoryConfig: g.repositoryConfig,
          repositoryCache: g.repositoryCache,
          registryConfig: g.registryConfig,
          destDir: tmp ?? dest,
          onProgress: (got, total) => status.set(`${what}: ${formatTransfer(got, total, true)}`),
        });
        status.done();
        let archive = r.path;
        if (isLocal) {
          if (statSync(archive).isDirectory()) throw new Error(`${ref} is a directory, not a chart archive`);
          if (!tmp) {
            const target = join(dest, basename(archive));
            if (resolve(target) !== resolve(archive)) copyFileSync(archive, target);
          }
        }
        for (const w of r.warnings ?? []) process.stdout.write(w + '\n');
        if (r.verification) process.stdout.write(verificationText(r.verification));
        if (tmp) {
          const ud = isAbsolute(opts.untardir) ? opts.untardir : join(dest, opts.untardir);
          // as Helm's chartutil.ExpandFile: the loader's files written under UD/<chart name>, never elsewhere (the
          // archive is read and unpacked once, for the name and for the files)
          const { readArchiveToExpand, writeExpanded } = await import('../../chart/expand.js');
          const { readFileSync } = await import('node:fs');
          const expand = await readArchiveToExpand(readFileSync(archive));
          const chartDir = join(ud, expand.chartName);
          if (existsSync(chartDir)) throw new Error(`failed to untar: a file or directory with the name ${chartDir} already exists`);
          mkdirSync(ud, { recursive: true });
          writeExpanded(expand, ud);
        }
      } catch (e: any) {
        if (e instanceof CliError) throw e;
        throw new CliError(e.message);
      } finally {
        status.done();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      }
    }
  });
}
