// .helmignore rules (Helm v3.13.3 internal/ignore) and Go's path/filepath.Match, which they are built on.

/** Go's filepath.ErrBadPattern */
export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

const SEP = 0x2f; // '/'

function scanChunk(p: number[]): { star: boolean; chunk: number[]; rest: number[] } {
  let star = false;
  let i0 = 0;
  while (i0 < p.length && p[i0] === 0x2a) {
    i0++;
    star = true;
  }
  p = p.slice(i0);
  let inRange = false;
  let i = 0;
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case 0x5c: // '\\'
        if (i + 1 < p.length) i++;
        break;
      case 0x5b: // '['
        inRange = true;
        break;
      case 0x5d: // ']'
        inRange = false;
        break;
      case 0x2a: // '*'
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

function getEsc(chunk: number[]): [number, number[]] {
  if (chunk.length === 0 || chunk[0] === 0x2d || chunk[0] === 0x5d) throw new BadPatternError();
  if (chunk[0] === 0x5c) {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPatternError();
  }
  const r = chunk[0];
  chunk = chunk.slice(1);
  if (chunk.length === 0) throw new BadPatternError();
  return [r, chunk];
}

/** Returns the rest of s after the chunk matched, or undefined. Throws BadPatternError. */
function matchChunk(chunk: number[], s: number[]): number[] | undefined {
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const c = chunk[0];
    if (c === 0x5b) {
      let r = -1;
      if (!failed) {
        r = s[0];
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk.length > 0 && chunk[0] === 0x5e) {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === 0x5d && nrange > 0) {
          chunk = chunk.slice(1);
          break;
        }
        let lo: number;
        let hi: number;
        [lo, chunk] = getEsc(chunk);
        hi = lo;
        if (chunk[0] === 0x2d) [hi, chunk] = getEsc(chunk.slice(1));
        if (lo <= r && r <= hi) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (c === 0x3f) {
      if (!failed) {
        if (s[0] === SEP) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    } else {
      if (c === 0x5c) {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        if (chunk[0] !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? undefined : s;
}

const cps = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0)!);

/** Go's filepath.Match on '/'-separated names. Throws BadPatternError for a malformed pattern. */
export function filepathMatch(pattern: string, name: string): boolean {
  let p = cps(pattern);
  let n = cps(name);
  outer: while (p.length > 0) {
    const { star, chunk, rest } = scanChunk(p);
    p = rest;
    if (star && chunk.length === 0) return !n.includes(SEP);
    const t = matchChunk(chunk, n);
    if (t !== undefined && (t.length === 0 || p.length > 0)) {
      n = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < n.length && n[i] !== SEP; i++) {
        const t2 = matchChunk(chunk, n.slice(i + 1));
        if (t2 !== undefined) {
          if (p.length === 0 && t2.length > 0) continue;
          n = t2;
          continue outer;
        }
      }
    }
    // Before returning false, check the rest of the pattern is well formed (Go does).
    while (p.length > 0) {
      const sc = scanChunk(p);
      p = sc.rest;
      matchChunk(sc.chunk, []);
    }
    return false;
  }
  return n.length === 0;
}

interface Pattern {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  match: (name: string) => boolean;
}

function safeMatch(rule: string, name: string): boolean {
  try {
    return filepathMatch(rule, name);
  } catch {
    return false;
  }
}

/** ignore.Rules: .helmignore patterns. */
export class IgnoreRules {
  private patterns: Pattern[] = [];

  /** Parse .helmignore text. Throws on `**` or a malformed pattern. */
  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    if (text.startsWith('\uFEFF')) text = text.slice(1);
    // bufio.Scanner's ScanLines: split on \n, drop a trailing \r.
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) r.parseRule(l.endsWith('\r') ? l.slice(0, -1) : l);
    return r;
  }

  /** AddDefaults: templates/.?* is always ignored. */
  addDefaults(): this {
    this.parseRule('templates/.?*');
    return this;
  }

  parseRule(rule: string): void {
    rule = rule.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    filepathMatch(rule, 'abc'); // throws "syntax error in pattern"
    const p: Pattern = { raw: rule, negate: false, mustDir: false, match: () => false };
    if (rule.startsWith('!')) {
      p.negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      p.mustDir = true;
      rule = rule.slice(0, -1);
    }
    if (rule.startsWith('/')) {
      const r = rule.slice(1);
      p.match = (n) => safeMatch(r, n);
    } else if (rule.includes('/')) {
      const r = rule;
      p.match = (n) => safeMatch(r, n);
    } else {
      const r = rule;
      p.match = (n) => safeMatch(r, n.slice(n.lastIndexOf('/') + 1));
    }
    this.patterns.push(p);
  }

  /** Rules.Ignore: whether a chart-relative path (a dir when isDir) is ignored. */
  ignore(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}
