import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { signChart, verifyChart, messageBlock } from '../../../src/repo/provenance.js';
import { makeChartArchive, sha256, signingKeys, tempDir } from './helpers.js';

function hasGpg(): boolean {
  try {
    execFileSync('gpg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('provenance', () => {
  let dir: string;
  let archive: string;
  let pubring: string;
  let secret: string;
  let otherPub: string;
  beforeAll(async () => {
    dir = tempDir();
    archive = await makeChartArchive(dir, 'signed', '1.2.3', { appVersion: '4.5' });
    const { privateKey, publicKey, otherPublicKey } = await signingKeys('secret');
    pubring = join(dir, 'pubring.gpg');
    writeFileSync(pubring, publicKey.write()); // binary, as a GnuPG legacy keyring
    secret = join(dir, 'secret.asc');
    writeFileSync(secret, privateKey.armor());
    writeFileSync(join(dir, 'pass'), 'secret\n');
    otherPub = join(dir, 'other.asc');
    writeFileSync(otherPub, otherPublicKey);
  });

  it('writes the message block in Helm\'s layout', async () => {
    const block = await messageBlock(archive);
    expect(block).toBe(`apiVersion: v2\nappVersion: "4.5"\ndescription: The signed chart\nname: signed\nversion: 1.2.3\n\n...\nfiles:\n  signed-1.2.3.tgz: sha256:${sha256(archive)}\n`);
  });

  it('signs and verifies against binary and armored keyrings', async () => {
    const prov = await signChart(archive, { key: 'signer@example.com', keyring: secret, passphraseFile: join(dir, 'pass') });
    const text = readFileSync(prov, 'utf8');
    expect(text.startsWith('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\napiVersion: v2\n')).toBe(true);
    expect(text).toContain('-----BEGIN PGP SIGNATURE-----');
    const v = await verifyChart(archive, prov, pubring);
    expect(v.signedBy).toEqual(['Chart Signer <signer@example.com>']);
    expect(v.fileHash).toBe('sha256:' + sha256(archive));
    expect(v.fingerprint).toMatch(/^[0-9A-F]{40}$/);
  });

  it('refuses a tampered archive, a tampered .prov and an unknown signer', async () => {
    const d = tempDir();
    const a = join(d, 'signed-1.2.3.tgz');
    copyFileSync(archive, a);
    const prov = await signChart(a, { key: 'Chart Signer', keyring: secret, passphrase: 'secret' });
    await expect(verifyChart(a, prov, otherPub)).rejects.toThrow('openpgp: signature made by unknown entity');
    writeFileSync(prov, readFileSync(prov, 'utf8').replace('name: signed', 'name: evil'));
    await expect(verifyChart(a, prov, pubring)).rejects.toThrow(/invalid signature/);
    const prov2 = await signChart(a, { key: 'Chart Signer', keyring: secret, passphrase: 'secret' });
    const b = await makeChartArchive(tempDir(), 'signed', '1.2.3', { description: 'tampered' });
    copyFileSync(b, a);
    await expect(verifyChart(a, prov2, pubring)).rejects.toThrow(/sha256 sum does not match for signed-1.2.3.tgz/);
    await expect(signChart(a, { key: 'nobody', keyring: secret, passphrase: 'secret' })).rejects.toThrow('private key not found');
    await expect(signChart(a, { key: 'Chart Signer', keyring: secret, passphrase: 'wrong' })).rejects.toThrow(/cannot decrypt/);
  });

  it.skipIf(!hasGpg())('verifies a .prov clearsigned by GnuPG against its exported legacy keyring', async () => {
    const gh = tempDir();
    const gpg = (args: string[], input?: string) => execFileSync('gpg', ['--homedir', gh, '--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { input, stdio: ['pipe', 'pipe', 'ignore'] });
    gpg(['--quick-gen-key', 'GPG User <gpg@example.com>', 'ed25519', 'sign', '1d']);
    writeFileSync(join(gh, 'legacy.gpg'), gpg(['--export']));
    writeFileSync(join(gh, 'secring.gpg'), gpg(['--export-secret-keys']));
    const d = tempDir();
    const a = join(d, 'signed-1.2.3.tgz');
    copyFileSync(archive, a);
    writeFileSync(a + '.prov', gpg(['--digest-algo', 'SHA512', '--clearsign'], await messageBlock(a)));
    const v = await verifyChart(a, a + '.prov', join(gh, 'legacy.gpg'));
    expect(v.signedBy).toEqual(['GPG User <gpg@example.com>']);
    // and our signature with gpg's binary secret keyring verifies with gpg itself
    const prov = await signChart(a, { key: 'gpg@example.com', keyring: join(gh, 'secring.gpg') });
    const out = execFileSync('gpg', ['--homedir', gh, '--batch', '--verify', prov], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBeDefined();
  });
});
