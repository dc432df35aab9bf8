// Helm's data functions (pkg/engine/funcs.go: toYaml, fromYaml, fromYamlArray, toToml, toJson, fromJson,
// fromJsonArray; these win over sprig's) plus sprig's JSON variants and base64/base32 encoders.
import { def } from '../template/types.js';
import type { FuncMap, GoValue, GoMap } from '../template/types.js';
import { toYaml, unmarshalYamlMap, unmarshalYamlArray } from './yaml.js';
import { marshalJson, parseJson, parseJsonObject, parseJsonArray } from './json.js';
import { encodeToml, TomlError } from './toml.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < B64.length; i++) B64MAP[B64.charCodeAt(i)] = i;
const B32MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < B32.length; i++) B32MAP[B32.charCodeAt(i)] = i;

const utf8 = (s: string) => Buffer.from(s, 'utf8');
/** Go string(bytes): our strings are Unicode, so invalid UTF-8 becomes U+FFFD. */
const bytesToString = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** base64.StdEncoding.DecodeString; throws Go's CorruptInputError message. */
export function base64Decode(s: string): Uint8Array {
  const src = utf8(s);
  const out: number[] = [];
  let si = 0;
  const corrupt = (n: number): never => {
    throw new Error(`illegal base64 data at input byte ${n}`);
  };
  const isNl = (c: number) => c === 0x0a || c === 0x0d;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let err: number | undefined;
    let done = false;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        corrupt(si - j);
      }
      const c = src[si++];
      const d = B64MAP[c];
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) corrupt(si - 1);
      // padding
      if (j === 0 || j === 1) corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++;
        if (si === src.length) corrupt(src.length);
        if (src[si] !== 0x3d) corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNl(src[si])) si++;
      if (si < src.length) err = si;
      dlen = j;
      done = true;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (err !== undefined) corrupt(err);
    if (done) return Uint8Array.from(out);
  }
}

/** base32.StdEncoding.DecodeString; throws Go's CorruptInputError message. */
export function base32Decode(s: string): Uint8Array {
  const src = utf8(s).filter((c) => c !== 0x0a && c !== 0x0d);
  const olen = src.length;
  const corrupt = (n: number): never => {
    throw new Error(`illegal base32 data at input byte ${n}`);
  };
  const out: number[] = [];
  let p = 0;
  let end = false;
  while (p < src.length && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      const rest = src.length - p;
      if (rest === 0) corrupt(olen - rest - j);
      const c = src[p++];
      const left = src.length - p;
      if (c === 0x3d && j >= 2 && left < 8) {
        if (left + j < 8 - 1) corrupt(olen);
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (left > k && src[p + k] !== 0x3d) corrupt(olen - left + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) corrupt(olen - left - 1);
        break;
      }
      const d = B32MAP[c];
      if (d < 0) corrupt(olen - left - 1);
      dbuf[j] = d;
      j++;
    }
    let bits = 0n;
    for (const d of dbuf) bits = (bits << 5n) | BigInt(d);
    const bytes: number[] = [];
    for (let k = 4; k >= 0; k--) bytes.unshift(Number((bits >> BigInt(8 * (4 - k))) & 0xffn));
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    out.push(...bytes.slice(0, n));
  }
  return Uint8Array.from(out);
}

export function base32Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const nchars = [0, 2, 4, 5, 7, 8][chunk.length];
    for (let k = 0; k < 8; k++) out += k < nchars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
  }
  return out;
}

function orError<T>(f: () => T, onError: (msg: string) => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && !(e instanceof RangeError)) return onError(e.message);
    throw e;
  }
}

export const encodingFuncs: FuncMap = {
  // Helm (pkg/engine/funcs.go)
  toYaml: def(['interface {}'], 'string', (v: GoValue) => toYaml(v)),
  fromYaml: def(['string'], 'map[string]interface {}', (s: string): GoMap =>
    orError<GoMap>(() => unmarshalYamlMap(s), (msg) => ({ Error: msg }))),
  fromYamlArray: def(['string'], '[]interface {}', (s: string): GoValue[] => orError<GoValue[]>(() => unmarshalYamlArray(s), (msg) => [msg])),
  toToml: def(['interface {}'], 'string', (v: GoValue) => {
    try {
      return encodeToml(v);
    } catch (e) {
      if (e instanceof TomlError) return e.message;
      throw e;
    }
  }),
  toJson: def(['interface {}'], 'string', (v: GoValue) => orError(() => marshalJson(v), () => '')),
  fromJson: def(['string'], 'map[string]interface {}', (s: string): GoMap => orError<GoMap>(() => parseJsonObject(s), (msg) => ({ Error: msg }))),
  fromJsonArray: def(['string'], '[]interface {}', (s: string): GoValue[] => orError<GoValue[]>(() => parseJsonArray(s), (msg) => [msg])),

  // sprig
  toPrettyJson: def(['interface {}'], 'string', (v: GoValue) => orError(() => marshalJson(v, { indent: '  ' }), () => '')),
  toRawJson: def(['interface {}'], 'string', (v: GoValue) => marshalJson(v, { escapeHtml: false })),
  mustToJson: def(['interface {}'], 'string', (v: GoValue) => marshalJson(v), { err: true }),
  mustToPrettyJson: def(['interface {}'], 'string', (v: GoValue) => marshalJson(v, { indent: '  ' }), { err: true }),
  mustToRawJson: def(['interface {}'], 'string', (v: GoValue) => marshalJson(v, { escapeHtml: false }), { err: true }),
  mustFromJson: def(['string'], 'interface {}', (s: string) => parseJson(s), { err: true }),
  b64enc: def(['string'], 'string', (s: string) => utf8(s).toString('base64')),
  b64dec: def(['string'], 'string', (s: string) => orError(() => bytesToString(base64Decode(s)), (msg) => msg)),
  b32enc: def(['string'], 'string', (s: string) => base32Encode(utf8(s))),
  b32dec: def(['string'], 'string', (s: string) => orError(() => bytesToString(base32Decode(s)), (msg) => msg)),
};
