// The whole function library handed to chart templates: Sprig's (less env/expandenv) plus Helm's
// data functions. Each module exports a FuncMap; Helm's template-bound functions (include, tpl, required,
// lookup, ...) are added by src/render.
import type { FuncMap } from '../template/types.js';
