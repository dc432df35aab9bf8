// pflag's number flags: a value is read as Go's strconv reads it, and refused with pflag's words when it is not
// a number of that kind (`invalid argument "x" for "--max" flag: strconv.ParseInt: parsing "x": invalid syntax`).
import { CliError } from './errors.js';

export type NumberKind = 'ParseInt' | 'ParseUint' | 'ParseFloat';

const SYNTAX: Record<NumberKind, RegExp> = {
  ParseInt: /^[+-]?\d+$/,
  ParseUint: /^\d+$/,
  ParseFloat: /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/,
};

export function numberFlag(value: unknown, flag: string, kind: NumberKind = 'ParseInt'): number {
  const s = String(value ?? '');
  if (!SYNTAX[kind].test(s)) throw new CliError(`invalid argument ${JSON.stringify(s)} for "${flag}" flag: strconv.${kind}: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

/** The same check as a commander argument parser (the value stays text). */
export function numberArg(flag: string, kind: NumberKind): (v: string) => string {
  return (v) => {
    numberFlag(v, flag, kind);
    return v;
  };
}
