// Shared by the function-library tests: render a template with the whole function map, as Helm's engine would
// (missingkey=zero), and capture execution errors.
import { Template } from '../../../src/template/index.js';
import { funcMap } from '../../../src/funcs/index.js';

export function render(text: string, data: unknown = {}): string {
  const t = new Template('t').option('missingkey=zero').funcs(funcMap());
  t.parse(text);
  return t.execute(data);
}

export function renderErr(text: string, data: unknown = {}): string {
  try {
    render(text, data);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${text} to fail`);
}

/** Go's message for an error returned (or panicked) by a function in the first action of template "t". */
export const callErr = (name: string, node: string, msg: string): string =>
  `template: t:1:3: executing "t" at <${node}>: error calling ${name}: ${msg}`;

/** sprig's runt: template "test" with the default missingkey (not Helm's missingkey=zero). */
export function runt(tpl: string, data: unknown = {}): string {
  const t = new Template('test').funcs(funcMap());
  t.parse(tpl);
  return t.execute(data);
}
