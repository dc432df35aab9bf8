// Chart provenance (Helm's pkg/provenance): a .prov file is an OpenPGP clearsigned message whose text is the
// chart's Chart.yaml metadata (yaml.Marshal), a "..." separator line, and `files: {ARCHIVE: sha256:HEX}`.
// Keyrings: GnuPG legacy keyrings (pubring.gpg / secring.gpg, binary) or ASCII-armored key files.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import yaml from 'js-yaml';
import { atomicWrite } from './repositories.js';

async function pgp() {
  return await import('openpgp');
}

function readKeyringBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e: any) {
    throw new Error(`open ${path}: ${e?.code === 'ENOENT' ? 'no such file or directory' : e?.message}`);
  }
}

function isArmored(data: Uint8Array): boolean {
  return Buffer.from(data.subarray(0, 64)).toString('latin1').includes('-----BEGIN PGP');
}

/** Public keys of a keyring (binary GnuPG keyring or armored). */
export async function loadPublicKeys(path: string): Promise<any[]> {
  const openpgp = await pgp();
  const data = readKeyringBytes(path);
  if (Buffer.from(data.subarray(0, 8)).toString('latin1').slice(4, 8) === 'KBXf') {
    throw new Error(`${path} is a GnuPG keybox (pubring.kbx); export a legacy keyring: gpg --export > pubring.gpg`);
  }
  try {
    return isArmored(data) ? await openpgp.readKeys({ armoredKeys: Buffer.from(data).toString('utf8') }) : await openpgp.readKeys({ binaryKeys: data });
  } catch (e: any) {
    throw new Error(`cannot read the keyring ${path}: ${e?.message ?? e}`);
  }
}

/** Private keys of a keyring (secring.gpg or an armored private key). */
export async function loadPrivateKeys(path: string): Promise<any[]> {
  const openpgp = await pgp();
  const data = readKeyringBytes(path);
  try {
    return isArmored(data) ? await openpgp.readPrivateKeys({ armoredKeys: Buffer.from(data).toString('utf8') }) : await openpgp.readPrivateKeys({ binaryKeys: data });
  } catch (e: any) {
    throw new Error(`cannot read the private keyring ${path}: ${e?.message ?? e}`);
  }
}

