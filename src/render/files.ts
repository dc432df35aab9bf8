// .Files: Helm's engine `files` type (pkg/engine/files.go), a map[string][]byte of the chart's non-template
// files with the methods Get, GetBytes, Glob, AsConfig, AsSecrets and Lines. It stays a (tagged) Go map, so
// `range $path, $bytes := .Files.Glob "x/*"` and `index .Files "p"` work as in Helm.

import { def, namedMap, registerTypeMethods, sliceOf } from '../template/types.js';
import { goString } from '../funcs/misc.js';
import { toYaml } from '../funcs/yaml.js';

export const FILES_TYPE = 'engine.files';

export type Files = Record<string, Uint8Array>;

/** newFiles: a files map from the chart's files (later entries with the same name win, as in Go). */
export function newFiles(from: Iterable<{ name: string; data: Uint8Array }> = []): Files {
  const m: Files = {};
  for (const f of from) m[f.name] = f.data;
  return namedMap(m, FILES_TYPE);
}

function getBytes(f: Files, name: string): Uint8Array {
  return Object.hasOwn(f, name) ? f[name] : new Uint8Array(0);
}

function baseName(p: string): string {
  // Go's path.Base
  if (p === '') return '.';
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const i = p.lastIndexOf('/');
  const b = i >= 0 ? p.slice(i + 1) : p;
  return b === '' ? '/' : b;
}

registerTypeMethods(FILES_TYPE, {
  GetBytes: def(['string'], '[]byte', function (this: Files, name: string) {
    return getBytes(this, name);
  }),
  Get: def(['string'], 'string', function (this: Files, name: string) {
    return goString(getBytes(this, name));
  }),
  Glob: def(['string'], FILES_TYPE, function (this: Files, pattern: string) {
    const re = compileGlob(pattern) ?? /^[\s\S]*$/u;
    const nf: Files = namedMap({}, FILES_TYPE);
    for (const name of Object.keys(this)) if (re.test(name)) nf[name] = this[name];
    return nf;
  }),
  AsConfig: def([], 'string', function (this: Files) {
    const m: Record<string, string> = {};
    for (const k of Object.keys(this)) m[baseName(k)] = goString(this[k]);
    return toYaml(m);
  }),
  AsSecrets: def([], 'string', function (this: Files) {
    const m: Record<string, string> = {};
    for (const k of Object.keys(this)) m[baseName(k)] = Buffer.from(this[k]).toString('base64');
    return toYaml(m);
  }),
  Lines: def(['string'], '[]string', function (this: Files, path: string) {
    if (!Object.hasOwn(this, path)) return sliceOf([], '[]string');
    let s = goString(this[path]);
    // Go indexes s[len(s)-1]: an empty (non-nil) file panics
    if (s.length === 0) throw new Error('runtime error: index out of range [-1]');
    if (s.endsWith('\n')) s = s.slice(0, -1);
    return sliceOf(s.split('\n'), '[]string');
  }),
});

// ---------------------------------------------------------------------------------------------------------
// github.com/gobwas/glob v0.2.3 with separator '/': `*` any run of non-separators, `**` anything, `?` one
// non-separator character, `[abc]` `[!abc]` `[a-z]` classes, `{a,b}` alternatives, `\` escapes. A pattern that
// does not compile makes Glob fall back to "**" (everything), as Helm does.

const reEscape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const clsEscape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** Compile a gobwas glob (separator '/') to an anchored RegExp, or undefined when the pattern is invalid. */
export function compileGlob(pattern: string): RegExp | undefined {
  const chars = Array.from(pattern);
  let i = 0;
  const parse = (inAlt: boolean): string | undefined => {
    let out = '';
    while (i < chars.length) {
      const c = chars[i];
      if (inAlt && (c === ',' || c === '}')) return out;
      i++;
      switch (c) {
        case '\\': {
          if (i >= chars.length) return undefined;
          out += reEscape(chars[i++]);
          break;
        }
        case '*': {
          if (chars[i] === '*') {
            while (chars[i] === '*') i++;
            out += '[\\s\\S]*';
          } else out += '[^/]*';
          break;
        }
        case '?':
          out += '[^/]';
          break;
        case '[': {
          let neg = false;
          if (chars[i] === '!') {
            neg = true;
            i++;
          }
          let cls = '';
          let closed = false;
          let count = 0;
          while (i < chars.length) {
            const d = chars[i++];
            if (d === ']') {
              closed = true;
              break;
            }
            if (chars[i] === '-' && i + 1 < chars.length && chars[i + 1] !== ']') {
              const hi = chars[i + 1];
              i += 2;
              if (hi < d) return undefined;
              cls += clsEscape(d) + '-' + clsEscape(hi);
            } else cls += clsEscape(d);
            count++;
          }
          if (!closed || count === 0) return undefined;
          out += neg ? `[^${cls}]` : `[${cls}]`;
          break;
        }
        case '{': {
          const alts: string[] = [];
          for (;;) {
            const a = parse(true);
            if (a === undefined || i >= chars.length) return undefined;
            alts.push(a);
            const d = chars[i++];
            if (d === '}') break;
          }
          out += `(?:${alts.join('|')})`;
          break;
        }
        case '}':
        case ']':
          // unbalanced closers are literal in gobwas' lexer only inside text; treat as literal
          out += reEscape(c);
          break;
        default:
          out += reEscape(c);
      }
    }
    return inAlt ? undefined : out;
  };
  const body = parse(false);
  if (body === undefined) return undefined;
  try {
    return new RegExp(`^${body}$`, 'u');
  } catch {
    return undefined;
  }
}
