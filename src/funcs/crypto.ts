// sprig v3.2.3's crypto functions: hashes, bcrypt/htpasswd, derivePassword (Master Password), private keys,
// X.509 certificates (built and signed here as Go's x509.CreateCertificate builds them), AES, random bytes.
import {
  createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scryptSync, sign,
  createCipheriv, createDecipheriv, X509Certificate, type KeyObject,
} from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import bcryptjs from 'bcryptjs';
import { def, GoInt, GoStruct, isGoInt, type FuncMap } from '../template/types.js';

// ---------------------------------------------------------------------------------------------------------
// Hashes

const utf8 = (s: string) => Buffer.from(s, 'utf8');

export function sha256sum(input: string): string {
  return createHash('sha256').update(utf8(input)).digest('hex');
}
export function sha1sum(input: string): string {
  return createHash('sha1').update(utf8(input)).digest('hex');
}
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------
// bcrypt (golang.org/x/crypto/bcrypt: $2a$, DefaultCost 10, passwords over 72 bytes rejected)

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function bcryptSalt(cost: number): string {
  // bcrypt's base64 of 16 random bytes → 22 characters
  const raw = randomBytes(16);
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c1 = raw[i++];
    out += BCRYPT_ALPHABET[(c1 >> 2) & 0x3f];
    let c = (c1 & 0x03) << 4;
    if (i >= raw.length) {
      out += BCRYPT_ALPHABET[c];
      break;
    }
    const c2 = raw[i++];
    c |= (c2 >> 4) & 0x0f;
    out += BCRYPT_ALPHABET[c];
    c = (c2 & 0x0f) << 2;
    if (i >= raw.length) {
      out += BCRYPT_ALPHABET[c];
      break;
    }
    const c3 = raw[i++];
    c |= (c3 >> 6) & 0x03;
    out += BCRYPT_ALPHABET[c] + BCRYPT_ALPHABET[c3 & 0x3f];
  }
  return `$2a$${String(cost).padStart(2, '0')}$${out.slice(0, 22)}`;
}
export function bcrypt(input: string): string {
  if (utf8(input).length > 72) return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  return bcryptjs.hashSync(input, bcryptSalt(10));
}
export function htpasswd(username: string, password: string): string {
  if (username.includes(':')) return `invalid username: ${username}`;
  return `${username}:${bcrypt(password)}`;
}

// ---------------------------------------------------------------------------------------------------------
// derivePassword: the Master Password algorithm as sprig implements it

const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: ['CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv', 'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno',
    'CvccnoCvccCvcv', 'CvccCvccnoCvcv', 'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno',
    'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno'],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
export function derivePassword(counter: number, passwordType: string, password: string, user: string, site: string): string {
  const templates = Object.hasOwn(PASSWORD_TEMPLATES, passwordType) ? PASSWORD_TEMPLATES[passwordType] : undefined;
  if (!templates) return `cannot find password template ${passwordType}`;
  const userB = utf8(user);
  const salt = Buffer.concat([utf8(MASTER_PASSWORD_SEED), u32be(userB.length), userB]);
  const key = scryptSync(utf8(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 256 * 1024 * 1024 });
  const siteB = utf8(site);
  const seed = createHmac('sha256', key)
    .update(Buffer.concat([utf8(MASTER_PASSWORD_SEED), u32be(siteB.length), siteB, u32be(counter)]))
    .digest();
  const temp = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = TEMPLATE_CHARS[temp[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Go's encoding/base64 StdEncoding.DecodeString (errors as CorruptInputError)

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) B64MAP[B64.charCodeAt(i)] = i;

export function goBase64Decode(text: string): Buffer {
  const src = Buffer.from(text, 'utf8');
  const out: number[] = [];
  const corrupt = (at: number) => new Error(`illegal base64 data at input byte ${at}`);
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw corrupt(si - j);
      }
      const ch = src[si++];
      const v = B64MAP[ch];
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) {
        j--;
        continue;
      }
      if (ch !== 0x3d) throw corrupt(si - 1);
      // padding
      if (j === 0 || j === 1) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) throw corrupt(si);
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (dlen < 4) break;
    // skip trailing newlines before the next quantum check
  }
  return Buffer.from(out);
}

