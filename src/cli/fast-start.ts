// Fast start: `tshelm version`, `tshelm version --short` and the root help (`tshelm`, `--help`, `-h`, `help`)
// answered without loading commander and the command modules (about 30 ms of a ~100 ms start). bin/tshelm.js
// asks fastStart() first and runs the full command line (./main.ts) when it declines.
// - version prints versionText() from the version command itself.
// - The root help is never written by hand: ./help-snapshot.ts (run by `npm run build` after tsc) makes the real
//   commander program print it for every help width and writes dist/cli/help-root.json. Commander takes the
//   width from the terminal (process.stdout.columns on a TTY, else 80); so does the lookup here. The snapshot is
//   only written when the help does not depend on colour, and it names the modules it was made from: when one
//   of them is newer than the snapshot (a bare `tsc` after editing a command), the full command line answers.
// - Installed plugins change the command line (the root help lists them, a plugin may fail to load or clash with
//   a command, and its messages come first): whenever a plugins directory holds one, the fast start declines
//   everything and the full command line (./plugins.ts) answers. A cheap readdir; HELM_NO_PLUGINS=1 skips it.
// TSHELM_NO_FAST_START=1 turns this off (the tests compare both paths).
import { readFileSync, statSync } from 'node:fs';
import { hasPlugins } from '../plugin/dirs.js';
import { versionText } from './commands/version.js';

export const SNAPSHOT_FILE = 'help-root.json';
export const SNAPSHOT_FORMAT = 1;
/** The argument lists that print the root help. */
export const ROOT_HELP_ARGV: readonly string[][] = [[], ['--help'], ['-h'], ['help']];

export interface HelpSnapshot {
  format: number;
  /** Files the help came from (URLs relative to this directory); the snapshot is stale when one is newer. */
  sources: string[];
  /** Distinct lines of all help texts. */
  lines: string[];
  /** Each distinct help text, as indices into `lines` (joined with "\n"). */
  texts: number[][];
  /** [width, text]: the text for help widths from `width` up to the next entry's; the last entry has no end. */
  widths: [number, number][];
  /** The text when stdout is not a terminal (commander's width is then its default). */
  notTty: number;
}

/** The exit code when the command was answered here, undefined to run the full command line. */
export function fastStart(argv: readonly string[]): number | undefined {
  if (process.env.TSHELM_NO_FAST_START) return undefined;
  const version = argv[0] === 'version' && (argv.length === 1 || (argv.length === 2 && argv[1] === '--short'));
  const help = ROOT_HELP_ARGV.some((a) => a.length === argv.length && a.every((x, i) => x === argv[i]));
  // only a command line answered here looks for plugins (any other goes to main(), which looks itself)
  if ((!version && !help) || hasPlugins()) return undefined; // the snapshot knows no plugins
  if (version) {
    process.stdout.write(versionText(argv.length === 2));
    return 0;
  }
  // Commander's own choice of width (Command#_outputConfiguration.getOutHelpWidth).
  const text = rootHelp(process.stdout.isTTY ? process.stdout.columns : undefined);
  if (text === undefined) return undefined;
  process.stdout.write(text);
  return 0;
}

/** The root help from the snapshot for a help width (undefined: not a terminal), if the snapshot is current. */
export function rootHelp(width: number | undefined, dir: URL = new URL('.', import.meta.url)): string | undefined {
  let snap: HelpSnapshot;
  try {
    const file = new URL(SNAPSHOT_FILE, dir);
    const made = statSync(file).mtimeMs;
    snap = JSON.parse(readFileSync(file, 'utf8'));
    if (snap.format !== SNAPSHOT_FORMAT) return undefined;
    for (const s of snap.sources) if (statSync(new URL(s, dir)).mtimeMs > made) return undefined;
  } catch {
    return undefined;
  }
  let text = snap.notTty;
  if (width !== undefined) {
    if (!Number.isInteger(width) || width < snap.widths[0][0]) return undefined;
    for (const [from, t] of snap.widths) if (width >= from) text = t;
  }
  return snap.texts[text].map((i) => snap.lines[i]).join('\n');
}
