// Re-running a command on a thread with a deep stack. Go's text/template allows 100000 nested template calls
// and Helm 1000 nested includes; Node's default stack ends a recursive template far sooner. When the template
// engine reports that the JavaScript stack (not a Go limit) ended a render, the command line runs the same
// command again on a worker thread whose stack is large enough for Go's and Helm's limits, so the user sees
// Helm's own error. Rendering has no side effects, and every command renders before it writes anything.
import { Worker, isMainThread, workerData } from 'node:worker_threads';

const STACK_EXHAUSTED = Symbol.for('tshelm.template.stackExhausted');
export const DEEP_STACK_MB = 512;

export function stackWasExhausted(): boolean {
  return isMainThread && (globalThis as any)[STACK_EXHAUSTED] === true;
}

/** Run `main(argv)` on a worker with a deep stack; resolves to its exit code. Output streams pass through. */
export function rerunWithDeepStack(argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const w = new Worker(new URL('./deep-stack-worker.js', import.meta.url), {
      workerData: { argv },
      resourceLimits: { stackSizeMb: DEEP_STACK_MB, maxOldGenerationSizeMb: 4096 },
      stdout: false,
      stderr: false,
    });
    let code = 1;
    w.on('message', (m: { code: number }) => (code = m.code));
    w.on('error', (e) => {
      process.stderr.write(`Error: ${e.message}\n`);
      code = 1;
    });
    w.on('exit', () => resolve(code));
  });
}

export function workerArgv(): string[] | undefined {
  return isMainThread ? undefined : (workerData as { argv?: string[] })?.argv;
}
