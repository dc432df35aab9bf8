// Label sets and label selectors as apimachinery writes them (the text of a LIST's labelSelector and of the
// printers' Selector columns). Parsing `list --selector` is ../release/selector.ts.

export interface LabelSelector {
  matchLabels?: Record<string, unknown>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** labels.Set(m).String(): k=v pairs sorted by key, comma-joined ("" for none). */
export function labelSetString(m: Record<string, unknown> | null | undefined): string {
  return Object.entries(m && typeof m === 'object' ? m : {}).sort(byKey).map(([k, v]) => `${k}=${String(v)}`).join(',');
}

/** metav1.LabelSelectorAsSelector(sel).String(): the requirements of matchLabels and matchExpressions sorted by key
 *  (values of in/notin sorted), comma-joined; "" for an empty or missing selector. */
export function labelSelectorString(sel: LabelSelector | null | undefined): string {
  if (!sel || typeof sel !== 'object') return '';
  const reqs: Array<[string, string]> = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${String(v)}`]);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') reqs.push([e.key, `${e.key} in (${vals})`]);
    else if (e.operator === 'NotIn') reqs.push([e.key, `${e.key} notin (${vals})`]);
    else if (e.operator === 'Exists') reqs.push([e.key, e.key]);
    else if (e.operator === 'DoesNotExist') reqs.push([e.key, `!${e.key}`]);
  }
  return reqs.sort(byKey).map(([, r]) => r).join(',');
}
