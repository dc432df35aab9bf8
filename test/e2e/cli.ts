// Running the built CLI in end-to-end tests: one child process per command, its exit code and output, with
// tshelm's homes in a throw-away folder so tests never touch the user's configuration.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/tshelm.js');

export interface CliResult {
  /** The exit code (-1 when killed by a signal); `status` is the same number, for spawnSync-style callers. */
  code: number;
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to the parent's environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  /** Kills the command (SIGKILL, code -1) when it runs longer than this. */
  timeoutMs?: number;
}

export function runCli(args: string[], o: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    // a variable given as undefined is removed from the child's environment
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...o.env })) if (v !== undefined) env[k] = v;
    const p = spawn(process.execPath, [BIN, ...args], { env, cwd: o.cwd });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = o.timeoutMs ? setTimeout(() => p.kill('SIGKILL'), o.timeoutMs) : undefined;
    p.on('close', (c) => {
      if (timer) clearTimeout(timer);
      resolve({ code: c ?? -1, status: c ?? -1, stdout, stderr });
    });
    p.stdin.end(o.input);
  });
}

/** Environment for an isolated tshelm: its cache, config and data homes under a new temporary folder, the
 *  default storage driver, no colour. */
export function isolatedEnv(prefix = 'tshelm-e2e-'): Record<string, string> {
  return homeEnv(mkdtempSync(join(tmpdir(), prefix)));
}

/** The same, for a home folder the test made itself. */
export function homeEnv(home: string): Record<string, string> {
  return { TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_DATA_HOME: join(home, 'data'), HELM_DRIVER: '', TSHELM_DRIVER: '', NO_COLOR: '1' };
}
