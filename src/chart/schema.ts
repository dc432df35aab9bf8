// values.schema.json validation as Helm's chartutil does it (gojsonschema in Helm 3.13): each chart's final
// values against its own schema, subcharts with their own values, errors listed as gojsonschema words them
// ("- path: description"), under "values don't meet the specifications of the schema(s) in the following
// chart(s):". ajv does the validating (draft-07 by default; 2019-09 and 2020-12 by their $schema).
import { createRequire } from 'node:module';
import type { Chart } from './types.js';
import { isGoMap, type GoMap } from '../template/types.js';
import { toPlainValues } from './values.js';

const require = createRequire(import.meta.url);
type AjvLike = { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: AjvError[] | null } };
interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, any>;
  message?: string;
}

const cache = new Map<string, AjvLike>();
const compiled = new Map<string, ReturnType<AjvLike['compile']>>();

function ajvFor(schema: Record<string, unknown>): AjvLike {
  const id = String(schema.$schema ?? '');
  const kind = id.includes('2020-12') ? '2020' : id.includes('2019-09') ? '2019' : '07';
  let a = cache.get(kind);
  if (!a) {
    const mod = kind === '2020' ? require('ajv/dist/2020') : kind === '2019' ? require('ajv/dist/2019') : require('ajv');
    const Ctor = mod.default ?? mod;
    a = new Ctor({ allErrors: true, strict: false, validateSchema: false, validateFormats: true }) as AjvLike;
    try {
      const formats = require('ajv-formats');
      (formats.default ?? formats)(a);
    } catch {
      /* formats optional */
    }
    cache.set(kind, a);
  }
  return a;
}

/** gojsonschema's type name of a JSON value ("integer" for whole numbers). */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'object';
}

function fieldOf(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function valueAt(data: unknown, instancePath: string): unknown {
  let cur: any = data;
  if (instancePath === '') return cur;
  for (const p of instancePath.slice(1).split('/')) cur = cur?.[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur;
}

function describe(e: AjvError, data: unknown): string | undefined {
  const field = fieldOf(e.instancePath);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `${field}: ${p.missingProperty} is required`;
    case 'type':
      return `${field}: Invalid type. Expected: ${String(p.type).replace(/,/g, ', ')}, given: ${jsonType(valueAt(data, e.instancePath))}`;
    case 'enum':
      return `${field}: ${field} must be one of the following: ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'const':
      return `${field}: ${field} does not match: ${JSON.stringify(p.allowedValue)}`;
    case 'additionalProperties':
      return `${field}: Additional property ${p.additionalProperty} is not allowed`;
    case 'minimum':
      return `${field}: Must be greater than or equal to ${p.limit}`;
    case 'maximum':
      return `${field}: Must be less than or equal to ${p.limit}`;
    case 'exclusiveMinimum':
      return `${field}: Must be greater than ${p.limit}`;
    case 'exclusiveMaximum':
      return `${field}: Must be less than ${p.limit}`;
    case 'pattern':
      return `${field}: Does not match pattern '${p.pattern}'`;
    case 'format':
      return `${field}: Does not match format '${p.format}'`;
    case 'minLength':
      return `${field}: String length must be greater than or equal to ${p.limit}`;
    case 'maxLength':
      return `${field}: String length must be less than or equal to ${p.limit}`;
    case 'minItems':
      return `${field}: Array must have at least ${p.limit} items`;
    case 'maxItems':
      return `${field}: Array must have at most ${p.limit} items`;
    case 'uniqueItems':
      return `${field}: array items[${p.j},${p.i}] must be unique`;
    case 'multipleOf':
      return `${field}: Must be a multiple of ${p.multipleOf}`;
    case 'minProperties':
      return `${field}: Must have at least ${p.limit} properties`;
    case 'maxProperties':
      return `${field}: Must have at most ${p.limit} properties`;
    case 'anyOf':
      return `${field}: Must validate at least one schema (anyOf)`;
    case 'oneOf':
      return `${field}: Must validate one and only one schema (oneOf)`;
    case 'not':
      return `${field}: Must not validate the schema (not)`;
    case 'if':
      return undefined;
    default:
      return `${field}: ${e.message ?? e.keyword}`;
  }
}

/** chartutil.ValidateAgainstSingleSchema: throws with one "- field: description" line per violation. */
export function validateAgainstSingleSchema(values: GoMap, schemaJSON: Uint8Array | string): void {
  const text = typeof schemaJSON === 'string' ? schemaJSON : new TextDecoder().decode(schemaJSON);
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(text);
  } catch (e) {
    throw new Error(`unable to validate schema: ${(e as Error).message}`);
  }
  const data = toPlainValues(values ?? {});
  let validate = compiled.get(text);
  try {
    if (!validate) {
      validate = ajvFor(schema).compile(schema);
      compiled.set(text, validate);
    }
  } catch (e) {
    throw new Error(`unable to validate schema: ${(e as Error).message}`);
  }
  if (validate(data)) return;
  const lines = (validate.errors ?? []).map((e) => describe(e, data)).filter((l): l is string => !!l);
  throw new Error([...new Set(lines)].map((l) => `- ${l}\n`).join(''));
}

/** chartutil.ValidateAgainstSchema: the chart and every (enabled) subchart, each with its own values. */
export function validateAgainstSchema(chart: Chart, values: GoMap): void {
  let sb = '';
  if (chart.schema && chart.schema.length > 0) {
    try {
      validateAgainstSingleSchema(values, chart.schema);
    } catch (e) {
      sb += `${chart.name()}:\n${(e as Error).message}`;
    }
  }
  for (const sub of chart.dependencies) {
    const sv = values?.[sub.name()];
    try {
      validateAgainstSchema(sub, isGoMap(sv) && !Array.isArray(sv) ? (sv as GoMap) : {});
    } catch (e) {
      sb += (e as Error).message;
    }
  }
  if (sb.length > 0) throw new Error(sb);
}

/** The error ToRenderValues returns when the values break a schema. */
export function schemaErrorMessage(detail: string): string {
  return `values don't meet the specifications of the schema(s) in the following chart(s):\n${detail}`;
}
