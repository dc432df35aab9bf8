// sprig's url_test.go table: a URL and the parts urlParse gives (urlJoin of the parts gives the URL back).
// net.test.ts checks the functions on it, upstream-sprig-manual.test.ts the same through templates.
export const SPRIG_URL_TESTS: Record<string, Record<string, string>> = {
  'proto://auth@host:80/path?query#fragment': { fragment: 'fragment', host: 'host:80', hostname: 'host', opaque: '', path: '/path', query: 'query', scheme: 'proto', userinfo: 'auth' },
  'proto://host:80/path': { fragment: '', host: 'host:80', hostname: 'host', opaque: '', path: '/path', query: '', scheme: 'proto', userinfo: '' },
  something: { fragment: '', host: '', hostname: '', opaque: '', path: 'something', query: '', scheme: '', userinfo: '' },
  'proto://user:passwor%20d@host:80/path': { fragment: '', host: 'host:80', hostname: 'host', opaque: '', path: '/path', query: '', scheme: 'proto', userinfo: 'user:passwor%20d' },
  'proto://host:80/pa%20th?key=val%20ue': { fragment: '', host: 'host:80', hostname: 'host', opaque: '', path: '/pa th', query: 'key=val%20ue', scheme: 'proto', userinfo: '' },
};