function sha256File(path: string): string {
  return 'sha256:' + createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** provenance.messageBlock: Chart.yaml metadata, "...", files with the archive's sha256. */
export async function messageBlock(archivePath: string): Promise<string> {
  const { loadChart } = await import('../chart/load.js');
  const { marshalMetadata } = await import('../chart/package.js');
  const chart = await loadChart(archivePath);
  const meta = marshalMetadata(chart.metadata, true);
  const files = `files:\n  ${basename(archivePath)}: ${sha256File(archivePath)}\n`;
  return `${meta}\n...\n${files}`;
}

function userIds(key: any): string[] {
  try {
    return key.getUserIDs();
  } catch {
    return [];
  }
}

export interface SignOptions {
  /** The key's name (a substring of a user ID, an email, or a key ID / fingerprint suffix). */
  key: string;
  /** The secret keyring (binary secring.gpg or an armored private key file). */
  keyring: string;
  /** A file whose first line is the passphrase (--passphrase-file; "-" reads stdin). */
  passphraseFile?: string;
  passphrase?: string;
}

/** Sign a chart archive: writes ARCHIVE.prov (Helm's format) and returns its path. */
export async function signChart(archivePath: string, o: SignOptions): Promise<string> {
  const openpgp = await pgp();
  const keys = await loadPrivateKeys(o.keyring);
  const want = o.key.toLowerCase();
  const key = keys.find(
    (k) => userIds(k).some((u) => u.toLowerCase().includes(want)) || k.getFingerprint().toLowerCase().endsWith(want.replace(/^0x/, '')) || k.getKeyID().toHex().toLowerCase() === want.replace(/^0x/, ''),
  );
  if (!key) throw new Error(`private key not found`);
  let signingKey = key;
  if (!key.isDecrypted()) {
    let pass = o.passphrase;
    if (pass === undefined && o.passphraseFile) {
      const raw = o.passphraseFile === '-' ? readFileSync(0, 'utf8') : readFileSync(o.passphraseFile, 'utf8');
      pass = raw.split(/\r?\n/)[0];
    }
    if (pass === undefined) throw new Error(`the key ${JSON.stringify(o.key)} is protected by a passphrase: use --passphrase-file`);
    try {
      signingKey = await openpgp.decryptKey({ privateKey: key, passphrase: pass });
    } catch (e: any) {
      throw new Error(`cannot decrypt the key ${JSON.stringify(o.key)}: ${e?.message ?? e}`);
    }
  }
  // Like Go's clearsign (and gpg --clearsign), the line break ending the block is the one before the
  // "-----BEGIN PGP SIGNATURE-----" line: it is not part of the signed text, and no blank line is written.
  const text = (await messageBlock(archivePath)).replace(/\n$/, '');
  const message = await openpgp.createCleartextMessage({ text });
  const signed = await openpgp.sign({ message, signingKeys: signingKey, config: { preferredHashAlgorithm: openpgp.enums.hash.sha512 } });
  // openpgp.js writes the cleartext with CRLF; Helm (Go's clearsign) writes LF. The signature covers the
  // canonical (CRLF) form either way.
  const text2 = String(signed);
  const cut = text2.indexOf('-----BEGIN PGP SIGNATURE-----');
  const prov = (cut >= 0 ? text2.slice(0, cut).replace(/\r\n/g, '\n') + text2.slice(cut) : text2).replace(/\r\n/g, '\n');
  const out = archivePath + '.prov';
  atomicWrite(out, prov);
  return out;
}

export interface Verification {
  /** User IDs of the signing key. */
  signedBy: string[];
  /** Fingerprint of the signing key (hex, upper case as gpg prints). */
  fingerprint: string;
  /** sha256:HEX of the archive. */
  fileHash: string;
}

/** Verify an archive against its .prov and a public keyring (Helm's Signatory.Verify). */
export async function verifyChart(archivePath: string, provPath: string, keyringPath: string): Promise<Verification> {
  const openpgp = await pgp();
  let provText: string;
  try {
    provText = readFileSync(provPath, 'utf8');
  } catch (e: any) {
    throw new Error(`could not load provenance file ${provPath}: ${e?.code === 'ENOENT' ? 'no such file or directory' : e?.message}`);
  }
  try {
    readFileSync(archivePath, { flag: 'r' }).subarray(0, 0);
  } catch {
    throw new Error(`archive ${archivePath} does not exist`);
  }
  const keys = await loadPublicKeys(keyringPath);
  let message;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: provText });
  } catch (e: any) {
    throw new Error(`signature block not found in ${provPath}: ${e?.message ?? e}`);
  }
  const result = await openpgp.verify({ message, verificationKeys: keys, expectSigned: false });
  const sig = result.signatures[0];
  if (!sig) throw new Error('openpgp: no signature in the provenance file');
  try {
    await sig.verified;
  } catch (e: any) {
    const m = String(e?.message ?? e);
    if (/Could not find signing key/i.test(m)) throw new Error('openpgp: signature made by unknown entity');
    throw new Error(`openpgp: invalid signature: ${m}`);
  }
  const signer = keys.find((k) => k.getKeys(sig.keyID).length > 0);
  const text = message.getText();
  const parts = text.split('\n...\n');
  if (parts.length < 2) throw new Error('message block must have at least two parts');
  let sums: any;
  try {
    sums = yaml.load(parts[1], { schema: yaml.CORE_SCHEMA });
  } catch (e: any) {
    throw new Error(`cannot parse the files section of ${provPath}: ${e?.message}`);
  }
  const base = basename(archivePath);
  const want = sums?.files?.[base];
  if (!want) throw new Error(`provenance does not contain a SHA for a file named ${JSON.stringify(base)}`);
  const got = sha256File(archivePath);
  if (got !== want) throw new Error(`sha256 sum does not match for ${base}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  return { signedBy: signer ? userIds(signer) : [], fingerprint: signer ? signer.getFingerprint().toUpperCase() : sig.keyID.toHex().toUpperCase(), fileHash: got };
}
