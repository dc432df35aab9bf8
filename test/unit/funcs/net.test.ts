import { describe, it, expect } from 'vitest';
import { netFuncs, urlParse, urlJoin, getHostByName } from '../../../src/funcs/net.js';
import { SPRIG_URL_TESTS } from './_url-table.js';

describe('urlParse', () => {
  it('splits a URL as Go net/url does', () => {
    expect(urlParse('https://user:pw@example.com:8443/path/x?q=1&r=2#frag')).toEqual({
      scheme: 'https', host: 'example.com:8443', hostname: 'example.com', path: '/path/x', query: 'q=1&r=2',
      opaque: '', fragment: 'frag', userinfo: 'user:pw',
    });
    expect(urlParse('mailto:someone@example.com')).toMatchObject({ scheme: 'mailto', opaque: 'someone@example.com', path: '' });
    expect(urlParse('HTTP://[::1]:80/a%20b?x#y%21')).toMatchObject({ scheme: 'http', host: '[::1]:80', hostname: '::1', path: '/a b', fragment: 'y!' });
    expect(urlParse('/relative/path')).toMatchObject({ scheme: '', host: '', path: '/relative/path' });
    expect(urlParse('//host.only')).toMatchObject({ host: 'host.only', path: '' });
    expect(urlParse('https://us%40er@h')).toMatchObject({ userinfo: 'us%40er' });
  });
  it('reports Go parse errors', () => {
    expect(() => urlParse('http://a b.com/')).toThrow('unable to parse url: parse "http://a b.com/": invalid character " " in host name');
    expect(() => urlParse(':foo')).toThrow('unable to parse url: parse ":foo": missing protocol scheme');
    expect(() => urlParse('http://h:port/')).toThrow('unable to parse url: parse "http://h:port/": invalid port ":port" after host');
    expect(() => urlParse('a:b/c%zz')).not.toThrow(); // opaque: not unescaped
    expect(() => urlParse('/a%zz')).toThrow('unable to parse url: parse "/a%zz": invalid URL escape "%zz"');
    expect(() => urlParse('x\ny')).toThrow('parse "x\\ny": net/url: invalid control character in URL');
    expect(() => urlParse('1a:b')).toThrow('first path segment in URL cannot contain colon');
  });
});

describe('urlJoin', () => {
  it('reassembles like url.URL.String', () => {
    expect(urlJoin({ scheme: 'https', host: 'h.io', path: '/p', query: 'a=1' })).toBe('https://h.io/p?a=1');
    expect(urlJoin({ scheme: 'https', host: 'h.io', path: 'p q', fragment: 'f g' })).toBe('https://h.io/p%20q#f%20g');
    expect(urlJoin({ scheme: 'https', host: 'h.io', userinfo: 'u:p@ss' })).toBe('https://u:p%40ss@h.io');
    expect(urlJoin({ scheme: 'mailto', opaque: 'x@y.z' })).toBe('mailto:x@y.z');
    expect(urlJoin({ path: 'a:b' })).toBe('./a:b');
    expect(urlJoin({})).toBe('');
    const parts = urlParse('https://user:pw@example.com:8443/path/x?q=1&r=2#frag');
    expect(urlJoin(parts)).toBe('https://user:pw@example.com:8443/path/x?q=1&r=2#frag');
  });
  it('rejects non-string parts as sprig does', () => {
    expect(() => urlJoin({ host: 5 as any })).toThrow('unable to parse host key, must be of type string, but float64 found');
    expect(() => urlJoin({ path: [] as any })).toThrow('unable to parse path key, must be of type string, but slice found');
  });
});

describe('uuidv4 and getHostByName', () => {
  it('uuidv4 is a random RFC 4122 v4 UUID', () => {
    const a = netFuncs.uuidv4.fn();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(netFuncs.uuidv4.fn()).not.toBe(a);
  });
  it('resolves localhost from the hosts file and fails like Go for unknown hosts', () => {
    expect(['127.0.0.1', '::1']).toContain(getHostByName('localhost'));
    expect(() => getHostByName('no-such-host.invalid')).toThrow('invalid argument to Intn');
  });
});

describe('urlParse/urlJoin round trips (sprig behaviour)', () => {
  it.each(Object.entries(SPRIG_URL_TESTS))('%s', (url, parts) => {
    expect(urlParse(url)).toEqual(parts);
    expect(urlJoin(parts)).toBe(url);
  });
  it('joins userinfo through url.Parse', () => {
    expect(urlJoin({ fragment: 'fragment', host: 'host:80', path: '/path', scheme: 'proto', userinfo: 'ASDJKJSD' })).toBe('proto://ASDJKJSD@host:80/path#fragment');
  });
});
