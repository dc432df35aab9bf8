import { describe, it, expect } from 'vitest';
import yaml from 'js-yaml';
import { IndexFile, compareVersionsDesc } from '../../../src/repo/index-file.js';

const INDEX = `apiVersion: v1
entries:
  alpine:
  - apiVersion: v2
    description: |
      A multi-line
      description: with a colon
    digest: aaa
    name: alpine
    urls:
    - alpine-0.1.0.tgz
    version: 0.1.0
  - name: alpine
    urls:
    - https://example.com/alpine-0.10.0.tgz
    version: 0.10.0
  - name: alpine
    urls: [alpine-0.2.0-rc.1.tgz]
    version: 0.2.0-rc.1
  - name: alpine
    version: not-a-version
  "quoted-name":
    - name: quoted-name
      version: 1.0.0
  empty: []
  nginx:
  - appVersion: 1.25.0
    name: nginx
    version: 15.0.0
generated: "2024-01-01T00:00:00Z"
serverInfo: {}
`;

describe('IndexFile', () => {
  it('scans lazily and agrees with a full YAML parse', () => {
    const idx = IndexFile.parse(INDEX);
    expect(idx.apiVersion).toBe('v1');
    expect(idx.generated).toBe('2024-01-01T00:00:00Z');
    expect(idx.names()).toEqual(['alpine', 'empty', 'nginx', 'quoted-name']);
    const full = yaml.load(INDEX) as any;
    expect(idx.versions('alpine').map((v) => v.version)).toEqual(['0.10.0', '0.2.0-rc.1', '0.1.0']);
    expect(idx.versions('alpine')[2].description).toBe(full.entries.alpine[0].description);
    expect(idx.versions('quoted-name')[0].version).toBe('1.0.0');
    expect(idx.versions('empty')).toEqual([]);
    expect(idx.warnings.join('\n')).toMatch(/skipping loading invalid entry for chart "alpine" "not-a-version"/);
  });

  it('summaries (search) keep folded multi-line plain scalars whole, as a full parse reads them', () => {
    const text = `apiVersion: v1
entries:
  metallb:
  - apiVersion: v2
    description: MetalLB in layer-2 mode, a network load balancer for bare-metal Kubernetes
      clusters (tshelm example chart)
    digest: abc
    name: metallb
    urls:
    - metallb-0.1.0.tgz
    version: 0.1.0
  - appVersion: 1.0.0
    description: short
    name: metallb
    version: 0.0.1
`;
    const idx = IndexFile.parse(text);
    const full = yaml.load(text) as any;
    const s = idx.summaries('metallb');
    expect(s.map((v) => v.description)).toEqual([full.entries.metallb[0].description, 'short']);
    expect(s[0].description).toBe('MetalLB in layer-2 mode, a network load balancer for bare-metal Kubernetes clusters (tshelm example chart)');
  });

  it('falls back to a full parse for JSON indexes', () => {
    const json = JSON.stringify({ apiVersion: 'v1', entries: { a: [{ name: 'a', version: '1.0.0', urls: ['a.tgz'] }, { name: 'a', version: '2.0.0', urls: [] }] } });
    const idx = IndexFile.parse(json);
    expect(idx.names()).toEqual(['a']);
    expect(idx.versions('a').map((v) => v.version)).toEqual(['2.0.0', '1.0.0']);
  });

  it('gets versions as Helm: exact first, then newest matching, prereleases only when asked', () => {
    const idx = IndexFile.parse(INDEX);
    expect(idx.get('alpine').version).toBe('0.10.0');
    expect(idx.get('alpine', '0.1.0').version).toBe('0.1.0');
    expect(() => idx.get('alpine', '0.2.*')).toThrow('no chart version found for alpine-0.2.*');
    expect(idx.get('alpine', '>0.1.5-0 <0.3.0-0').version).toBe('0.2.0-rc.1');
    expect(idx.get('alpine', '0.2.0-rc.1').version).toBe('0.2.0-rc.1');
    expect(idx.get('alpine', '~0.1').version).toBe('0.1.0');
    expect(() => idx.get('alpine', '9.x')).toThrow('no chart version found for alpine-9.x');
    expect(() => idx.get('nope')).toThrow('no chart name found');
    expect(() => idx.get('empty')).toThrow('no chart version found');
  });

  it('rejects empty, garbage and apiVersion-less indexes with clear errors', () => {
    expect(() => IndexFile.parse('')).toThrow('empty index.yaml file');
    expect(() => IndexFile.parse('entries:\n  a:\n  - name: a\n    version: 1.0.0\n')).toThrow('no API version specified');
    expect(() => IndexFile.parse('{{{ not yaml', 'x/index.yaml')).toThrow(/x\/index.yaml/);
    expect(() => IndexFile.parse('<html><body>hello</body></html>')).toThrow();
  });

  it('sorts versions semver-descending, unparsable ones by string', () => {
    const vs = ['1.0.0', '1.10.0', '1.2.0', '1.2.0-beta.1', '2.0.0-alpha'];
    expect([...vs].sort(compareVersionsDesc)).toEqual(['2.0.0-alpha', '1.10.0', '1.2.0', '1.2.0-beta.1', '1.0.0']);
  });

  it('refuses an index larger than TSHELM_MAX_INDEX_SIZE', () => {
    process.env.TSHELM_MAX_INDEX_SIZE = '100';
    try {
      expect(() => IndexFile.parse(INDEX, 'big.yaml')).toThrow(/larger than the limit of 100/);
    } finally {
      delete process.env.TSHELM_MAX_INDEX_SIZE;
    }
  });
});
