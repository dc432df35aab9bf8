// Build step (`npm run build` runs scripts/build-help.mjs after tsc): the root help of the real commander program,
// captured for every help width, written to dist/cli/help-root.json for the fast start (./fast-start.ts).
// Commander wraps descriptions to the width; past the longest line of the unwrapped help nothing wraps any more,
// so the widths 0..longest+1 and one open-ended entry cover every terminal. No snapshot is written when the help
// depends on colour (a styled help): the fast start then leaves the help to commander.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { buildProgram } from './main.js';
import { SNAPSHOT_FILE, SNAPSHOT_FORMAT, ROOT_HELP_ARGV, type HelpSnapshot } from './fast-start.js';

const here = new URL('.', import.meta.url);

/** What `tshelm --help` prints with the given help width (undefined: not a terminal) and colour support. */
export function captureHelp(program: Command, argv: readonly string[], width: number | undefined, colors: boolean): string {
  let out = '';
  program.configureOutput({
    writeOut: (s) => void (out += s),
    getOutHelpWidth: () => width as number,
    getOutHasColors: () => colors,
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.help')) return out;
    throw e;
  }
  throw new Error(`tshelm ${argv.join(' ')} did not print the help`);
}

/** The modules the root help is made from: dist/cli/main.js and its static imports, and commander. */
function sources(): string[] {
  const seen = new Set<string>();
  const visit = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const js = readFileSync(url, 'utf8');
    for (const m of js.matchAll(/(?:^|[\n;])\s*(?:import|export)\s[^;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[\n;])\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/g))
      visit(new URL(m[1] ?? m[2], url));
  };
  visit(new URL('main.js', here));
  const commander = new URL('.', import.meta.resolve('commander'));
  for (const f of ['package.json', 'lib/command.js', 'lib/help.js']) seen.add(new URL(f, commander).href);
  return [...seen].map((href) => relativeUrl(href));
}

function relativeUrl(href: string): string {
  const base = here.href.split('/').slice(0, -1);
  const target = href.split('/');
  let i = 0;
  while (i < base.length && base[i] === target[i]) i++;
  return '../'.repeat(base.length - i) + target.slice(i).join('/') || './';
}

export function makeSnapshot(): HelpSnapshot | string {
  const program = buildProgram();
  const help = (w: number | undefined, colors = false) => captureHelp(program, ['--help'], w, colors);
  const longest = Math.max(...help(100_000).split('\n').map((l) => l.length));
  const lines: string[] = [];
  const lineIndex = new Map<string, number>();
  const texts: number[][] = [];
  const textIndex = new Map<string, number>();
  const intern = (text: string) => {
    let t = textIndex.get(text);
    if (t === undefined) {
      textIndex.set(text, (t = texts.length));
      texts.push(
        text.split('\n').map((l) => {
          let i = lineIndex.get(l);
          if (i === undefined) lineIndex.set(l, (i = lines.push(l) - 1));
          return i;
        }),
      );
    }
    return t;
  };
  const widths: [number, number][] = [];
  const all: (number | undefined)[] = [undefined];
  for (let w = 0; w <= longest + 1; w++) all.push(w);
  let notTty = -1;
  for (const w of all) {
    const text = help(w);
    if (help(w, true) !== text) return `the help at width ${w} depends on colour`;
    for (const argv of ROOT_HELP_ARGV.slice(1))
      if (captureHelp(program, argv, w, false) !== text) return `tshelm ${argv.join(' ')} differs from tshelm --help at width ${w}`;
    const t = intern(text);
    if (w === undefined) notTty = t;
    else if (widths.length === 0 || widths[widths.length - 1][1] !== t) widths.push([w, t]);
  }
  if (help(100_000) !== help(longest + 1)) return 'the help still wraps past its longest line';
  return { format: SNAPSHOT_FORMAT, sources: sources(), lines, texts, widths, notTty };
}

/** Writes dist/cli/help-root.json (or removes a stale one and says why not). */
export function writeSnapshot(): void {
  const file = new URL(SNAPSHOT_FILE, here);
  const snap = makeSnapshot();
  if (typeof snap === 'string') {
    rmSync(file, { force: true });
    process.stderr.write(`help snapshot not written (the fast start leaves the help to commander): ${snap}\n`);
    return;
  }
  writeFileSync(file, JSON.stringify(snap));
  // The snapshot must be newer than every source (fast-start.ts checks); a coarse clock could tie them.
  const made = statSync(file).mtimeMs;
  for (const s of snap.sources) if (statSync(new URL(s, here)).mtimeMs > made) throw new Error(`${s} is newer than the help snapshot just written`);
}