// ---------------------------------------------------------------------------------------------------------
// AES (sprig's scheme: key = password bytes zero-padded/truncated to 32, AES-256-CBC, PKCS#7-style padding,
// random IV prepended, standard base64)

export function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const key = Buffer.alloc(32);
  utf8(password).copy(key, 0, 0, 32);
  const content = utf8(plaintext);
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([iv, c.update(padded), c.final()]).toString('base64');
}

export function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const key = Buffer.alloc(32);
  utf8(password).copy(key, 0, 0, 32);
  const crypt = goBase64Decode(crypt64);
  if (crypt.length < 16) throw new Error(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const iv = crypt.subarray(0, 16);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const d = createDecipheriv('aes-256-cbc', key, iv);
  d.setAutoPadding(false);
  const dec = Buffer.concat([d.update(body), d.final()]);
  if (dec.length === 0) throw new Error('runtime error: index out of range [-1]');
  const end = dec.length - dec[dec.length - 1];
  if (end < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
  return dec.subarray(0, end).toString('utf8');
}

export function randBytesB64(count: number): string {
  if (count < 0) throw new Error('runtime error: makeslice: len out of range');
  return randomBytes(count).toString('base64');
}

// ---------------------------------------------------------------------------------------------------------
// DER

function derLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLen(body.length), body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
function derInt(v: bigint): Buffer {
  if (v === 0n) return tlv(0x02, Buffer.from([0]));
  let hex = (v < 0n ? BigInt.asUintN(Math.ceil((v.toString(2).length + 1) / 8) * 8, v) : v).toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let b = Buffer.from(hex, 'hex');
  if (v > 0n && b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function derOid(oid: string): Buffer {
  const parts = oid.split('.').map((p) => BigInt(p));
  const bytes: number[] = [Number(parts[0] * 40n + parts[1])];
  for (const p of parts.slice(2)) {
    const enc: number[] = [];
    let v = p;
    do {
      enc.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < enc.length - 1; i++) enc[i] |= 0x80;
    bytes.push(...enc);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const derBool = (b: boolean) => tlv(0x01, Buffer.from([b ? 0xff : 0]));
const derOctets = (b: Buffer) => tlv(0x04, b);
const derBits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
const derNull = () => Buffer.from([0x05, 0x00]);

function derTime(t: Date): Buffer {
  const y = t.getUTCFullYear();
  const p2 = (n: number) => String(n).padStart(2, '0');
  const rest = p2(t.getUTCMonth() + 1) + p2(t.getUTCDate()) + p2(t.getUTCHours()) + p2(t.getUTCMinutes()) + p2(t.getUTCSeconds()) + 'Z';
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(p2(y % 100) + rest, 'latin1'));
  return tlv(0x18, Buffer.from(String(y).padStart(4, '0') + rest, 'latin1'));
}

/** A parsed DER element. */
interface Der {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}
function readDer(buf: Buffer, pos: number): Der {
  if (pos + 2 > buf.length) throw new Error('truncated');
  const tag = buf[pos];
  let len = buf[pos + 1];
  let cs = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || cs + n > buf.length) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[cs + i];
    cs += n;
  }
  if (cs + len > buf.length) throw new Error('truncated');
  return { tag, start: pos, contentStart: cs, end: cs + len };
}
function derChildren(buf: Buffer, el: Der): Der[] {
  const out: Der[] = [];
  let p = el.contentStart;
  while (p < el.end) {
    const c = readDer(buf, p);
    out.push(c);
    p = c.end;
  }
  return out;
}
const derBigInt = (buf: Buffer, el: Der): bigint => {
  const b = buf.subarray(el.contentStart, el.end);
  if (b.length === 0) return 0n;
  let v = BigInt('0x' + b.toString('hex'));
  if (b[0] & 0x80) v -= 1n << BigInt(b.length * 8);
  return v;
};

// ---------------------------------------------------------------------------------------------------------
// PEM (Go's encoding/pem)

export function pemEncode(type: string, der: Buffer): string {
  const b64 = der.toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

/** Go's pem.getLine: the first line without trailing spaces/tabs (and \r), and the rest after it. */
function pemGetLine(data: string): [string, string] {
  let i = data.indexOf('\n');
  let j: number;
  if (i < 0) {
    i = data.length;
    j = i;
  } else {
    j = i + 1;
    if (i > 0 && data[i - 1] === '\r') i--;
  }
  return [data.slice(0, i).replace(/[ \t]+$/, ''), data.slice(j)];
}

/** The first PEM block of the text, as Go's pem.Decode finds it (headers skipped). Works on a byte string. */
export function pemDecode(text: string): { type: string; bytes: Buffer; headers: Record<string, string> } | undefined {
  const START = '\n-----BEGIN ';
  const END = '\n-----END ';
  let rest = text;
  for (;;) {
    if (rest.startsWith(START.slice(1))) rest = rest.slice(START.length - 1);
    else {
      const k = rest.indexOf(START);
      if (k < 0) return undefined;
      rest = rest.slice(k + START.length);
    }
    let typeLine: string;
    [typeLine, rest] = pemGetLine(rest);
    if (!typeLine.endsWith('-----')) continue;
    typeLine = typeLine.slice(0, -5);
    const headers: Record<string, string> = {};
    let nHeaders = 0;
    let truncated = false;
    for (;;) {
      if (rest.length === 0) {
        truncated = true;
        break;
      }
      const [line, next] = pemGetLine(rest);
      const c = line.indexOf(':');
      if (c < 0) break;
      headers[line.slice(0, c).trim()] = line.slice(c + 1).trim();
      nHeaders++;
      rest = next;
    }
    if (truncated) return undefined;
    let endIndex: number;
    let endTrailerIndex: number;
    if (nHeaders === 0 && rest.startsWith(END.slice(1))) {
      endIndex = 0;
      endTrailerIndex = END.length - 1;
    } else {
      endIndex = rest.indexOf(END);
      endTrailerIndex = endIndex + END.length;
    }
    if (endIndex < 0) continue;
    let endTrailer = rest.slice(endTrailerIndex);
    const endTrailerLen = typeLine.length + 5;
    if (endTrailer.length < endTrailerLen) continue;
    const restOfEndLine = endTrailer.slice(endTrailerLen);
    endTrailer = endTrailer.slice(0, endTrailerLen);
    if (!endTrailer.startsWith(typeLine) || !endTrailer.endsWith('-----')) continue;
    if (pemGetLine(restOfEndLine)[0].length !== 0) continue;
    let bytes: Buffer;
    try {
      bytes = goBase64Decode(rest.slice(0, endIndex).replace(/[ \t]/g, ''));
    } catch {
      continue;
    }
    return { type: typeLine, bytes, headers };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Private keys

type PrivKey =
  | { kind: 'rsa' | 'ecdsa' | 'ed25519'; key: KeyObject }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; y: bigint; x: bigint }
  | { kind: 'other'; key: KeyObject; goType: string };

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

function dsaKeyFromObject(key: KeyObject): PrivKey {
  // PKCS#8: SEQ { INTEGER 0, SEQ { OID dsa, SEQ { p, q, g } }, OCTET STRING { INTEGER x } }
  const der = key.export({ type: 'pkcs8', format: 'der' }) as Buffer;
  const top = derChildren(der, readDer(der, 0));
  const params = derChildren(der, derChildren(der, top[1])[1]).map((e) => derBigInt(der, e));
  const xEl = readDer(der, top[2].contentStart);
  const x = derBigInt(der, xEl);
  const [p, q, g] = params;
  return { kind: 'dsa', p, q, g, x, y: modPow(g, x, p) };
}

function pemBlockForKey(k: PrivKey): string {
  switch (k.kind) {
    case 'rsa':
      return k.key.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ecdsa':
      return pemEncode('EC PRIVATE KEY', k.key.export({ type: 'sec1', format: 'der' }) as Buffer);
    case 'dsa':
      return pemEncode('DSA PRIVATE KEY', seq(derInt(0n), derInt(k.p), derInt(k.q), derInt(k.g), derInt(k.y), derInt(k.x)));
    default:
      return pemEncode('PRIVATE KEY', k.key.export({ type: 'pkcs8', format: 'der' }) as Buffer);
  }
}

export function generatePrivateKey(typ: string): string {
  let k: PrivKey;
  switch (typ) {
    case '':
    case 'rsa':
      k = { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey };
      break;
    case 'dsa':
      k = dsaKeyFromObject(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey);
      break;
    case 'ecdsa':
      k = { kind: 'ecdsa', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };
      break;
    case 'ed25519':
      k = { kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey };
      break;
    default:
      return 'Unknown type ' + typ;
  }
  return pemBlockForKey(k);
}

function classify(key: KeyObject): PrivKey {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { kind: 'rsa', key };
    case 'ec':
      return { kind: 'ecdsa', key };
    case 'ed25519':
      return { kind: 'ed25519', key };
    case 'dsa':
      return dsaKeyFromObject(key);
    case 'x25519':
      return { kind: 'other', key, goType: '*ecdh.PrivateKey' };
    default:
      return { kind: 'other', key, goType: '*' + key.asymmetricKeyType + '.PrivateKey' };
  }
}

function tryKey(der: Buffer, type: 'pkcs1' | 'sec1' | 'pkcs8'): KeyObject | undefined {
  try {
    return createPrivateKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
}

/** sprig's parsePrivateKeyPEM. Throws sprig's error texts. */
function parsePrivateKeyPEM(pemText: string): PrivKey {
  const block = pemDecode(pemText);
  if (!block) throw new Error('no PEM data in input');
  if (block.type === 'PRIVATE KEY') {
    const k = tryKey(block.bytes, 'pkcs8');
    if (!k) {
      let why = 'x509: malformed PKCS#8 private key';
      if (tryKey(block.bytes, 'pkcs1')) why = 'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)';
      else if (tryKey(block.bytes, 'sec1')) why = 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)';
      throw new Error(`decoding PEM as PKCS#8: ${why}`);
    }
    if (k.asymmetricKeyType === 'dsa') {
      throw new Error('decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.2.840.10040.4.1');
    }
    return classify(k);
  }
  if (!block.type.endsWith(' PRIVATE KEY')) throw new Error(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case 'RSA': {
      const k = tryKey(block.bytes, 'pkcs1');
      if (!k) {
        const why = tryKey(block.bytes, 'pkcs8')
          ? 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)'
          : tryKey(block.bytes, 'sec1')
            ? 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)'
            : 'x509: malformed private key';
        throw new Error(`parsing RSA private key from PEM: ${why}`);
      }
      return classify(k);
    }
    case 'EC': {
      const k = tryKey(block.bytes, 'sec1');
      if (!k) {
        const why = tryKey(block.bytes, 'pkcs8')
          ? 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)'
          : tryKey(block.bytes, 'pkcs1')
            ? 'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)'
            : 'x509: failed to parse EC private key: asn1: structure error';
        throw new Error(`parsing EC private key from PEM: ${why}`);
      }
      return classify(k);
    }
    case 'DSA': {
      try {
        const b = block.bytes;
        const ints = derChildren(b, readDer(b, 0)).map((e) => derBigInt(b, e));
        if (ints.length < 6) throw new Error('short');
        const [, p, q, g, y, x] = ints;
        return { kind: 'dsa', p, q, g, y, x };
      } catch {
        throw new Error('parsing DSA private key from PEM: asn1: syntax error: sequence truncated');
      }
    }
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// X.509 (as Go 1.21's x509.CreateCertificate encodes sprig's templates)

/** sprig's `certificate` struct: {{ $ca.Cert }} and {{ $ca.Key }}. */
export class SprigCertificate extends GoStruct {
  readonly goType = 'sprig.certificate';
  Cert: string;
  Key: string;
  constructor(cert = '', key = '') {
    super();
    Object.defineProperty(this, 'goType', { enumerable: false, value: 'sprig.certificate' });
    this.Cert = cert;
    this.Key = key;
  }
}

const OID = {
  cn: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
};

const KU_DIGITAL_SIGNATURE = 1 << 0;
const KU_KEY_ENCIPHERMENT = 1 << 2;
const KU_CERT_SIGN = 1 << 5;

interface CertTemplate {
  serial: bigint;
  cn: string;
  ips: Buffer[];
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  keyUsage: number;
  isCA: boolean;
}

/** Go's asn1 string choice for an untagged string: PrintableString when it can, else UTF8String. */
function derDirectoryString(s: string): Buffer {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
  return tlv(printable ? 0x13 : 0x0c, utf8(s));
}
function nameDer(cn: string): Buffer {
  if (cn.length === 0) return seq();
  return seq(set(seq(derOid(OID.cn), derDirectoryString(cn))));
}

/** Go's net.ParseIP as 4 (IPv4 or v4-mapped) or 16 bytes; undefined when invalid. */
export function parseIP(s: string): Buffer | undefined {
  if (isIPv4(s)) {
    const parts = s.split('.');
    if (parts.some((p) => p.length > 1 && p[0] === '0')) return undefined;
    return Buffer.from(parts.map(Number));
  }
  if (!isIPv6(s) || s.includes('%')) return undefined;
  // expand
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = parseIP(maybeV4);
    if (!v4) return undefined;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':').map((x) => parseInt(x, 16)) : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':').map((x) => parseInt(x, 16)) : [];
  const groups = rest === undefined ? h : [...h, ...new Array(8 - h.length - r.length).fill(0), ...r];
  if (tail.length) groups.splice(6, 2, ...tail);
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(g, i * 2));
  // To4: v4-mapped addresses are stored as 4 bytes in certificates
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return b.subarray(12);
  return b;
}

