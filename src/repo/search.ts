// Helm's cmd/helm/search: an index over the cached repository indexes, literal or regexp search with Helm's
// score (the number of "\v"-separated fields before the match: 0 = the chart name), SortScore, and
// search repo's version filtering.
import type { ChartVersion, IndexFile } from './index-file.js';
import { parseConstraint, parseVersion } from '../funcs/semver.js';
import { compileRegexp } from '../funcs/regex.js';

const SEP = '\v';
const VER_SEP = '$$';

export interface SearchResult {
  name: string;
  score: number;
  chart: ChartVersion;
}

interface Line {
  key: string;
  text: string;
  chart: ChartVersion;
}

export class SearchIndex {
  private readonly lines: Line[] = [];

  /** Index.AddRepo: every version when `all`, else only the newest of each chart. */
  addRepo(repoName: string, index: IndexFile, all: boolean): void {
    for (const [name, versions] of index.summaryEntries()) {
      if (versions.length === 0) continue;
      const fname = `${repoName}/${name}`;
      const slim = (v: ChartVersion): ChartVersion => ({ name: v.name, version: v.version, appVersion: v.appVersion, description: v.description, keywords: v.keywords, urls: [] });
      if (!all) {
        this.lines.push({ key: fname, text: indstr(repoName, versions[0]), chart: slim(versions[0]) });
        continue;
      }
      for (const v of versions) this.lines.push({ key: fname + VER_SEP + v.version, text: indstr(repoName, v), chart: slim(v) });
    }
  }

  all(): SearchResult[] {
    return this.lines.map((l) => ({ name: l.key.split(VER_SEP)[0], score: 0, chart: l.chart }));
  }

  search(term: string, threshold: number, regexp: boolean): SearchResult[] {
    const out: SearchResult[] = [];
    if (regexp) {
      const re = compileRegexp(term).re;
      for (const l of this.lines) {
        re.lastIndex = 0;
        const m = re.exec(l.text);
        if (!m) continue;
        const score = calcScore(m.index, l.text);
        if (score < threshold) out.push({ name: l.key.split(VER_SEP)[0], score, chart: l.chart });
      }
    } else {
      const t = term.toLowerCase();
      for (const l of this.lines) {
        const i = l.text.indexOf(t);
        if (i < 0) continue;
        const score = calcScore(i, l.text);
        if (score < threshold) out.push({ name: l.key.split(VER_SEP)[0], score, chart: l.chart });
      }
    }
    return out;
  }
}

function indstr(repoName: string, ref: ChartVersion): string {
  return [ref.name, `${repoName}/${ref.name}`, ref.description ?? '', (ref.keywords ?? []).join(' ')].join(SEP).toLowerCase();
}

function calcScore(index: number, line: string): number {
  let splits = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === SEP) {
      if (index <= i) return splits;
      splits++;
    }
  }
  return splits;
}

function versionGreater(a: string, b: string): boolean {
  try {
    return parseVersion(a).compare(parseVersion(b)) > 0;
  } catch {
    return a > b;
  }
}

/** search.SortScore: score, then name, then version descending. */
export function sortScore(res: SearchResult[]): SearchResult[] {
  return res.sort((a, b) => {
    if (a.score !== b.score) return a.score - b.score;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    if (versionGreater(a.chart.version, b.chart.version)) return -1;
    if (versionGreater(b.chart.version, a.chart.version)) return 1;
    return 0;
  });
}

/** search repo's applyConstraint: keep versions matching; only the first per name unless `versions`. */
export function applyConstraint(res: SearchResult[], version: string, versions: boolean): SearchResult[] {
  if (version === '') return res;
  let c;
  try {
    c = parseConstraint(version);
  } catch (e: any) {
    throw new Error(`an invalid version/constraint format: ${e.message}`);
  }
  const found = new Set<string>();
  const out: SearchResult[] = [];
  for (const r of res) {
    if (!versions && found.has(r.name)) continue;
    let v;
    try {
      v = parseVersion(r.chart.version);
    } catch {
      continue;
    }
    if (c.check(v)) {
      out.push(r);
      found.add(r.name);
    }
  }
  return out;
}
