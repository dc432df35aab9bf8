// Semantic versions and version constraints with the exact semantics of Masterminds/semver v3.2.1 (the version
// Helm 3.13 links), plus sprig's `semver` and `semverCompare` template functions.
//
// The rest of tshelm uses this module for chart versions, dependency ranges and kubeVersion constraints:
//   parseVersion(s)        Masterminds NewVersion (loose: "v1", "1.2" are accepted and coerced)
//   strictParseVersion(s)  Masterminds StrictNewVersion
//   parseConstraint(s)     Masterminds NewConstraint → Constraints { check(v), validate(v) }
//   sortVersions(list)     ascending, as sort.Sort(semver.Collection)
import { def, GoInt, GoStruct, type FuncMap } from '../template/types.js';

/** An error from the semver library; the message is Masterminds' text exactly. */
export class SemverError extends Error {
  override name = 'SemverError';
}

const MSG_INVALID = 'Invalid Semantic Version';
const MSG_EMPTY = 'Version string empty';
const MSG_INVALID_CHARS = 'Invalid characters in version';
const MSG_STARTS_ZERO = 'Version segment starts with 0';
const MSG_INVALID_META = 'Invalid Metadata string';
const MSG_INVALID_PRE = 'Invalid Prerelease string';

const UINT64_MAX = (1n << 64n) - 1n;
const DIGITS = /^[0-9]*$/;
const IDENT_CHARS = /^[0-9A-Za-z-]*$/;

// RE2's \s is [\t\n\f\r ]; JavaScript's is wider, so spell it out.
const WS = '[\\t\\n\\f\\r ]';
const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

function parseUint64(text: string): bigint {
  // strconv.ParseUint(s, 10, 64) on a string of digits
  const n = BigInt(text);
  if (n > UINT64_MAX) {
    throw new SemverError(`Error parsing version segment: strconv.ParseUint: parsing "${text}": value out of range`);
  }
  return n;
}

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (DIGITS.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new SemverError(MSG_STARTS_ZERO);
    } else if (!IDENT_CHARS.test(part)) {
      throw new SemverError(MSG_INVALID_PRE);
    }
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.')) {
    if (!IDENT_CHARS.test(part)) throw new SemverError(MSG_INVALID_META);
  }
}

/** Masterminds' *semver.Version (or semver.Version when `pointer` is false, as IncPatch etc. return). */
export class Version extends GoStruct {
  static override goMethods = [
    'String', 'Original', 'Major', 'Minor', 'Patch', 'Prerelease', 'Metadata', 'IncPatch', 'IncMinor', 'IncMajor',
    'SetPrerelease', 'SetMetadata', 'LessThan', 'GreaterThan', 'Equal', 'Compare',
  ] as const;

  readonly goType: string;
  #major: bigint;
  #minor: bigint;
  #patch: bigint;
  #pre: string;
  #metadata: string;
  #original: string;

  constructor(major: bigint, minor: bigint, patch: bigint, pre = '', metadata = '', original?: string, pointer = true) {
    super();
    this.#major = major;
    this.#minor = minor;
    this.#patch = patch;
    this.#pre = pre;
    this.#metadata = metadata;
    this.goType = pointer ? '*semver.Version' : 'semver.Version';
    this.#original = original ?? this.toString();
  }