function keyUsageDer(ku: number): Buffer {
  // bits numbered from the most significant bit of the first byte, trailing zero bits trimmed
  const a = [0, 0];
  for (let i = 0; i < 16; i++) if (ku & (1 << i)) a[i >> 3] |= 0x80 >> (i & 7);
  let bytes = a[1] !== 0 ? a : [a[0]];
  const last = bytes[bytes.length - 1];
  let unused = 0;
  if (last === 0) bytes = [];
  else while (((last >> unused) & 1) === 0) unused++;
  return derBits(Buffer.from(bytes), bytes.length ? unused : 0);
}

function ext(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(derOid(oid), derBool(true), derOctets(value)) : seq(derOid(oid), derOctets(value));
}

interface Signer {
  algId: Buffer;
  sign(data: Buffer): Buffer;
  spki: Buffer;
}
function signerFor(k: PrivKey): Signer {
  if (k.kind === 'dsa' || k.kind === 'other') throw new Error('x509: certificate private key does not implement crypto.Signer');
  const spki = createPublicKey(k.key).export({ type: 'spki', format: 'der' }) as Buffer;
  if (k.kind === 'rsa') {
    return { spki, algId: seq(derOid(OID.sha256WithRSA), derNull()), sign: (d) => sign('sha256', d, k.key) };
  }
  if (k.kind === 'ed25519') {
    return { spki, algId: seq(derOid(OID.ed25519)), sign: (d) => sign(null, d, k.key) };
  }
  const curve = (k.key.asymmetricKeyDetails?.namedCurve ?? '') as string;
  const [hash, oid] = curve === 'secp384r1' ? ['sha384', OID.ecdsaWithSHA384] : curve === 'secp521r1' ? ['sha512', OID.ecdsaWithSHA512] : ['sha256', OID.ecdsaWithSHA256];
  if (!['prime256v1', 'secp224r1', 'secp384r1', 'secp521r1'].includes(curve)) throw new Error('x509: unknown elliptic curve');
  return { spki, algId: seq(derOid(oid)), sign: (d) => sign(hash, d, k.key) };
}

