// `tshelm serve [DIR]`: a chart repository server (index.yaml, archives, ChartMuseum-compatible upload API,
// web page). See src/repo/server.ts.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve a chart repository (index.yaml, archives, upload API and a web page)')
    .usage('[DIR] [flags]')
    .argument('[dir]')
    .option('--storage <dir>', 'directory holding the chart archives (same as DIR)')
    .option('--address <addr>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8879')
    .option('--url <url>', 'public URL of the repository (makes index URLs absolute)')
    .option('--allow-upload', 'accept uploads and deletes through the /api/charts API')
    .option('--allow-overwrite', 'let an upload with ?force replace an existing version')
    .option('--basic-auth-user <user>', 'user name required for uploads and deletes')
    .option('--basic-auth-pass <pass>', 'password required for uploads and deletes')
    .option('--token-file <path>', 'file holding a bearer token accepted for uploads and deletes')
    .option('--auth-reads', 'require the credentials for downloads and the web page too')
    .option('--max-upload-size <bytes>', 'largest upload accepted', String(20 * 1024 * 1024))
    .option('--tls-cert <path>', 'TLS certificate (PEM) to serve HTTPS')
    .option('--tls-key <path>', 'TLS key (PEM) to serve HTTPS')
    .option('--repo-name <name>', 'repository name shown in the web page\'s copy lines', 'myrepo')
    .addHelpText('after', '\nExamples:\n  tshelm serve repo-index --port 8879\n  tshelm serve ./charts-store --allow-upload --basic-auth-user ci --basic-auth-pass "$PASS"')
    .action(async (dir: string | undefined, opts: Record<string, any>) => {
      const { CliError } = await import('../errors.js');
      const storage = opts.storage ?? dir ?? '.';
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid argument "${opts.port}" for "--port" flag`);
      const maxUploadSize = Number(opts.maxUploadSize);
      if (!Number.isInteger(maxUploadSize) || maxUploadSize <= 0) throw new CliError(`invalid argument "${opts.maxUploadSize}" for "--max-upload-size" flag`);
      if (!!opts.tlsCert !== !!opts.tlsKey) throw new CliError('--tls-cert and --tls-key go together');
      if (opts.basicAuthUser && opts.basicAuthPass === undefined) throw new CliError('--basic-auth-user requires --basic-auth-pass');
      let token: string | undefined;
      if (opts.tokenFile) {
        const { readFileSync } = await import('node:fs');
        try {
          token = readFileSync(opts.tokenFile, 'utf8').trim();
        } catch (e: any) {
          throw new CliError(`--token-file: ${e.message}`);
        }
        if (!token) throw new CliError(`--token-file ${opts.tokenFile} is empty`);
      }
      const { startServer } = await import('../../repo/server.js');
      let s;
      try {
        s = await startServer({
          storage, address: opts.address, port, url: opts.url, allowUpload: !!opts.allowUpload, allowOverwrite: !!opts.allowOverwrite,
          basicAuthUser: opts.basicAuthUser, basicAuthPass: opts.basicAuthPass, token, authReads: !!opts.authReads, maxUploadSize,
          tlsCert: opts.tlsCert, tlsKey: opts.tlsKey, repoName: opts.repoName, log: (l) => process.stderr.write(l + '\n'),
        });
      } catch (e: any) {
        if (e?.code === 'EADDRINUSE') throw new CliError(`listen ${opts.address}:${port}: address already in use`);
        // node's "ENOENT: no such file or directory, open '/x'" as Go's "open /x: no such file or directory"
        const m = /^E[A-Z]+: (.+?), (\w+) '(.*)'$/.exec(String(e?.message));
        throw new CliError(m ? `${m[2]} ${m[3]}: ${m[1]}` : String(e?.message ?? e));
      }
      process.stdout.write(`Serving ${storage} at ${s.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('shutting down\n');
          void s.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
