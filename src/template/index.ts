// The Go text/template engine.
export { Template } from './template.js';
export { TemplateError, ExecError, MAX_EXEC_DEPTH, type MissingKey } from './exec.js';
export { builtinFuncs } from './builtins.js';
export * from './types.js';
export * from './fmt.js';
