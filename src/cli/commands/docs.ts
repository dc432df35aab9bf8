// `tshelm docs`: a reference for every command, generated from the command definitions, as `helm docs` does
// with cobra's generators: markdown (one file per command, tshelm_install.md …), man pages (tshelm-install.1)
// or the bash completion script.
import type { Command } from 'commander';

function fullName(c: Command): string[] {
  const names: string[] = [];
  for (let x: Command | null = c; x; x = x.parent) names.unshift(x.name());
  return names;
}

function visible(c: Command): Command[] {
  return c.commands.filter((s) => !(s as any)._hidden);
}

function allCommands(root: Command): Command[] {
  const out: Command[] = [root];
  for (const c of visible(root)) out.push(...allCommands(c));
  return out;
}

/** Help text of a command, as `--help` prints it (its Examples: included), without commander's colour or
 *  terminal-width wrapping. */
function helpText(c: Command): string {
  const saved = (c as any)._outputConfiguration;
  let text = '';
  const write = (s: string) => void (text += s);
  c.configureOutput({ ...saved, writeOut: write, writeErr: write, getOutHelpWidth: () => 100, getErrHelpWidth: () => 100, getOutHasColors: () => false, getErrHasColors: () => false });
  try {
    c.outputHelp();
  } finally {
    c.configureOutput(saved);
  }
  return text;
}

export function markdownFor(c: Command): string {
  const name = fullName(c).join(' ');
  const file = (x: Command) => `${fullName(x).join('_')}.md`;
  let md = `## ${name}\n\n${c.description().split('\n')[0]}\n\n### Synopsis\n\n${c.description()}\n\n\`\`\`\n${helpText(c).trimEnd()}\n\`\`\`\n`;
  const see: string[] = [];
  if (c.parent) see.push(`* [${fullName(c.parent).join(' ')}](${file(c.parent)})\t - ${c.parent.description().split('\n')[0]}`);
  for (const s of visible(c)) see.push(`* [${fullName(s).join(' ')}](${file(s)})\t - ${s.description().split('\n')[0]}`);
  if (see.length) md += `\n### SEE ALSO\n\n${see.join('\n')}\n`;
  return md;
}

function roff(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/^\./gm, '\\&.').replace(/^'/gm, "\\&'");
}

export function manFor(c: Command): string {
  const name = fullName(c).join('-');
  return (
    `.TH "${name.toUpperCase()}" "1" "" "tshelm" "tshelm Manual"\n` +
    `.SH NAME\n${roff(name)} \\- ${roff(c.description().split('\n')[0])}\n` +
    `.SH SYNOPSIS\n.nf\n${roff(helpText(c).trimEnd())}\n.fi\n` +
    (visible(c).length ? `.SH SEE ALSO\n${visible(c).map((s) => `\\fB${fullName(s).join('-')}(1)\\fP`).join(', ')}\n` : '')
  );
}

export function register(program: Command): void {
  program
    .command('docs')
    .description('generate documentation as markdown or man pages')
    .option('--dir <dir>', 'directory to which documentation is written', './')
    .option('--type <type>', 'the type of documentation to generate (markdown, man, bash)', 'markdown')
    .option('--generate-headers', 'generate standard headers for markdown files')
    .addHelpText('after', '\nExamples:\n  tshelm docs --type markdown --dir docs/\n  tshelm docs --type man --dir /usr/local/share/man/man1\n')
    .action(async (opts) => {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { CliError } = await import('../errors.js');
      const root = program;
      const type = String(opts.type).toLowerCase();
      if (!['markdown', 'md', 'man', 'bash'].includes(type)) throw new CliError(`unknown doc type "${opts.type}". Try "markdown" or "man"`);
      mkdirSync(opts.dir, { recursive: true });
      if (type === 'bash') {
        const { execFileSync } = await import('node:child_process');
        writeFileSync(join(opts.dir, 'tshelm.bash'), execFileSync(process.execPath, [process.argv[1], 'completion', 'bash']));
        return;
      }
      for (const c of allCommands(root)) {
        if (type === 'man') writeFileSync(join(opts.dir, `${fullName(c).join('-')}.1`), manFor(c));
        else {
          const header = opts.generateHeaders ? `---\ntitle: "${fullName(c).join(' ')}"\n---\n\n` : '';
          writeFileSync(join(opts.dir, `${fullName(c).join('_')}.md`), header + markdownFor(c));
        }
      }
    });
}
