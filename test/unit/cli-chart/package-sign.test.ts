// `tshelm package --sign` writes CHART-VERSION.tgz.prov (Helm's clearsigned layout) and `tshelm verify` accepts it.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { signingKeys } from '../repo/helpers.js';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'commands', 'package.js'));

function run(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: opts.cwd, input: opts.input, env: { ...process.env, HELM_NAMESPACE: '', ...opts.env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!built)('package --sign', () => {
  let d: string;
  let chart: string;
  let secring: string;
  let pubring: string;
  let otherPub: string;
  beforeAll(async () => {
    d = mkdtempSync(join(tmpdir(), 'tshelm-sign-'));
    chart = join(d, 'signme');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: signme\nversion: 0.3.1\nappVersion: "1.0"\ndescription: a signed chart\n');
    writeFileSync(join(chart, 'values.yaml'), 'a: 1\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n');
    const { privateKey, publicKey, otherPublicKey } = await signingKeys('hunter2');
    secring = join(d, 'secring.gpg');
    writeFileSync(secring, privateKey.write()); // binary, like a GnuPG legacy secring.gpg
    pubring = join(d, 'pubring.gpg');
    writeFileSync(pubring, publicKey.write());
    writeFileSync(join(d, 'pass'), 'hunter2\nignored second line\n');
    otherPub = join(d, 'other.asc');
    writeFileSync(otherPub, otherPublicKey);
  });

  it('writes the .prov next to the archive and verify accepts it', () => {
    const out = join(d, 'out1');
    mkdirSync(out);
    const r = run(['package', chart, '-d', out, '--sign', '--key', 'Chart Signer', '--keyring', secring, '--passphrase-file', join(d, 'pass')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const tgz = join(out, 'signme-0.3.1.tgz');
    expect(r.out).toBe(`Successfully packaged chart and saved it to: ${tgz}\n`);
    const prov = readFileSync(tgz + '.prov', 'utf8');
    const sum = createHash('sha256').update(readFileSync(tgz)).digest('hex');
    expect(prov).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n/);
    expect(prov).toContain(`apiVersion: v2\nappVersion: "1.0"\ndescription: a signed chart\nname: signme\nversion: 0.3.1\n\n...\nfiles:\n  signme-0.3.1.tgz: sha256:${sum}\n-----BEGIN PGP SIGNATURE-----`);
    const v = run(['verify', tgz, '--keyring', pubring]);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(new RegExp(`^Signed by: Chart Signer <signer@example.com>\\nUsing Key With Fingerprint: [0-9A-F]{40}\\nChart Hash Verified: sha256:${sum}\\n$`));
    const wrong = run(['verify', tgz, '--keyring', otherPub]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe('Error: openpgp: signature made by unknown entity\n');
  });

  it('reads the passphrase from stdin with --passphrase-file - and picks the key by email; --version is signed', () => {
    const out = join(d, 'out2');
    mkdirSync(out);
    const r = run(['package', chart, '-d', out, '--version', '0.4.0', '--sign', '--key', 'signer@example.com', '--keyring', secring, '--passphrase-file', '-'], { input: 'hunter2\n' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'signme-0.4.0.tgz.prov'), 'utf8')).toContain('version: 0.4.0\n\n...\nfiles:\n  signme-0.4.0.tgz: sha256:');
    expect(run(['verify', join(out, 'signme-0.4.0.tgz'), '--keyring', pubring]).code).toBe(0);
  });

  it('fails in one line without a key, an unknown key, or a wrong passphrase', () => {
    const out = join(d, 'out3');
    mkdirSync(out);
    let r = run(['package', chart, '-d', out, '--sign', '--keyring', secring]);
    expect([r.code, r.err]).toEqual([1, 'Error: --key is required for signing a package\n']);
    r = run(['package', chart, '-d', out, '--sign', '--key', 'nobody', '--keyring', secring, '--passphrase-file', join(d, 'pass')]);
    expect([r.code, r.err]).toEqual([1, 'Error: private key not found\n']);
    writeFileSync(join(d, 'badpass'), 'nope\n');
    r = run(['package', chart, '-d', out, '--sign', '--key', 'Chart Signer', '--keyring', secring, '--passphrase-file', join(d, 'badpass')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Error: [^\n]+\n$/);
    expect(existsSync(join(out, 'signme-0.3.1.tgz.prov'))).toBe(false);
    r = run(['package', chart, '-d', out, '--sign', '--key', 'Chart Signer', '--keyring', join(d, 'missing.gpg')]);
    expect([r.code, r.err]).toEqual([1, `Error: open ${join(d, 'missing.gpg')}: no such file or directory\n`]);
  });
});
