import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeRelease, encodeRelease, releaseToJson, formatAnsic, formatGoTime, parseGoTime } from '../../../src/release/record.js';

const DIR = new URL('../../../../shared/conformance/releases/', import.meta.url).pathname;
const have = existsSync(DIR);
if (!have) console.warn(`skipping release corpus tests: ${DIR} is missing`);

describe.skipIf(!have)('release records written by Helm', () => {
  for (const n of [1, 2, 3]) {
    it(`decodes and re-encodes metallb v${n}`, () => {
      const secret = JSON.parse(readFileSync(`${DIR}sh.helm.release.v1.metallb.v${n}.json`, 'utf8'));
      const expected = JSON.parse(readFileSync(`${DIR}metallb.v${n}.release.json`, 'utf8'));
      const data = Buffer.from(secret.data.release, 'base64').toString('latin1');
      const rel = decodeRelease(data);
      expect(rel.version).toBe(n);
      expect(rel.info?.status).toBe(secret.metadata.labels.status);
      // same JSON value as Helm's release.Release
      expect(JSON.parse(releaseToJson(rel))).toEqual(expected);
      // byte-identical JSON to what Helm wrote
      const helmJson = gunzipSync(Buffer.from(data, 'base64')).toString('utf8');
      expect(releaseToJson(rel)).toBe(helmJson);
      // our encoding decodes (gunzip + JSON) to the same release
      const ours = encodeRelease(rel);
      expect(JSON.parse(gunzipSync(Buffer.from(ours, 'base64')).toString('utf8'))).toEqual(expected);
      expect(decodeRelease(ours)).toEqual(rel);
    });
  }
});

describe('codec details', () => {
  it('escapes HTML as Go and omits empty fields', () => {
    const j = releaseToJson({ name: 'a', info: null, chart: null, config: null, manifest: 'x && <y>', hooks: null, version: 1, namespace: 'ns' });
    expect(j).toBe('{"name":"a","manifest":"x \\u0026\\u0026 \\u003cy\\u003e","version":1,"namespace":"ns"}');
  });
  it('hooks carry last_run with Go zero times', () => {
    const j = releaseToJson({ name: 'a', info: null, chart: null, config: null, manifest: '', version: 2, namespace: 'n',
      hooks: [{ name: 'h', kind: 'Job', path: 'p', manifest: 'm', events: ['pre-install'], last_run: { started_at: '', completed_at: '', phase: '' }, weight: 0, delete_policies: [] }] });
    expect(j).toContain('"last_run":{"started_at":"0001-01-01T00:00:00Z","completed_at":"0001-01-01T00:00:00Z","phase":""}');
    expect(j).not.toContain('weight');
  });
  it('decodes plain (non-gzip) base64 JSON as Helm does', () => {
    const r = decodeRelease(Buffer.from('{"name":"x","version":3}').toString('base64'));
    expect(r.name).toBe('x');
    expect(r.version).toBe(3);
  });
  it('formats times', () => {
    const s = formatGoTime(new Date(Date.UTC(2023, 1, 16, 8, 53, 22, 510)));
    expect(parseGoTime(s)).toBe(Date.UTC(2023, 1, 16, 8, 53, 22, 510));
    expect(parseGoTime('2023-02-16T17:53:22.510925537+09:00')).toBe(Date.UTC(2023, 1, 16, 8, 53, 22, 510));
    expect(formatAnsic('2023-02-16T17:53:22.510925537+09:00')).toMatch(/^Thu Feb 16 \d\d:53:22 2023$/);
  });
});

describe('release.schema.json', () => {
  it('accepts Helm-written records and what tshelm writes, refuses a wrong shape', async () => {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(new URL('../../../schemas/release.schema.json', import.meta.url), 'utf8'));
    const validate = new (Ajv as any)({ strict: false }).compile(schema);
    if (have) {
      for (const n of [1, 2, 3]) expect(validate(JSON.parse(readFileSync(`${DIR}metallb.v${n}.release.json`, 'utf8')))).toBe(true);
    }
    const ours = JSON.parse(releaseToJson({ name: 'a', namespace: 'n', version: 1, manifest: 'm', config: { x: 1 }, chart: null,
      hooks: [{ name: 'h', events: ['test'], last_run: { started_at: '', completed_at: '', phase: 'Succeeded' } }],
      info: { first_deployed: formatGoTime(), last_deployed: formatGoTime(), deleted: '', description: 'Install complete', status: 'deployed' } }));
    expect(validate(ours)).toBe(true);
    expect(validate({ name: 'a', version: 'one' })).toBe(false);
    expect(validate({ name: 'a', info: { first_deployed: '', last_deployed: '', deleted: '', status: 'done' } })).toBe(false);
  });
});
