// sprig v3.2.3's network functions: urlParse / urlJoin (Go's net/url semantics), uuidv4, getHostByName.
import { randomUUID, randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { def, goKindName, type FuncMap, type GoMap } from '../template/types.js';

// ---------------------------------------------------------------------------------------------------------
// Go's net/url, on "byte strings" (each JS char holds one UTF-8 byte) so escaping works byte by byte.

const toBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const fromBytes = (b: string) => Buffer.from(b, 'latin1').toString('utf8');

const enum Mode {
  Path = 1,
  PathSegment,
  Host,
  Zone,
  UserPassword,
  QueryComponent,
  Fragment,
}

const isAlnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
const ishex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if (mode === Mode.Host || mode === Mode.Zone) {
    if ("!$&'()*+,;=:[]<>\"".includes(c)) return false;
  }
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case Mode.Path:
        return c === '?';
      case Mode.PathSegment:
        return c === '/' || c === ';' || c === ',' || c === '?';
      case Mode.UserPassword:
        return c === '@' || c === '/' || c === '?' || c === ':';
      case Mode.QueryComponent:
        return true;
      case Mode.Fragment:
        return false;
    }
  }
  if (mode === Mode.Fragment && '!()*'.includes(c)) return false;
  return true;
}

/** Go's strconv.Quote (enough for error messages). */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

class UrlError extends Error {}

function unescape(s: string, mode: Mode): string {
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '%') {
      n++;
      if (i + 2 >= s.length || !ishex(s[i + 1]) || !ishex(s[i + 2])) {
        let bad = s.slice(i);
        if (bad.length > 3) bad = bad.slice(0, 3);
        throw new UrlError('invalid URL escape ' + goQuote(fromBytes(bad)));
      }
      const v = parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === Mode.Host && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') {
        throw new UrlError('invalid URL escape ' + goQuote(s.slice(i, i + 3)));
      }
      if (mode === Mode.Zone && s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(String.fromCharCode(v), Mode.Host)) {
        throw new UrlError('invalid URL escape ' + goQuote(s.slice(i, i + 3)));
      }
      i += 3;
    } else if (c === '+') {
      hasPlus = mode === Mode.QueryComponent;
      i++;
    } else {
      if ((mode === Mode.Host || mode === Mode.Zone) && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) {
        throw new UrlError('invalid character ' + goQuote(c) + ' in host name');
      }
      i++;
    }
  }
  if (n === 0 && !hasPlus) return s;
  let t = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      t += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+') t += mode === Mode.QueryComponent ? ' ' : '+';
    else t += c;
  }
  return t;
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ' ' && mode === Mode.QueryComponent) out += '+';
    else if (shouldEscape(c, mode)) out += '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    else out += c;
  }
  return out;
}

interface Userinfo {
  username: string;
  password: string;
  passwordSet: boolean;
}
function userinfoString(u: Userinfo): string {
  let s = escape(u.username, Mode.UserPassword);
  if (u.passwordSet) s += ':' + escape(u.password, Mode.UserPassword);
  return s;
}

/** Go's url.URL (fields in byte-string form). */
interface GoURL {
  scheme: string;
  opaque: string;
  user?: Userinfo;
  host: string;
  path: string;
  rawPath: string;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}