function publicKeyInfo(k: PrivKey): { spki: Buffer; bits: Buffer } {
  if (k.kind === 'dsa') throw new Error('x509: unsupported public key type: *dsa.PublicKey');
  // Go 1.21 also certifies X25519 (*ecdh.PublicKey) keys
  if (k.kind === 'other' && k.key.asymmetricKeyType !== 'x25519') {
    throw new Error(`x509: unsupported public key type: ${k.goType.replace('Private', 'Public')}`);
  }
  const spki = createPublicKey(k.key).export({ type: 'spki', format: 'der' }) as Buffer;
  const parts = derChildren(spki, readDer(spki, 0));
  const bits = spki.subarray(parts[1].contentStart + 1, parts[1].end);
  return { spki, bits };
}

interface ParentCert {
  rawSubject: Buffer;
  subjectKeyId?: Buffer;
  spki: Buffer;
}

function parseCertificateDer(der: Buffer): ParentCert {
  try {
    new X509Certificate(der);
    const cert = derChildren(der, readDer(der, 0));
    const tbs = derChildren(der, cert[0]);
    let i = 0;
    if (tbs[0].tag === 0xa0) i = 1;
    const subject = tbs[i + 4];
    const spki = tbs[i + 5];
    let ski: Buffer | undefined;
    const extsEl = tbs.slice(i + 6).find((e) => e.tag === 0xa3);
    if (extsEl) {
      const list = derChildren(der, readDer(der, extsEl.contentStart));
      for (const e of list) {
        const parts = derChildren(der, e);
        const oidBytes = der.subarray(parts[0].start, parts[0].end);
        if (oidBytes.equals(derOid(OID.subjectKeyId))) {
          const octet = parts[parts.length - 1];
          const inner = readDer(der, octet.contentStart);
          ski = Buffer.from(der.subarray(inner.contentStart, inner.end));
        }
      }
    }
    return { rawSubject: Buffer.from(der.subarray(subject.start, subject.end)), subjectKeyId: ski, spki: Buffer.from(der.subarray(spki.start, spki.end)) };
  } catch {
    throw new Error('x509: malformed certificate');
  }
}

