// The whole function library handed to chart templates: Sprig's (less env/expandenv) plus Helm's data
// functions (toYaml, fromYaml, toJson, ...), each module exporting one FuncMap. Helm's template-bound
// functions (include, tpl, required, lookup) are added by src/render, which owns the template set.
import type { FuncMap } from '../template/types.js';
import { stringFuncs } from './strings.js';
import { regexFuncs } from './regex.js';
import { listFuncs } from './lists.js';
import { dictFuncs } from './dicts.js';
import { mathFuncs } from './math.js';
import { miscFuncs } from './misc.js';
import { cryptoFuncs } from './crypto.js';
import { dateFuncs } from './dates.js';
import { semverFuncs } from './semver.js';
import { netFuncs } from './net.js';
import { encodingFuncs } from './encoding.js';

let cached: FuncMap | undefined;

/** Sprig's TxtFuncMap without env/expandenv, with Helm's overrides (encodingFuncs last: Helm's toJson etc. win). */
export function funcMap(): FuncMap {
  if (!cached) {
    cached = Object.freeze({
      ...stringFuncs,
      ...regexFuncs,
      ...listFuncs,
      ...dictFuncs,
      ...mathFuncs,
      ...miscFuncs,
      ...cryptoFuncs,
      ...dateFuncs,
      ...semverFuncs,
      ...netFuncs,
      ...encodingFuncs,
    }) as FuncMap;
  }
  return cached;
}