const emptyURL = (): GoURL => ({ scheme: '', opaque: '', host: '', path: '', rawPath: '', forceQuery: false, rawQuery: '', fragment: '', rawFragment: '' });

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function validUserinfo(s: string): boolean {
  for (const ch of fromBytes(s)) {
    if (isAlnum(ch)) continue;
    if ("-._:~!$&'()*+,;=%@".includes(ch)) continue;
    return false;
  }
  return true;
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(fromBytes(colonPort))} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return unescape(host.slice(0, zone), Mode.Host) + unescape(host.slice(zone, i), Mode.Zone) + unescape(host.slice(i), Mode.Host);
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(fromBytes(colonPort))} after host`);
    }
  }
  return unescape(host, Mode.Host);
}

function parseAuthority(authority: string): [Userinfo | undefined, string] {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return [undefined, host];
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new UrlError('net/url: invalid userinfo');
  const c = userinfo.indexOf(':');
  if (c < 0) return [{ username: unescape(userinfo, Mode.UserPassword), password: '', passwordSet: false }, host];
  return [{ username: unescape(userinfo.slice(0, c), Mode.UserPassword), password: unescape(userinfo.slice(c + 1), Mode.UserPassword), passwordSet: true }, host];
}

function setPath(u: GoURL, p: string): void {
  const path = unescape(p, Mode.Path);
  u.path = path;
  u.rawPath = escape(path, Mode.Path) === p ? '' : p;
}
function setFragment(u: GoURL, f: string): void {
  const frag = unescape(f, Mode.Fragment);
  u.fragment = frag;
  u.rawFragment = escape(frag, Mode.Fragment) === f ? '' : f;
}

function parseInternal(raw: string): GoURL {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  const url = emptyURL();
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  let rest: string;
  [url.scheme, rest] = getScheme(raw);
  url.scheme = url.scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    [url.user, url.host] = parseAuthority(authority);
  }
  setPath(url, rest);
  return url;
}

/** Go's url.Parse; throws `parse "URL": reason` as *url.Error prints. */
function urlParseGo(rawURL: string): GoURL {
  const raw = toBytes(rawURL);
  const h = raw.indexOf('#');
  const u = h < 0 ? raw : raw.slice(0, h);
  const frag = h < 0 ? '' : raw.slice(h + 1);
  let url: GoURL;
  try {
    url = parseInternal(u);
  } catch (e) {
    if (e instanceof UrlError) throw new Error(`parse ${goQuote(fromBytes(u))}: ${e.message}`);
    throw e;
  }
  if (frag === '') return url;
  try {
    setFragment(url, frag);
  } catch (e) {
    if (e instanceof UrlError) throw new Error(`parse ${goQuote(rawURL)}: ${e.message}`);
    throw e;
  }
  return url;
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const c of s) {
    if ("!$&'()*+,;=:@[]%".includes(c)) continue;
    if (shouldEscape(c, mode)) return false;
  }
  return true;
}
function escapedPath(u: GoURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, Mode.Path)) {
    try {
      if (unescape(u.rawPath, Mode.Path) === u.path) return u.rawPath;
    } catch {
      /* fall through */
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, Mode.Path);
}
function escapedFragment(u: GoURL): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, Mode.Fragment)) {
    try {
      if (unescape(u.rawFragment, Mode.Fragment) === u.fragment) return u.rawFragment;
    } catch {
      /* fall through */
    }
  }
  return escape(u.fragment, Mode.Fragment);
}

/** Go's (*url.URL).String(). */
function urlString(u: GoURL): string {
  let buf = '';
  if (u.scheme !== '') buf += u.scheme + ':';
  if (u.opaque !== '') buf += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (u.host !== '' || u.path !== '' || u.user) buf += '//';
      if (u.user) buf += userinfoString(u.user) + '@';
      if (u.host !== '') buf += escape(u.host, Mode.Host);
    }
    const path = escapedPath(u);
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf.length === 0) {
      const slash = path.indexOf('/');
      const segment = slash < 0 ? path : path.slice(0, slash);
      if (segment.includes(':')) buf += './';
    }
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += '?' + u.rawQuery;
  if (u.fragment !== '') buf += '#' + escapedFragment(u);
  return fromBytes(buf);
}

function hostname(hostPort: string): string {
  let host = hostPort;
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) host = host.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host;
}

/** sprig's urlParse: the URL's parts as a dict. */
export function urlParse(v: string): GoMap {
  let u: GoURL;
  try {
    u = urlParseGo(v);
  } catch (e) {
    throw new Error(`unable to parse url: ${(e as Error).message}`);
  }
  return {
    scheme: fromBytes(u.scheme),
    host: fromBytes(u.host),
    hostname: fromBytes(hostname(u.host)),
    path: fromBytes(u.path),
    query: fromBytes(u.rawQuery),
    opaque: fromBytes(u.opaque),
    fragment: fromBytes(u.fragment),
    userinfo: u.user ? fromBytes(userinfoString(u.user)) : '',
  };
}

function dictGetOrEmpty(d: GoMap, key: string): string {
  if (!Object.hasOwn(d, key)) return '';
  const value = d[key];
  if (value === null || value === undefined) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  if (typeof value !== 'string') {
    throw new Error(`unable to parse ${key} key, must be of type string, but ${goKindName(value)} found`);
  }
  return value;
}

/** sprig's urlJoin: build a URL string from urlParse-style parts. */
export function urlJoin(d: GoMap): string {
  const u: GoURL = {
    ...emptyURL(),
    scheme: toBytes(dictGetOrEmpty(d, 'scheme')),
    host: toBytes(dictGetOrEmpty(d, 'host')),
    path: toBytes(dictGetOrEmpty(d, 'path')),
    rawQuery: toBytes(dictGetOrEmpty(d, 'query')),
    opaque: toBytes(dictGetOrEmpty(d, 'opaque')),
    fragment: toBytes(dictGetOrEmpty(d, 'fragment')),
  };
  const userinfo = dictGetOrEmpty(d, 'userinfo');
  if (userinfo !== '') {
    let tmp: GoURL;
    try {
      tmp = urlParseGo(`proto://${userinfo}@host`);
    } catch (e) {
      throw new Error(`unable to parse userinfo in dict: ${(e as Error).message}`);
    }
    u.user = tmp.user;
  }
  return urlString(u);
}

// ---------------------------------------------------------------------------------------------------------
// DNS: Go's net.LookupHost is synchronous from the template's point of view; we resolve with the system
// resolver (getaddrinfo, as Go's cgo resolver) in a short-lived child process.

export function lookupHost(name: string): string[] {
  const script =
    "require('dns').lookup(process.argv[1],{all:true,verbatim:true},(e,a)=>{process.stdout.write(JSON.stringify(e?[]:a.map(x=>x.address)))})";
  const r = spawnSync(process.execPath, ['-e', script, name], { encoding: 'utf8', timeout: 15000 });
  if (r.status !== 0 || !r.stdout) return [];
  try {
    const list = JSON.parse(r.stdout);
    return Array.isArray(list) ? list.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** sprig's getHostByName: a random address of the host. With none (offline, unknown host) Go's
 *  rand.Intn(0) panics, which Helm reports as "invalid argument to Intn". */
export function getHostByName(name: string): string {
  const addrs = name === '' ? [] : lookupHost(name);
  if (addrs.length === 0) throw new Error('invalid argument to Intn');
  return addrs[randomInt(addrs.length)];
}

export const netFuncs: FuncMap = {
  urlParse: def(['string'], 'map[string]interface {}', urlParse),
  urlJoin: def(['map[string]interface {}'], 'string', urlJoin),
  uuidv4: def([], 'string', () => randomUUID()),
  getHostByName: def(['string'], 'string', getHostByName),
};