function createCertificate(tpl: CertTemplate, signee: PrivKey, parent: ParentCert | 'self', signerKey: PrivKey): Buffer {
  const signer = signerFor(signerKey);
  const pub = publicKeyInfo(signee);
  const subject = nameDer(tpl.cn);
  const issuer = parent === 'self' ? subject : parent.rawSubject;
  let authorityKeyId: Buffer | undefined;
  if (parent !== 'self' && !issuer.equals(subject) && parent.subjectKeyId && parent.subjectKeyId.length > 0) {
    authorityKeyId = parent.subjectKeyId;
  }
  const subjectKeyId = tpl.isCA ? createHash('sha1').update(pub.bits).digest() : undefined;
  if (parent !== 'self' && !parent.spki.equals(signer.spki)) {
    throw new Error("x509: provided PrivateKey doesn't match parent's PublicKey");
  }
  for (const n of tpl.dnsNames) {
    if (/[^\x00-\x7f]/.test(n)) throw new Error(`x509: "${n}" cannot be encoded as an IA5String`);
  }
  const exts: Buffer[] = [];
  if (tpl.keyUsage !== 0) exts.push(ext(OID.keyUsage, true, keyUsageDer(tpl.keyUsage)));
  exts.push(ext(OID.extKeyUsage, false, seq(derOid(OID.serverAuth), derOid(OID.clientAuth))));
  exts.push(ext(OID.basicConstraints, true, tpl.isCA ? seq(derBool(true)) : seq()));
  if (subjectKeyId) exts.push(ext(OID.subjectKeyId, false, derOctets(subjectKeyId)));
  if (authorityKeyId) exts.push(ext(OID.authorityKeyId, false, seq(tlv(0x80, authorityKeyId))));
  if (tpl.dnsNames.length > 0 || tpl.ips.length > 0) {
    const names = [...tpl.dnsNames.map((n) => tlv(0x82, Buffer.from(n, 'latin1'))), ...tpl.ips.map((ip) => tlv(0x87, ip))];
    exts.push(ext(OID.subjectAltName, subject.equals(seq()), seq(...names)));
  }
  const tbs = seq(
    tlv(0xa0, derInt(2n)),
    derInt(tpl.serial),
    signer.algId,
    issuer,
    seq(derTime(tpl.notBefore), derTime(tpl.notAfter)),
    subject,
    pub.spki,
    tlv(0xa3, seq(...exts)),
  );
  const sig = signer.sign(tbs);
  return seq(tbs, signer.algId, derBits(sig));
}

