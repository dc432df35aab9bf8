// `tshelm completion bash|zsh|fish|powershell` prints a shell script that asks `tshelm __complete WORDS...` for
// candidates: subcommands, flags, and where cheap, repository names, repo/chart names from the repository
// cache, release names and namespaces (from the cluster, with a short time limit).
import type { Command, Option } from 'commander';
import { examples } from '../examples.js';

const SCRIPTS: Record<string, string> = {
  bash: `# bash completion for tshelm. Load with: source <(tshelm completion bash)
_tshelm_complete() {
  local IFS=$'\\n'
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  COMPREPLY=( $(tshelm __complete "\${COMP_WORDS[@]:1:$COMP_CWORD}" 2>/dev/null) )
  if [[ \${#COMPREPLY[@]} -eq 0 ]]; then
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o nospace -o bashdefault -F _tshelm_complete tshelm
`,
  zsh: `#compdef tshelm
# zsh completion for tshelm. Load with: source <(tshelm completion zsh)
_tshelm() {
  local -a candidates
  candidates=("\${(@f)$(tshelm __complete "\${(@)words[2,$CURRENT]}" 2>/dev/null)}")
  if [[ -n "\${candidates[1]}" ]]; then
    compadd -- "\${candidates[@]}"
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _tshelm "$@"; else compdef _tshelm tshelm; fi
`,
  fish: `# fish completion for tshelm. Load with: tshelm completion fish | source
function __tshelm_complete
  set -l args (commandline -opc)[2..-1] (commandline -ct)
  tshelm __complete $args 2>/dev/null
end
complete -c tshelm -f -a '(__tshelm_complete)'
`,
  powershell: `# powershell completion for tshelm. Load with: tshelm completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName 'tshelm' -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -eq '') { $words += '' }
  & tshelm __complete @words 2>$null | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`,
};

const COMPLETION_EXAMPLES: Record<string, string[]> = {
  bash: ['tshelm completion bash > /etc/bash_completion.d/tshelm', 'source <(tshelm completion bash)          # this shell only'],
  zsh: ['tshelm completion zsh > "${fpath[1]}/_tshelm"', 'source <(tshelm completion zsh)           # this shell only'],
  fish: ['tshelm completion fish > ~/.config/fish/completions/tshelm.fish', 'tshelm completion fish | source'],
  powershell: ['tshelm completion powershell | Out-String | Invoke-Expression', 'tshelm completion powershell >> $PROFILE'],
};

export function register(program: Command): void {
  const completion = program
    .command('completion')
    .description('generate autocompletion scripts for the specified shell')
    .addHelpText(
      'after',
      examples('tshelm completion bash > /etc/bash_completion.d/tshelm', 'source <(tshelm completion bash)          # this shell', 'tshelm completion zsh > "${fpath[1]}/_tshelm"', 'tshelm completion fish | source'),
    );
  for (const shell of Object.keys(SCRIPTS)) {
    completion
      .command(shell)
      .description(`generate the autocompletion script for ${shell}`)
      .addHelpText('after', examples(...COMPLETION_EXAMPLES[shell]))
      .option('--no-descriptions', 'disable completion descriptions')
      .action(() => void process.stdout.write(SCRIPTS[shell]));
  }
  program
    .command('__complete', { hidden: true })
    .description('print completion candidates for the given words (the last one is the word being completed)')
    .argument('[words...]')
    .allowUnknownOption(true)
    .helpOption(false)
    .action(async (words: string[]) => {
      const out = await completeWords(program, words.length ? words : ['']);
      if (out.length) process.stdout.write(out.join('\n') + '\n');
    });
}

function optionTakesValue(o: Option): boolean {
  return o.required || o.optional;
}

