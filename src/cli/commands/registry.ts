// `tshelm registry login|logout HOST` (Helm v3.13.3 cmd/helm/registry_login.go, registry_logout.go).
// Credentials go to the registry config (Docker's config.json format; --registry-config).
import type { Command } from 'commander';
import { examples } from '../examples.js';
import { parentCommand } from './repo-cmd.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function register(program: Command): void {
  const reg = parentCommand(program, 'registry', 'login to or logout from a registry');
  reg.addHelpText('after', examples('tshelm registry login localhost:5000 -u myuser --password-stdin', 'tshelm registry logout localhost:5000'));
  reg
    .command('login')
    .description('login to a registry')
    .usage('[host] [flags]')
    .argument('[host]')
    .option('-u, --username <user>', 'registry username')
    .option('-p, --password <password>', 'registry password or identity token')
    .option('--password-stdin', 'read password or identity token from stdin')
    .option('--insecure', 'allow connections to TLS registry without certs')
    .option('--plain-http', 'use insecure HTTP connections to the registry')
    .option('--ca-file <path>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--cert-file <path>', 'identify registry client using this SSL certificate file')
    .option('--key-file <path>', 'identify registry client using this SSL key file')
    .addHelpText('after', examples('tshelm registry login localhost:5000 -u myuser --password-stdin', 'echo "$PASS" | tshelm registry login oci://localhost:5000 -u myuser --password-stdin --plain-http'))
    .action(async (host: string | undefined, opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (!host) throw new CliError('"tshelm registry login" requires 1 argument\n\nUsage:  tshelm registry login [host] [flags]');
      host = host.replace(/^oci:\/\//, '').replace(/\/+$/, '');
      let password: string | undefined = opts.password;
      if (opts.passwordStdin) {
        if (opts.password) throw new CliError('--password and --password-stdin are mutually exclusive');
        password = (await readStdin()).replace(/\r?\n$/, '');
      }
      if (!opts.username) throw new CliError('username is required (-u/--username)');
      if (password === undefined) throw new CliError('password is required (-p/--password or --password-stdin)');
      const g = c.optsWithGlobals() as Record<string, any>;
      const { registryLogin } = await import('../../repo/oci.js');
      try {
        await registryLogin(host, opts.username, password, { registryConfig: g.registryConfig, plainHttp: opts.plainHttp, insecureSkipTlsVerify: opts.insecure, caFile: opts.caFile, certFile: opts.certFile, keyFile: opts.keyFile });
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      process.stdout.write('Login Succeeded\n');
    });
  reg
    .command('logout')
    .description('logout from a registry')
    .addHelpText('after', examples('tshelm registry logout localhost:5000'))
    .usage('[host] [flags]')
    .argument('[host]')
    .action(async (host: string | undefined, _opts: Record<string, any>, c: Command) => {
      const { CliError } = await import('../errors.js');
      if (!host) throw new CliError('"tshelm registry logout" requires 1 argument\n\nUsage:  tshelm registry logout [host] [flags]');
      host = host.replace(/^oci:\/\//, '').replace(/\/+$/, '');
      const g = c.optsWithGlobals() as Record<string, any>;
      const { registryLogout } = await import('../../repo/oci.js');
      try {
        registryLogout(host, { registryConfig: g.registryConfig });
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      process.stderr.write(`Removing login credentials for ${host}\n`);
    });
}