function goValueText(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (isGoInt(v)) return v.value.toString();
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : String(v).replace(/e\+?(-?)(\d)$/, 'e$1+0$2');
  if (Array.isArray(v)) return '[' + v.map(goValueText).join(' ') + ']';
  return String(v);
}

function baseTemplate(cn: string, ips: unknown[] | null, dns: unknown[] | null, daysValid: number): CertTemplate {
  const ipBufs: Buffer[] = [];
  for (const ip of ips ?? []) {
    if (typeof ip !== 'string') throw new Error(`error parsing ip: ${goValueText(ip)} is not a string`);
    const b = parseIP(ip);
    if (!b) throw new Error(`error parsing ip: ${ip}`);
    ipBufs.push(b);
  }
  const dnsNames: string[] = [];
  for (const d of dns ?? []) {
    if (typeof d !== 'string') throw new Error(`error processing alternate dns name: ${goValueText(d)} is not a string`);
    dnsNames.push(d);
  }
  const serial = BigInt('0x' + randomBytes(16).toString('hex'));
  const now = Date.now();
  return {
    serial,
    cn,
    ips: ipBufs,
    dnsNames,
    notBefore: new Date(now),
    notAfter: new Date(now + daysValid * 86400000),
    keyUsage: KU_KEY_ENCIPHERMENT | KU_DIGITAL_SIGNATURE,
    isCA: false,
  };
}

