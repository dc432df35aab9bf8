// sprig v3.2.3's arithmetic (functions.go, numeric.go): int64 math through cast.ToInt64 of every argument
// (wrapping like Go's int64), float64 math, and the *f functions computed as shopspring/decimal v1.3.1 does
// (decimal.NewFromFloat of each operand, exact add/sub/mul, division rounded half away from zero at 16
// decimal places, then the nearest float64).
import { randomBytes, randomInt } from 'node:crypto';
import { def, GoInt, type FuncMap } from '../template/types.js';
import { toFloat64, toInt64 } from './misc.js';

const i64 = (v: bigint) => GoInt.wrap(v, 'int64');

function div(a: unknown, b: unknown): GoInt {
  const y = toInt64(b);
  if (y === 0n) throw new Error('runtime error: integer divide by zero');
  return i64(toInt64(a) / y);
}

function mod(a: unknown, b: unknown): GoInt {
  const y = toInt64(b);
  if (y === 0n) throw new Error('runtime error: integer divide by zero');
  return i64(toInt64(a) % y);
}

function max(a: unknown, ...rest: unknown[]): GoInt {
  let m = toInt64(a);
  for (const b of rest) {
    const v = toInt64(b);
    if (v > m) m = v;
  }
  return new GoInt(m, 'int64');
}

function min(a: unknown, ...rest: unknown[]): GoInt {
  let m = toInt64(a);
  for (const b of rest) {
    const v = toInt64(b);
    if (v < m) m = v;
  }
  return new GoInt(m, 'int64');
}

/** math.Max / math.Min (NaN wins; +0 > -0). */
function goMax(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 && y === 0) return Object.is(x, -0) ? y : x;
  return x > y ? x : y;
}
function goMin(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 && y === 0) return Object.is(x, -0) ? x : y;
  return x < y ? x : y;
}

function round(a: unknown, p: GoInt, ...rOpt: number[]): number {
  const roundOn = rOpt.length > 0 ? rOpt[0] : 0.5;
  const val = toFloat64(a);
  const places = Number(p.value);
  const pow = Math.pow(10, places);
  const digit = pow * val;
  const frac = Number.isFinite(digit) ? digit - Math.trunc(digit) : Number.isNaN(digit) ? NaN : 0;
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

function randIntFn(lo: GoInt, hi: GoInt): GoInt {
  const n = hi.value - lo.value;
  if (n <= 0n) throw new Error('invalid argument to Intn');
  let r: bigint;
  if (n <= 0xffffffffffffn) r = BigInt(randomInt(Number(n)));
  else {
    const limit = (1n << 128n) - ((1n << 128n) % n);
    do r = BigInt('0x' + randomBytes(16).toString('hex'));
    while (r >= limit);
    r %= n;
  }
  return GoInt.wrap(r + lo.value, 'int');
}

// ---------------------------------------------------------------------------------------------------------
// shopspring/decimal

interface Decimal {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: the shortest decimal that round-trips to f. */
function decimalFromFloat(f: number): Decimal {
  if (Number.isNaN(f)) throw new Error('Cannot create a Decimal from NaN');
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${f > 0 ? '+Inf' : '-Inf'}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(f))!;
  const frac = m[3] ?? '';
  const exp = (m[4] ? parseInt(m[4], 10) : 0) - frac.length;
  let coef = BigInt(m[2] + frac);
  if (m[1] === '-') coef = -coef;
  return { coef, exp };
}

const pow10 = (n: number) => 10n ** BigInt(n);

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - e), b.coef * pow10(b.exp - e), e];
}

const decAdd = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, e] = align(a, b);
  return { coef: x + y, exp: e };
};
const decSub = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, e] = align(a, b);
  return { coef: x - y, exp: e };
};
const decMul = (a: Decimal, b: Decimal): Decimal => ({ coef: a.coef * b.coef, exp: a.exp + b.exp });

const DIVISION_PRECISION = 16;

/** Decimal.Div = DivRound(d2, 16): truncated quotient at 16 places, rounded half away from zero. */
function decDiv(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new Error('decimal division by zero');
  const k = a.exp - b.exp + DIVISION_PRECISION;
  let num = a.coef;
  let den = b.coef;
  if (k >= 0) num *= pow10(k);
  else den *= pow10(-k);
  let q = num / den;
  const r = num - q * den;
  const absR = r < 0n ? -r : r;
  const absD = den < 0n ? -den : den;
  if (2n * absR >= absD) {
    if (a.coef !== 0n && (a.coef < 0n) !== (b.coef < 0n)) q -= 1n;
    else q += 1n;
  }
  return { coef: q, exp: -DIVISION_PRECISION };
}

const decFloat = (d: Decimal): number => Number(`${d.coef}e${d.exp}`);

function execDecimalOp(a: unknown, b: unknown[], f: (x: Decimal, y: Decimal) => Decimal): number {
  let prt = decimalFromFloat(toFloat64(a));
  for (const x of b) prt = f(prt, decimalFromFloat(toFloat64(x)));
  return decFloat(prt);
}

const I = 'interface {}';

export const mathFuncs: FuncMap = {
  add1: def([I], 'int64', (i: unknown) => i64(toInt64(i) + 1n)),
  add: def([I], 'int64', (...v: unknown[]) => i64(v.reduce<bigint>((s, x) => GoInt.wrap(s + toInt64(x), 'int64').value, 0n)), { variadic: true }),
  sub: def([I, I], 'int64', (a: unknown, b: unknown) => i64(toInt64(a) - toInt64(b))),
  div: def([I, I], 'int64', div),
  mod: def([I, I], 'int64', mod),
  mul: def([I, I], 'int64', (a: unknown, ...v: unknown[]) => i64(v.reduce<bigint>((s, x) => GoInt.wrap(s * toInt64(x), 'int64').value, toInt64(a))), { variadic: true }),
  randInt: def(['int', 'int'], 'int', randIntFn),
  add1f: def([I], 'float64', (i: unknown) => execDecimalOp(i, [new GoInt(1n)], decAdd)),
  addf: def([I], 'float64', (...v: unknown[]) => execDecimalOp(0, v, decAdd), { variadic: true }),
  subf: def([I, I], 'float64', (a: unknown, ...v: unknown[]) => execDecimalOp(a, v, decSub), { variadic: true }),
  divf: def([I, I], 'float64', (a: unknown, ...v: unknown[]) => execDecimalOp(a, v, decDiv), { variadic: true }),
  mulf: def([I, I], 'float64', (a: unknown, ...v: unknown[]) => execDecimalOp(a, v, decMul), { variadic: true }),
  biggest: def([I, I], 'int64', max, { variadic: true }),
  max: def([I, I], 'int64', max, { variadic: true }),
  min: def([I, I], 'int64', min, { variadic: true }),
  maxf: def([I, I], 'float64', (a: unknown, ...v: unknown[]) => v.reduce<number>((m, x) => goMax(m, toFloat64(x)), toFloat64(a)), { variadic: true }),
  minf: def([I, I], 'float64', (a: unknown, ...v: unknown[]) => v.reduce<number>((m, x) => goMin(m, toFloat64(x)), toFloat64(a)), { variadic: true }),
  ceil: def([I], 'float64', (a: unknown) => Math.ceil(toFloat64(a))),
  floor: def([I], 'float64', (a: unknown) => Math.floor(toFloat64(a))),
  round: def([I, 'int', 'float64'], 'float64', round, { variadic: true }),
};
