// The chart repository's web page (served by `tshelm serve` at `/`): plain server-rendered HTML with a little
// CSS and no script. Everything that comes from a chart (metadata, README, values) is escaped; READMEs are
// rendered from markdown with `marked`, raw HTML in them shown as text, and only http(s)/mailto/relative link
// targets kept. The server also sends a Content-Security-Policy that forbids scripts altogether.
import { Marked, type Tokens } from 'marked';
import type { ChartVersion } from './index-file.js';

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A URL usable in href/src: http(s), mailto, or relative without a scheme; anything else → ''. */
export function safeUrl(u: unknown, images = false): string {
  const s = String(u ?? '').trim();
  if (s === '') return '';
  if (/^(https?:|mailto:)/i.test(s)) return s;
  if (images && /^data:image\/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]+$/i.test(s)) return s;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) || /^[\s\u0000-\u001f]/.test(s) || s.startsWith('//')) return '';
  return s;
}

const md = new Marked({ gfm: true, breaks: false, async: false });
md.use({
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const u = safeUrl(href);
      if (!u) return inner;
      return `<a href="${escapeHtml(u)}"${title ? ` title="${escapeHtml(title)}"` : ''} rel="nofollow noopener">${inner}</a>`;
    },
    image({ href, title, text }: Tokens.Image): string {
      const u = safeUrl(href, true);
      if (!u) return escapeHtml(text);
      return `<img src="${escapeHtml(u)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`;
    },
  },
});

export function renderMarkdown(text: string): string {
  return md.parse(text, { async: false }) as string;
}

const CSS = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#0f1689;color:#fff;padding:14px 24px}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:980px;margin:0 auto;padding:16px 24px}
.chart{display:flex;gap:14px;align-items:flex-start;background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:14px;margin:10px 0}
.chart img.icon,.head img.icon{width:48px;height:48px;object-fit:contain}
.noicon{width:48px;height:48px;border-radius:8px;background:#dde1e6;display:flex;align-items:center;justify-content:center;font-weight:700}
.chart h2{margin:0 0 4px;font-size:1.15em}.meta{color:#5a6270;font-size:.9em}
.deprecated{color:#a30000;font-weight:600}
pre{background:#0d1117;color:#e6edf3;padding:12px;border-radius:6px;overflow:auto}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
table{border-collapse:collapse}td,th{border:1px solid #dde1e6;padding:4px 8px;text-align:left}
.readme{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:4px 18px}
.head{display:flex;gap:14px;align-items:center}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body><header><a href="./">tshelm chart repository</a></header><main>${body}</main></body></html>\n`;
}

function icon(cv: ChartVersion, base: string): string {
  const u = safeUrl(cv.icon, true);
  if (u) return `<img class="icon" src="${escapeHtml(u)}" alt="">`;
  void base;
  return `<div class="noicon" aria-hidden="true">${escapeHtml((cv.name || '?').slice(0, 1).toUpperCase())}</div>`;
}

export interface WebContext {
  /** The repository's public URL (for the `repo add` line). */
  repoUrl: string;
  /** The repository name suggested in the lines to copy. */
  repoName: string;
}

/** The list of charts, each with its latest version. entries: name → versions newest first. */
export function renderIndexPage(entries: Record<string, ChartVersion[]>, ctx: WebContext): string {
  const names = Object.keys(entries).filter((n) => entries[n].length > 0).sort();
  const items = names.map((n) => {
    const cv = entries[n][0];
    return `<div class="chart" data-chart="${escapeHtml(n)}">${icon(cv, '')}<div><h2><a href="chart/${encodeURIComponent(n)}">${escapeHtml(n)}</a></h2>` +
      `<div class="meta">latest <span class="version">${escapeHtml(cv.version)}</span>${cv.appVersion ? ` · app ${escapeHtml(cv.appVersion)}` : ''} · ${entries[n].length} version${entries[n].length === 1 ? '' : 's'}${cv.deprecated ? ' · <span class="deprecated">deprecated</span>' : ''}</div>` +
      `<p class="description">${escapeHtml(cv.description ?? '')}</p></div></div>`;
  });
  const body = `<h1>Charts</h1><p>Add this repository:</p><pre><code id="repo-add">tshelm repo add ${escapeHtml(ctx.repoName)} ${escapeHtml(ctx.repoUrl)}</code></pre>` +
    (items.length ? items.join('\n') : '<p id="empty">No charts yet.</p>');
  return page('tshelm chart repository', body);
}

export interface ChartPageData {
  versions: ChartVersion[];
  readme?: string;
  values?: string;
}

export function renderChartPage(d: ChartPageData, ctx: WebContext): string {
  const cv = d.versions[0];
  const n = cv.name;
  const rows = d.versions.map((v) => `<tr><td>${escapeHtml(v.version)}</td><td>${escapeHtml(v.appVersion ?? '')}</td><td>${escapeHtml(v.created ?? '')}</td><td>${v.urls?.[0] ? `<a href="${escapeHtml(safeUrl(v.urls[0].startsWith('http') ? v.urls[0] : '../' + v.urls[0]))}">download</a>` : ''}</td></tr>`);
  const home = safeUrl(cv.home);
  const body = `<div class="head">${icon(cv, '../')}<div><h1 id="chart-name">${escapeHtml(n)}</h1><div class="meta">${escapeHtml(cv.description ?? '')}</div>` +
    (home ? `<div class="meta"><a href="${escapeHtml(home)}" rel="nofollow noopener">${escapeHtml(home)}</a></div>` : '') + `</div></div>` +
    `<h2>Install</h2><pre><code id="install">tshelm repo add ${escapeHtml(ctx.repoName)} ${escapeHtml(ctx.repoUrl)}\ntshelm install my-${escapeHtml(n)} ${escapeHtml(ctx.repoName)}/${escapeHtml(n)} --version ${escapeHtml(cv.version)}</code></pre>` +
    `<h2>Versions</h2><table id="versions"><thead><tr><th>Version</th><th>App version</th><th>Created</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    `<h2>README</h2><div class="readme" id="readme">${d.readme !== undefined ? renderMarkdown(d.readme) : '<p>No README.</p>'}</div>` +
    `<h2>Default values</h2><pre><code id="values">${escapeHtml(d.values ?? '')}</code></pre>`;
  return page(`${n} - tshelm chart repository`, body);
}

export const CSP = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