function certAndKey(tpl: CertTemplate, signee: PrivKey, parent: ParentCert | 'self', signer: PrivKey): SprigCertificate {
  let der: Buffer;
  try {
    der = createCertificate(tpl, signee, parent, signer);
  } catch (e) {
    throw new Error(`error creating certificate: ${(e as Error).message}`);
  }
  return new SprigCertificate(pemEncode('CERTIFICATE', der), pemBlockForKey(signee));
}

const newRsa2048 = (): PrivKey => ({ kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });
const days = (n: GoInt | number) => (isGoInt(n) ? Number(n.value) : n);
function withPemKey(pemText: string): PrivKey {
  try {
    return parsePrivateKeyPEM(pemText);
  } catch (e) {
    throw new Error(`parsing private key: ${(e as Error).message}`);
  }
}

function caInternal(cn: string, daysValid: number, priv: PrivKey): SprigCertificate {
  const tpl = baseTemplate(cn, null, null, daysValid);
  tpl.keyUsage = KU_KEY_ENCIPHERMENT | KU_DIGITAL_SIGNATURE | KU_CERT_SIGN;
  tpl.isCA = true;
  return certAndKey(tpl, priv, 'self', priv);
}
function selfSignedInternal(cn: string, ips: unknown[] | null, dns: unknown[] | null, daysValid: number, priv: PrivKey): SprigCertificate {
  return certAndKey(baseTemplate(cn, ips, dns, daysValid), priv, 'self', priv);
}
function signedInternal(cn: string, ips: unknown[] | null, dns: unknown[] | null, daysValid: number, ca: SprigCertificate, priv: PrivKey): SprigCertificate {
  const block = pemDecode(ca.Cert);
  if (!block) throw new Error('unable to decode certificate');
  let parent: ParentCert;
  try {
    parent = parseCertificateDer(block.bytes);
  } catch (e) {
    throw new Error(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`);
  }
  let signerKey: PrivKey;
  try {
    signerKey = parsePrivateKeyPEM(ca.Key);
  } catch (e) {
    throw new Error(`error parsing private key: ${(e as Error).message}`);
  }
  return certAndKey(baseTemplate(cn, ips, dns, daysValid), priv, parent, signerKey);
}

function buildCustomCert(b64cert: string, b64key: string): SprigCertificate {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = goBase64Decode(b64cert);
  } catch {
    throw new Error('unable to decode base64 certificate');
  }
  try {
    key = goBase64Decode(b64key);
  } catch {
    throw new Error('unable to decode base64 private key');
  }
  const block = pemDecode(cert.toString('latin1'));
  if (!block) throw new Error('unable to decode certificate');
  try {
    parseCertificateDer(block.bytes);
  } catch (e) {
    throw new Error(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`);
  }
  try {
    parsePrivateKeyPEM(key.toString('latin1'));
  } catch (e) {
    throw new Error(`error parsing private key: ${(e as Error).message}`);
  }
  return new SprigCertificate(cert.toString('utf8'), key.toString('utf8'));
}

