// Kubernetes label selectors (k8s.io/apimachinery/pkg/labels.Parse), for `list --selector`:
// `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists), `!k` (does not exist), comma-separated.
// Numeric `k>1` / `k<1` (Gt/Lt) are accepted as apimachinery does.

export interface Requirement {
  key: string;
  op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

export class SelectorError extends Error {}

const KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(k: string): void {
  const slash = k.indexOf('/');
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  const prefix = slash >= 0 ? k.slice(0, slash) : '';
  if (slash >= 0 && (!prefix || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) throw new SelectorError(`key: Invalid value: ${JSON.stringify(k)}: prefix part must be a DNS-1123 subdomain`);
  if (!KEY_NAME.test(name)) {
    throw new SelectorError(
      `key: Invalid value: ${JSON.stringify(k)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

/** i: the value's index in the requirement (NewRequirement's path values[i]). */
function checkValue(v: string, i = 0): void {
  if (v.length > 63 || !VALUE.test(v)) {
    throw new SelectorError(
      `values[${i}]: Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

type Tok = { t: 'id' | 'op' | ',' | '(' | ')' | '!'; v: string };

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === ',' || c === '(' || c === ')') {
      out.push({ t: c, v: c });
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if (c === '=' || c === '>' || c === '<') {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (c === '!') {
      out.push({ t: '!', v: c });
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s,()=!<>]/.test(s[j])) j++;
    out.push({ t: 'id', v: s.slice(i, j) });
    i = j;
  }
  return out;
}

/** labels.Parse: the requirements of a selector ("" selects everything). */
export function parseSelector(text: string): Requirement[] {
  const toks = lex(text);
  const reqs: Requirement[] = [];
  let i = 0;
  const peek = () => toks[i];
  const fail = (what: string): never => {
    throw new SelectorError(`unable to parse requirement: ${what}`);
  };
  while (i < toks.length) {
    let not = false;
    if (peek()?.t === '!') {
      not = true;
      i++;
    }
    const k = toks[i++];
    if (!k || k.t !== 'id') fail(`found '${k?.v ?? ''}', expected: identifier`);
    checkKey(k.v);
    const nx = peek();
    if (not) {
      if (nx && nx.t !== ',') fail(`found '${nx.v}', expected: ',' or 'end of string'`);
      reqs.push({ key: k.v, op: '!', values: [] });
    } else if (!nx || nx.t === ',') {
      reqs.push({ key: k.v, op: 'exists', values: [] });
    } else if (nx.t === 'op') {
      i++;
      const v = peek()?.t === 'id' ? toks[i++].v : '';
      if (nx.v === '>' || nx.v === '<') {
        if (!/^-?\d+$/.test(v)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key: k.v, op: nx.v === '>' ? 'gt' : 'lt', values: [v] });
      } else {
        checkValue(v);
        reqs.push({ key: k.v, op: nx.v === '!=' ? '!=' : '=', values: [v] });
      }
    } else if (nx.t === 'id' && (nx.v === 'in' || nx.v === 'notin')) {
      i++;
      if (peek()?.t !== '(') fail(`found '${peek()?.v ?? ''}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        const t = toks[i++];
        if (!t) fail(`found '', expected: ')'`);
        if (t.t === ')') break;
        if (t.t === ',') continue;
        if (t.t !== 'id') fail(`found '${t.v}', expected: ',', ')' or identifier`);
        checkValue(t.v, values.length);
        values.push(t.v);
      }
      if (values.length === 0 && nx.v === 'in') fail(`for 'in', 'notin' operators, values set can't be empty`);
      reqs.push({ key: k.v, op: nx.v as 'in' | 'notin', values });
    } else {
      fail(`found '${nx.v}', expected: '=', '!=', '==', 'in', notin'`);
    }
    const sep = toks[i];
    if (sep) {
      if (sep.t !== ',') fail(`found '${sep.v}', expected: ',' or 'end of string'`);
      i++;
      if (i >= toks.length) fail(`found '', expected: identifier`);
    }
  }
  return reqs;
}

/** Whether a label set satisfies every requirement. */
export function matchesSelector(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
      case 'in':
        return has && r.values.includes(v);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v)) return false;
        const n = BigInt(v);
        const want = BigInt(r.values[0]);
        return r.op === 'gt' ? n > want : n < want;
      }
    }
  });
}
