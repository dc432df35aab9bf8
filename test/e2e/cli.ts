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
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
}

export function runCli(args: string[], o: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...o.env }, cwd: o.cwd });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (c) => resolve({ code: c ?? -1, status: c ?? -1, stdout, stderr }));
    p.stdin.end(o.input);
  });
}

/** Environment for an isolated tshelm: its cache, config and data homes under a new temporary folder, the
 *  default storage driver, no colour. */
export function isolatedEnv(prefix = 'tshelm-e2e-'): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_DATA_HOME: join(home, 'data'), HELM_DRIVER: '', TSHELM_DRIVER: '', NO_COLOR: '1' };
}