const CERT = 'sprig.certificate';
const LIST = '[]interface {}';
const n = (v: GoInt | number) => (isGoInt(v) ? Number(v.value) : Number(v));

export const cryptoFuncs: FuncMap = {
  sha1sum: def(['string'], 'string', sha1sum),
  sha256sum: def(['string'], 'string', sha256sum),
  adler32sum: def(['string'], 'string', (s: string) => String(adler32(utf8(s)))),
  bcrypt: def(['string'], 'string', bcrypt),
  htpasswd: def(['string', 'string'], 'string', htpasswd),
  derivePassword: def(['uint32', 'string', 'string', 'string', 'string'], 'string',
    (counter: GoInt | number, typ: string, password: string, user: string, site: string) => derivePassword(n(counter), typ, password, user, site)),
  genPrivateKey: def(['string'], 'string', generatePrivateKey),
  buildCustomCert: def(['string', 'string'], CERT, buildCustomCert, { err: true }),
  genCA: def(['string', 'int'], CERT, (cn: string, d: GoInt) => caInternal(cn, days(d), newRsa2048()), { err: true }),
  genCAWithKey: def(['string', 'int', 'string'], CERT, (cn: string, d: GoInt, key: string) => caInternal(cn, days(d), withPemKey(key)), { err: true }),
  genSelfSignedCert: def(['string', LIST, LIST, 'int'], CERT,
    (cn: string, ips: unknown[] | null, dns: unknown[] | null, d: GoInt) => selfSignedInternal(cn, ips, dns, days(d), newRsa2048()), { err: true }),
  genSelfSignedCertWithKey: def(['string', LIST, LIST, 'int', 'string'], CERT,
    (cn: string, ips: unknown[] | null, dns: unknown[] | null, d: GoInt, key: string) => selfSignedInternal(cn, ips, dns, days(d), withPemKey(key)), { err: true }),
  genSignedCert: def(['string', LIST, LIST, 'int', CERT], CERT,
    (cn: string, ips: unknown[] | null, dns: unknown[] | null, d: GoInt, ca: SprigCertificate) => signedInternal(cn, ips, dns, days(d), ca, newRsa2048()), { err: true }),
  genSignedCertWithKey: def(['string', LIST, LIST, 'int', CERT, 'string'], CERT,
    (cn: string, ips: unknown[] | null, dns: unknown[] | null, d: GoInt, ca: SprigCertificate, key: string) => signedInternal(cn, ips, dns, days(d), ca, withPemKey(key)), { err: true }),
  encryptAES: def(['string', 'string'], 'string', encryptAES, { err: true }),
  decryptAES: def(['string', 'string'], 'string', decryptAES, { err: true }),
  randBytes: def(['int'], 'string', (c: GoInt) => randBytesB64(n(c)), { err: true }),
};