function findOption(cmds: Command[], flag: string): Option | undefined {
  for (const c of cmds) {
    const o = c.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

/** The candidates for the last word, given the words before it. */
let kubeFlags: { kubeconfig?: string; context?: string; namespace?: string } = {};

/** The cluster flags typed so far, so release names come from the namespace and context the user named. */
function scanKubeFlags(words: string[]): typeof kubeFlags {
  const out: typeof kubeFlags = {};
  const names: Record<string, keyof typeof kubeFlags> = { '--kubeconfig': 'kubeconfig', '--kube-context': 'context', '--namespace': 'namespace', '-n': 'namespace' };
  for (let i = 0; i < words.length; i++) {
    const [flag, val] = words[i].split('=', 2);
    const key = names[flag];
    if (!key) continue;
    if (val !== undefined) out[key] = val;
    else if (i + 1 < words.length) out[key] = words[++i];
  }
  return out;
}

export async function completeWords(program: Command, words: string[]): Promise<string[]> {
  const cur = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  // after a plugin's name: its completion.yaml and plugin.complete (../plugins.ts)
  const plugged = await (await import('../plugins.js')).completePlugin(program, before, cur);
  if (plugged) return plugged;
  kubeFlags = scanKubeFlags(before);
  let cmd = program;
  const chain: Command[] = [program];
  const positionals: string[] = [];
  let pendingFlag: Option | undefined;
  for (const w of before) {
    if (pendingFlag) {
      pendingFlag = undefined;
      continue;
    }
    if (w.startsWith('-')) {
      const [flag, val] = w.split('=', 2);
      const o = findOption(chain, flag);
      if (o && optionTakesValue(o) && val === undefined && o.required) pendingFlag = o;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub && positionals.length === 0) {
      cmd = sub;
      chain.unshift(sub);
    } else positionals.push(w);
  }
  const match = (xs: string[]) => [...new Set(xs)].filter((x) => x.startsWith(cur)).sort();
  if (pendingFlag) return match(await flagValues(pendingFlag.long ?? '', cur));
  if (cur.startsWith('-')) {
    const flags: string[] = [];
    for (const c of chain) for (const o of c.options) if (!o.hidden) flags.push(...[o.long, o.short].filter((x): x is string => !!x));
    flags.push('--help');
    return match(flags);
  }
  const visibleSubs = cmd.commands.filter((c) => !(c as any)._hidden).map((c) => c.name());
  if (visibleSubs.length && positionals.length === 0) return match(visibleSubs);
  return match(await positionalValues(chain.map((c) => c.name()).reverse().slice(1).join(' '), positionals.length));
}

async function flagValues(flag: string, _cur: string): Promise<string[]> {
  if (flag === '--namespace') return namespaces();
  if (flag === '--output') return ['json', 'table', 'yaml'];
  if (flag === '--kube-context') return kubeContexts();
  return [];
}

const RELEASE_FIRST = new Set(['upgrade', 'rollback', 'uninstall', 'history', 'status', 'test', 'get all', 'get values', 'get manifest', 'get notes', 'get hooks', 'get metadata']);
const CHART_AT: Record<string, number> = { install: 1, upgrade: 1, template: 1, pull: 0, 'show all': 0, 'show chart': 0, 'show values': 0, 'show readme': 0, 'show crds': 0 };
const REPO_NAMES = new Set(['repo remove', 'repo update', 'repo rm']);

async function positionalValues(path: string, index: number): Promise<string[]> {
  if (REPO_NAMES.has(path)) return (await repoNames()).map((r) => r.name);
  if (RELEASE_FIRST.has(path) && index === 0) return releaseNames();
  if (CHART_AT[path] === index) return chartNames();
  return [];
}

function homeDir(): string {
  return process.env.HOME ?? '/';
}

/** The repositories file and cache, as the repository engineer's paths module resolves them when present. */
async function repoPaths(): Promise<{ config: string; cache: string }> {
  try {
    const mod: any = await import('../../repo/paths.js' as string);
    if (typeof mod.repositoryConfig === 'function' && typeof mod.repositoryCache === 'function') return { config: mod.repositoryConfig(), cache: mod.repositoryCache() };
  } catch {
    /* fall back to Helm's XDG layout under tshelm's own directories */
  }
  const env = process.env;
  const config = env.TSHELM_REPOSITORY_CONFIG ?? env.HELM_REPOSITORY_CONFIG ?? `${env.TSHELM_CONFIG_HOME ?? `${env.XDG_CONFIG_HOME ?? `${homeDir()}/.config`}/tshelm`}/repositories.yaml`;
  const cache = env.TSHELM_REPOSITORY_CACHE ?? env.HELM_REPOSITORY_CACHE ?? `${env.TSHELM_CACHE_HOME ?? `${env.XDG_CACHE_HOME ?? `${homeDir()}/.cache`}/tshelm`}/repository`;
  return { config, cache };
}

async function repoNames(): Promise<Array<{ name: string }>> {
  try {
    const { readFileSync } = await import('node:fs');
    const yaml = (await import('js-yaml')).default;
    const doc = yaml.load(readFileSync((await repoPaths()).config, 'utf8')) as { repositories?: Array<{ name: string }> };
    return (doc?.repositories ?? []).filter((r) => r && typeof r.name === 'string');
  } catch {
    return [];
  }
}

async function chartNames(): Promise<string[]> {
  const { readFileSync } = await import('node:fs');
  const { cache } = await repoPaths();
  const out: string[] = [];
  for (const r of await repoNames()) {
    try {
      for (const line of readFileSync(`${cache}/${r.name}-charts.txt`, 'utf8').split('\n')) if (line.trim()) out.push(`${r.name}/${line.trim()}`);
    } catch {
      /* not updated yet */
    }
  }
  return out;
}

async function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((res) => (t = setTimeout(() => res(fallback), ms)));
  try {
    return await Promise.race([p.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(t);
  }
}

async function kubeClient(): Promise<any> {
  const kube: any = await import('../../kube/index.js' as string);
  return kube.newKubeClient({ ...kubeFlags });
}

async function namespaces(): Promise<string[]> {
  return withTimeout(
    (async () => {
      const c = await kubeClient();
      return (await c.list('v1', 'Namespace')).map((n: any) => n.metadata.name);
    })(),
    2000,
    [],
  );
}

async function releaseNames(): Promise<string[]> {
  return withTimeout(
    (async () => {
      const c = await kubeClient();
      const secrets = await c.list('v1', 'Secret', { namespace: c.namespace, labelSelector: 'owner=helm' });
      return secrets.map((s: any) => s.metadata?.labels?.name).filter(Boolean);
    })(),
    2000,
    [],
  );
}

async function kubeContexts(): Promise<string[]> {
  try {
    const { readFileSync } = await import('node:fs');
    const yaml = (await import('js-yaml')).default;
    const files = (process.env.KUBECONFIG ?? `${homeDir()}/.kube/config`).split(':').filter(Boolean);
    const out: string[] = [];
    for (const f of files) {
      try {
        const doc = yaml.load(readFileSync(f, 'utf8')) as { contexts?: Array<{ name: string }> };
        for (const c of doc?.contexts ?? []) if (c?.name) out.push(c.name);
      } catch {
        /* unreadable file */
      }
    }
    return out;
  } catch {
    return [];
  }
}