  // ---- JavaScript API --------------------------------------------------------------------------------------
  get major(): bigint { return this.#major; }
  get minor(): bigint { return this.#minor; }
  get patch(): bigint { return this.#patch; }
  get prerelease(): string { return this.#pre; }
  get metadata(): string { return this.#metadata; }
  get original(): string { return this.#original; }

  /** Canonical text without a leading v: "1.2.3-pre+meta". */
  override toString(): string {
    let s = `${this.#major}.${this.#minor}.${this.#patch}`;
    if (this.#pre !== '') s += `-${this.#pre}`;
    if (this.#metadata !== '') s += `+${this.#metadata}`;
    return s;
  }

  /** -1, 0 or 1; metadata ignored; a prerelease sorts before its release. */
  compare(o: Version): number {
    const seg = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
    let d = seg(this.#major, o.#major);
    if (d !== 0) return d;
    d = seg(this.#minor, o.#minor);
    if (d !== 0) return d;
    d = seg(this.#patch, o.#patch);
    if (d !== 0) return d;
    const ps = this.#pre;
    const po = o.#pre;
    if (ps === '' && po === '') return 0;
    if (ps === '') return 1;
    if (po === '') return -1;
    return comparePrerelease(ps, po);
  }
  lessThan(o: Version): boolean { return this.compare(o) < 0; }
  greaterThan(o: Version): boolean { return this.compare(o) > 0; }
  equal(o: Version): boolean { return this.compare(o) === 0; }

  private vPrefix(): string {
    return this.#original.startsWith('v') ? 'v' : '';
  }
  private derive(major: bigint, minor: bigint, patch: bigint, pre: string, metadata: string): Version {
    const v = new Version(major, minor, patch, pre, metadata, '', false);
    v.#original = this.vPrefix() + v.toString();
    return v;
  }
  incPatch(): Version {
    if (this.#pre !== '') return this.derive(this.#major, this.#minor, this.#patch, '', '');
    return this.derive(this.#major, this.#minor, this.#patch + 1n, '', '');
  }
  incMinor(): Version { return this.derive(this.#major, this.#minor + 1n, 0n, '', ''); }
  incMajor(): Version { return this.derive(this.#major + 1n, 0n, 0n, '', ''); }
  setPrerelease(pre: string): Version {
    if (pre.length > 0) validatePrerelease(pre);
    return this.derive(this.#major, this.#minor, this.#patch, pre, this.#metadata);
  }
  setMetadata(meta: string): Version {
    if (meta.length > 0) validateMetadata(meta);
    return this.derive(this.#major, this.#minor, this.#patch, this.#pre, meta);
  }

  /** encoding/json uses Version.MarshalJSON: the String() form. */
  toJSON(): string { return this.toString(); }

  // ---- Go methods (what templates call) ---------------------------------------------------------------------
  String(): string { return this.toString(); }
  Original(): string { return this.#original; }
  Major(): GoInt { return new GoInt(this.#major, 'uint64'); }
  Minor(): GoInt { return new GoInt(this.#minor, 'uint64'); }
  Patch(): GoInt { return new GoInt(this.#patch, 'uint64'); }
  Prerelease(): string { return this.#pre; }
  Metadata(): string { return this.#metadata; }
  IncPatch(): Version { return this.incPatch(); }
  IncMinor(): Version { return this.incMinor(); }
  IncMajor(): Version { return this.incMajor(); }
  SetPrerelease(pre: string): Version { return this.setPrerelease(pre); }
  SetMetadata(meta: string): Version { return this.setMetadata(meta); }
  LessThan(o: Version): boolean { return this.lessThan(asVersion(o)); }
  GreaterThan(o: Version): boolean { return this.greaterThan(asVersion(o)); }
  Equal(o: Version): boolean { return this.equal(asVersion(o)); }
  Compare(o: Version): GoInt { return new GoInt(BigInt(this.compare(asVersion(o))), 'int'); }
}

function asVersion(o: unknown): Version {
  if (o instanceof Version) return o;
  // Go would have rejected the call before it ran; a nil *Version dereference panics.
  throw new Error('runtime error: invalid memory address or nil pointer dereference');
}

function comparePrerelease(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  const n = Math.max(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const d = comparePrePart(i < as.length ? as[i] : '', i < bs.length ? bs[i] : '');
    if (d !== 0) return d;
  }
  return 0;
}

function asUint(s: string): bigint | undefined {
  // strconv.ParseUint(s, 10, 64): digits only, no sign, in range
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > UINT64_MAX ? undefined : n;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const oi = asUint(o);
  const si = asUint(s);
  if (oi === undefined && si === undefined) return s > o ? 1 : -1; // byte-wise for ASCII identifiers
  if (oi === undefined) return -1; // s is a number, o a string
  if (si === undefined) return 1;
  return si > oi! ? 1 : -1;
}

/** Masterminds NewVersion: "v" prefix allowed, minor/patch optional (coerced to 0). Throws SemverError. */
export function parseVersion(v: string): Version {
  const m = VERSION_RE.exec(v);
  if (!m) throw new SemverError(MSG_INVALID);
  const pre = m[5] ?? '';
  const metadata = m[8] ?? '';
  const major = parseUint64(m[1]);
  const minor = m[2] ? parseUint64(m[2].slice(1)) : 0n;
  const patch = m[3] ? parseUint64(m[3].slice(1)) : 0n;
  if (pre !== '') validatePrerelease(pre);
  if (metadata !== '') validateMetadata(metadata);
  return new Version(major, minor, patch, pre, metadata, v);
}

/** Masterminds StrictNewVersion: exactly MAJOR.MINOR.PATCH[-pre][+meta], no "v", no leading zeros. */
export function strictParseVersion(v: string): Version {
  if (v.length === 0) throw new SemverError(MSG_EMPTY);
  const parts = splitN(v, '.', 3);
  if (parts.length !== 3) throw new SemverError(MSG_INVALID);
  let pre = '';
  let metadata = '';
  if (/[-+]/.test(parts[2])) {
    let extra = splitN(parts[2], '+', 2);
    if (extra.length > 1) {
      metadata = extra[1];
      parts[2] = extra[0];
    }
    extra = splitN(parts[2], '-', 2);
    if (extra.length > 1) {
      pre = extra[1];
      parts[2] = extra[0];
    }
  }
  for (const p of parts) {
    if (!DIGITS.test(p)) throw new SemverError(MSG_INVALID_CHARS);
    if (p.length > 1 && p[0] === '0') throw new SemverError(MSG_STARTS_ZERO);
  }
  const num = (p: string): bigint => {
    if (p === '') throw new SemverError(`strconv.ParseUint: parsing "": invalid syntax`);
    const n = BigInt(p);
    if (n > UINT64_MAX) throw new SemverError(`strconv.ParseUint: parsing "${p}": value out of range`);
    return n;
  };
  const major = num(parts[0]);
  const minor = num(parts[1]);
  const patch = num(parts[2]);
  if (pre !== '') validatePrerelease(pre);
  if (metadata !== '') validateMetadata(metadata);
  return new Version(major, minor, patch, pre, metadata, v);
}

/** Go's strings.SplitN for n > 0. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** Sort versions ascending (as sort.Sort(semver.Collection)); returns a new array. */
export function sortVersions(list: readonly Version[]): Version[] {
  return [...list].sort((a, b) => a.compare(b));
}

// ---------------------------------------------------------------------------------------------------------
// Constraints

const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?' +
  '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
  '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CONSTRAINT_RE = new RegExp(`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`);
const RANGE_RE = new RegExp(`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`, 'g');
const FIND_RE = new RegExp(`(${OPS})${WS}*(${CV})`, 'g');
const VALID_RE = new RegExp(`^(${WS}*(${OPS})${WS}*(${CV})${WS}*)((?:${WS}+|,${WS}*)(${OPS})${WS}*(${CV})${WS}*)*$`);

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

class Constraint {
  constructor(
    readonly con: Version,
    readonly orig: string,
    readonly op: Op,
    readonly dirty: boolean,
    readonly minorDirty: boolean,
    readonly patchDirty: boolean,
  ) {}
  toString(): string {
    return this.op + this.orig;
  }
  /** undefined when satisfied, else the reason (Masterminds' message). */
  check(v: Version): string | undefined {
    return CHECKS[this.op](v, this);
  }
}

const isX = (s: string | undefined) => s === 'x' || s === '*' || s === 'X';

function parseOne(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new SemverError(`improper constraint: ${c}`);
  const op = m[1] as Op;
  const orig = m[2];
  const major = m[3];
  const minorPart = m[4] ?? '';
  const patchPart = m[5] ?? '';
  const preSuffix = m[6] ?? '';
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${preSuffix}`;
    dirty = true;
  } else if (isX(minorPart.replace(/^\./, '')) || minorPart === '') {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${preSuffix}`;
  } else if (isX(patchPart.replace(/^\./, '')) || patchPart === '') {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minorPart}.0${preSuffix}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return new Constraint(con, orig, op, dirty, minorDirty, patchDirty);
}

function rewriteRange(s: string): string {
  const matches = [...s.matchAll(RANGE_RE)];
  let out = s;
  for (const m of matches) {
    out = out.replace(m[0], `>= ${m[1]}, <= ${m[11]} `);
  }
  return out;
}

/** Masterminds *semver.Constraints: OR groups of AND-ed constraints. */
export class Constraints {
  constructor(private readonly groups: Constraint[][]) {}

  /** Does the version satisfy the constraints? */
  check(v: Version): boolean {
    return this.groups.some((g) => g.every((c) => c.check(v) === undefined));
  }

  /** As Masterminds Validate: [ok, reasons]. */
  validate(v: Version): [boolean, string[]] {
    const reasons: string[] = [];
    let preReported = false;
    for (const g of this.groups) {
      let joy = true;
      for (const c of g) {
        if (c.con.prerelease === '' && v.prerelease !== '') {
          if (!preReported) {
            reasons.push(`${v} is a prerelease version and the constraint is only looking for release versions`);
            preReported = true;
          }
          joy = false;
        } else {
          const r = c.check(v);
          if (r !== undefined) {
            reasons.push(r);
            joy = false;
          }
        }
      }
      if (joy) return [true, []];
    }
    return [false, reasons];
  }

  toString(): string {
    return this.groups.map((g) => g.map((c) => c.toString()).join(' ')).join(' || ');
  }
}

/** Masterminds NewConstraint. Throws SemverError("improper constraint: ...") on bad input. */
export function parseConstraint(text: string): Constraints {
  const c = rewriteRange(text);
  const groups: Constraint[][] = [];
  for (const seg of c.split('||')) {
    if (!VALID_RE.test(seg)) throw new SemverError(`improper constraint: ${seg}`);
    const found = [...seg.matchAll(FIND_RE)].map((m) => m[0]);
    const parts = found.length > 0 ? found : [seg];
    groups.push(parts.map(parseOne));
  }
  return new Constraints(groups);
}

/** Convenience: does `version` satisfy `constraint`? (Both parsed as Masterminds does; throws on bad input.) */
export function satisfies(version: string | Version, constraint: string | Constraints): boolean {
  const v = typeof version === 'string' ? parseVersion(version) : version;
  const c = typeof constraint === 'string' ? parseConstraint(constraint) : constraint;
  return c.check(v);
}

// ---- the individual operators (Masterminds' constraint functions, with their messages) ----------------------

type CheckFn = (v: Version, c: Constraint) => string | undefined;

const preMsg = (v: Version) => `${v} is a prerelease version and the constraint is only looking for release versions`;
const preBlocked = (v: Version, c: Constraint) => v.prerelease !== '' && c.con.prerelease === '';

const notEqual: CheckFn = (v, c) => {
  if (c.dirty) {
    if (preBlocked(v, c)) return preMsg(v);
    if (c.con.major !== v.major) return undefined;
    if (c.con.minor !== v.minor && !c.minorDirty) return undefined;
    else if (c.minorDirty) return `${v} is equal to ${c.orig}`;
    else if (c.con.patch !== v.patch && !c.patchDirty) return undefined;
    else if (c.patchDirty) {
      if (v.prerelease !== '' || c.con.prerelease !== '') {
        if (comparePrerelease(v.prerelease, c.con.prerelease) !== 0) return undefined;
        return `${v} is equal to ${c.orig}`;
      }
      return `${v} is equal to ${c.orig}`;
    }
  }
  if (v.equal(c.con)) return `${v} is equal to ${c.orig}`;
  return undefined;
};

const greaterThan: CheckFn = (v, c) => {
  if (preBlocked(v, c)) return preMsg(v);
  const fail = `${v} is less than or equal to ${c.orig}`;
  if (!c.dirty) return v.compare(c.con) === 1 ? undefined : fail;
  if (v.major > c.con.major) return undefined;
  if (v.major < c.con.major) return fail;
  if (c.minorDirty) return fail;
  if (c.patchDirty) return v.minor > c.con.minor ? undefined : fail;
  return v.compare(c.con) === 1 ? undefined : fail;
};

const lessThan: CheckFn = (v, c) => {
  if (preBlocked(v, c)) return preMsg(v);
  return v.compare(c.con) < 0 ? undefined : `${v} is greater than or equal to ${c.orig}`;
};

const greaterThanEqual: CheckFn = (v, c) => {
  if (preBlocked(v, c)) return preMsg(v);
  return v.compare(c.con) >= 0 ? undefined : `${v} is less than ${c.orig}`;
};

const lessThanEqual: CheckFn = (v, c) => {
  if (preBlocked(v, c)) return preMsg(v);
  const fail = `${v} is greater than ${c.orig}`;
  if (!c.dirty) return v.compare(c.con) <= 0 ? undefined : fail;
  if (v.major > c.con.major) return fail;
  if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return fail;
  return undefined;
};

const tilde: CheckFn = (v, c) => {
  if (preBlocked(v, c)) return preMsg(v);
  if (v.lessThan(c.con)) return `${v} is less than ${c.orig}`;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return undefined;
  if (v.major !== c.con.major) return `${v} does not have same major version as ${c.orig}`;
  if (v.minor !== c.con.minor && !c.minorDirty) return `${v} does not have same major and minor version as ${c.orig}`;
  return undefined;
};

const tildeOrEqual: CheckFn = (v, c) => {
  if (preBlocked(v, c)) return preMsg(v);
  if (c.dirty) return tilde(v, c);
  return v.equal(c.con) ? undefined : `${v} is not equal to ${c.orig}`;
};

const caret: CheckFn = (v, c) => {
  if (preBlocked(v, c)) return preMsg(v);
  if (v.lessThan(c.con)) return `${v} is less than ${c.orig}`;
  if (c.con.major > 0n || c.minorDirty) {
    return v.major === c.con.major ? undefined : `${v} does not have same major version as ${c.orig}`;
  }
  if (c.con.major === 0n && v.major > 0n) return `${v} does not have same major version as ${c.orig}`;
  if (c.con.minor > 0n || c.patchDirty) {
    return v.minor === c.con.minor
      ? undefined
      : `${v} does not have same minor version as ${c.orig}. Expected minor versions to match when constraint major version is 0`;
  }
  if (c.con.minor === 0n && v.minor > 0n) return `${v} does not have same minor version as ${c.orig}`;
  return c.con.patch === v.patch
    ? undefined
    : `${v} does not equal ${c.orig}. Expect version and constraint to equal when major and minor versions are 0`;
};

const CHECKS: Record<Op, CheckFn> = {
  '': tildeOrEqual,
  '=': tildeOrEqual,
  '!=': notEqual,
  '>': greaterThan,
  '<': lessThan,
  '>=': greaterThanEqual,
  '=>': greaterThanEqual,
  '<=': lessThanEqual,
  '=<': lessThanEqual,
  '~': tilde,
  '~>': tilde,
  '^': caret,
};

// ---------------------------------------------------------------------------------------------------------
// sprig's functions

export const semverFuncs: FuncMap = {
  // func semver(version string) (*sv2.Version, error)
  semver: def(['string'], '*semver.Version', (v: string) => parseVersion(v), { err: true }),
  // func semverCompare(constraint, version string) (bool, error)
  semverCompare: def(
    ['string', 'string'],
    'bool',
    (constraint: string, version: string) => parseConstraint(constraint).check(parseVersion(version)),
    { err: true },
  ),
};
