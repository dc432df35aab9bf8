// TEMPORARY stand-in for Go's fmt, written by the template-engine engineer (A) so the engine builds and can be
// tested before engineer B's fmt.ts lands. Engineer B owns this file: overwrite it freely with the real one
// (same exports: sprint, sprintln, sprintf, formatValue, formatFloat, quote, htmlEscapeString,
// jsEscapeString, urlQueryEscape, evalArgsString).

import { GoDuration, GoFuncValue, GoInt, GoStruct, goTypeName, isGoMap } from './types.js';

/** strconv.FormatFloat(f, fmt, prec, 64) for 'g' (prec -1 shortest), 'e', 'f'. */
export function formatFloat(f: number, fmt: string, prec: number, _bitSize = 64): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  let out: string;
  if (fmt === 'f') out = prec < 0 ? shortestFixed(a) : a.toFixed(prec);
  else if (fmt === 'e' || fmt === 'E') {
    const s = prec < 0 ? a.toExponential() : a.toExponential(prec);
    out = fixExp(s);
    if (fmt === 'E') out = out.toUpperCase();
  } else {
    // 'g'
    let digits: string;
    let exp: number;
    if (a === 0) {
      digits = '0';
      exp = 0;
    } else {
      const s = prec < 0 ? a.toExponential() : a.toExponential(Math.max(prec === 0 ? 1 : prec, 1) - 1);
      const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
      digits = (m[1] + (m[2] ?? '')).replace(/0+$/, '') || '0';
      exp = parseInt(m[3], 10);
    }
    let eprec = prec < 0 ? 6 : prec === 0 ? 1 : prec;
    if (prec >= 0 && eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
    if (prec < 0) eprec = 6;
    if (exp < -4 || exp >= eprec) {
      out = digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
    } else if (exp < 0) {
      out = '0.' + '0'.repeat(-exp - 1) + digits;
    } else if (digits.length <= exp + 1) {
      out = digits + '0'.repeat(exp + 1 - digits.length);
    } else {
      out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    }
    if (fmt === 'G') out = out.toUpperCase();
  }
  return neg ? '-' + out : out;
}

function shortestFixed(a: number): string {
  if (a === 0) return '0';
  const s = a.toExponential();
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
  const digits = m[1] + (m[2] ?? '');
  const exp = parseInt(m[3], 10);
  if (exp < 0) return '0.' + '0'.repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return digits + '0'.repeat(exp + 1 - digits.length);
  return digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
}

function fixExp(s: string): string {
  return s.replace(/e([+-])(\d+)$/, (_, sg, d) => 'e' + sg + d.padStart(2, '0'));
}

/** strconv.Quote */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function hasMethod(v: unknown, name: string): boolean {
  return v instanceof GoStruct && ((v.constructor as typeof GoStruct).goMethods ?? []).includes(name) && typeof (v as any)[name] === 'function';
}

/** %v of one value, as fmt prints it at top level. */
export function formatValue(v: unknown): string {
  return fmtV(v, 0);
}

function fmtV(v: unknown, depth: number): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatFloat(v, 'g', -1);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof GoInt) return v.value.toString();
  if (hasMethod(v, 'Error')) return String((v as any).Error());
  if (hasMethod(v, 'String')) return String((v as any).String());
  if (v instanceof GoDuration) return String(v.nanos);
  if (Array.isArray(v)) return '[' + v.map((e) => fmtV(e, depth + 1)).join(' ') + ']';
  if (v instanceof Uint8Array) return '[' + Array.from(v).join(' ') + ']';
  if (v instanceof GoFuncValue) return '0xc000000000';
  if (isGoMap(v)) {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return 'map[' + keys.map((k) => k + ':' + fmtV((v as any)[k], depth + 1)).join(' ') + ']';
  }
  if (v instanceof GoStruct) {
    const body = Object.keys(v).map((k) => fmtV((v as any)[k], depth + 1)).join(' ');
    return (v.goType.startsWith('*') && depth === 0 ? '&' : '') + '{' + body + '}';
  }
  return String(v);
}

/** fmt.Sprint */
export function sprint(...args: unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += fmtV(a, 0);
  }
  return out;
}

/** fmt.Sprintln */
export function sprintln(...args: unknown[]): string {
  return args.map((a) => fmtV(a, 0)).join(' ') + '\n';
}

function badVerb(verb: string, a: unknown): string {
  if (a === null || a === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(a)}=${fmtV(a, 0)})`;
}

function intValue(a: unknown): bigint | null {
  if (a instanceof GoInt) return a.value;
  if (a instanceof GoDuration) return a.nanos;
  return null;
}

/** fmt.Sprintf (common verbs and flags). */
export function sprintf(format: string, ...args: unknown[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; ) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    let minus = false;
    let plus = false;
    let zero = false;
    let space = false;
    let sharp = false;
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') minus = true;
      else if (f === '+') plus = true;
      else if (f === '0') zero = true;
      else if (f === ' ') space = true;
      else if (f === '#') sharp = true;
      else break;
    }
    let width = -1;
    let prec = -1;
    const wm = /^\d+/.exec(format.slice(i));
    if (wm) {
      width = parseInt(wm[0], 10);
      i += wm[0].length;
    } else if (format[i] === '*') {
      const w = intValue(args[argi++]);
      width = w === null ? -1 : Number(w);
      i++;
    }
    if (format[i] === '.') {
      i++;
      const pm = /^\d+/.exec(format.slice(i));
      if (pm) {
        prec = parseInt(pm[0], 10);
        i += pm[0].length;
      } else if (format[i] === '*') {
        const p = intValue(args[argi++]);
        prec = p === null ? -1 : Number(p);
        i++;
      } else prec = 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[argi++];
    let s: string;
    const iv = intValue(a);
    switch (verb) {
      case 'v':
        s = plus || sharp ? fmtV(a, 0) : fmtV(a, 0);
        break;
      case 's':
        if (typeof a === 'string') s = prec >= 0 ? Array.from(a).slice(0, prec).join('') : a;
        else if (a instanceof Uint8Array) s = Buffer.from(a).toString('utf8');
        else if (hasMethod(a, 'String') || hasMethod(a, 'Error') || Array.isArray(a) || isGoMap(a)) s = fmtV(a, 0);
        else s = badVerb(verb, a);
        break;
      case 'q':
        if (typeof a === 'string') s = quote(a);
        else if (iv !== null) s = "'" + String.fromCodePoint(Number(iv)) + "'";
        else s = badVerb(verb, a);
        break;
      case 'd':
        if (iv !== null) s = (plus && iv >= 0n ? '+' : space && iv >= 0n ? ' ' : '') + iv.toString();
        else if (Array.isArray(a)) s = '[' + a.map((e) => sprintf('%d', e)).join(' ') + ']';
        else s = badVerb(verb, a);
        break;
      case 'x':
      case 'X':
      case 'o':
      case 'O':
      case 'b': {
        const base = verb === 'x' || verb === 'X' ? 16 : verb === 'b' ? 2 : 8;
        if (iv !== null) {
          const neg = iv < 0n;
          s = (neg ? -iv : iv).toString(base);
          if (sharp) s = (base === 16 ? '0x' : base === 8 ? '0' : '') + s;
          if (verb === 'O') s = '0o' + s;
          if (neg) s = '-' + s;
        } else if (typeof a === 'string' && base === 16) s = Buffer.from(a, 'utf8').toString('hex');
        else if (a instanceof Uint8Array && base === 16) s = Buffer.from(a).toString('hex');
        else if (typeof a === 'number' && verb === 'b') s = badVerb(verb, a);
        else s = badVerb(verb, a);
        if (verb === 'X') s = s.toUpperCase();
        break;
      }
      case 'c':
        s = iv !== null ? String.fromCodePoint(Number(iv)) : badVerb(verb, a);
        break;
      case 't':
        s = typeof a === 'boolean' ? String(a) : badVerb(verb, a);
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
        if (typeof a === 'number') {
          const v = verb === 'F' ? 'f' : verb;
          s = formatFloat(a, v, prec < 0 && v !== 'g' && v !== 'G' ? 6 : prec);
          if (plus && a >= 0) s = '+' + s;
        } else s = badVerb(verb, a);
        break;
      case 'T':
        s = goTypeName(a);
        break;
      default:
        s = badVerb(verb, a);
    }
    if (width >= 0 && [...s].length < width) {
      const pad = width - [...s].length;
      if (minus) s = s + ' '.repeat(pad);
      else if (zero && /[dxXobeEfFgG]/.test(verb)) {
        const sign = /^[+-]/.test(s) ? s[0] : '';
        s = sign + '0'.repeat(pad) + s.slice(sign.length);
      } else s = ' '.repeat(pad) + s;
    }
    out += s;
  }
  if (argi < args.length) {
    out += '%!(EXTRA ' + args.slice(argi).map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${fmtV(a, 0)}`)).join(', ') + ')';
  }
  return out;
}

/** template.HTMLEscapeString */
export function htmlEscapeString(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

/** template.JSEscapeString */
export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** template.URLQueryEscaper's url.QueryEscape */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** text/template's evalArgs. */
export function evalArgsString(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(...args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}
