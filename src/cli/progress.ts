// Progress for long work (issue 9): one status line on stderr, redrawn in place (repo update per repository, chart
// pulls with their sizes, --wait with what is still pending). Only when both stdout and stderr are terminals, not
// in CI (`CI` set), not with TERM=dumb or TSHELM_NO_PROGRESS: scripts, pipes and -o json|yaml never see it. The
// line is transient: it appears after a short delay (quick commands print nothing more than Helm does) and is
// erased before anything else is written and when the work ends, so what stays on the terminal is Helm's output.

export interface ProgressEnv {
  env?: NodeJS.ProcessEnv;
  out?: { isTTY?: boolean };
  err?: { isTTY?: boolean; columns?: number; write(s: string): boolean };
}

/** Whether progress is shown: stdout and stderr are terminals, and this is not CI. */
export function progressEnabled(p: ProgressEnv = {}): boolean {
  const env = p.env ?? process.env;
  const out = p.out ?? process.stdout;
  const err = p.err ?? process.stderr;
  const set = (v: string | undefined) => v !== undefined && v !== '' && !/^(0|false|no)$/i.test(v);
  return !!out.isTTY && !!err.isTTY && !set(env.CI) && !set(env.TSHELM_NO_PROGRESS) && env.TERM !== 'dumb';
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** "12.0 KiB/45.6 KiB" ("12.0 KiB/45.6 KiB 26%" with percent), or "12.0 KiB" when the total is unknown. */
export function formatTransfer(received: number, total?: number, percent = false): string {
  if (total === undefined || !Number.isFinite(total) || total <= 0) return formatBytes(received);
  return `${formatBytes(received)}/${formatBytes(total)}${percent ? ` ${Math.min(100, Math.floor((received / total) * 100))}%` : ''}`;
}

const live = new Set<StatusLine>();
let exitHook = false;

export class StatusLine {
  readonly enabled: boolean;
  private readonly err: NonNullable<ProgressEnv['err']>;
  private readonly started = Date.now();
  private text = '';
  private shown = false;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly delayMs: number;
  private readonly intervalMs: number;

  /** delayMs: nothing is drawn before this much time has passed; intervalMs: redraws at most this often. */
  constructor(p: ProgressEnv & { delayMs?: number; intervalMs?: number } = {}) {
    this.delayMs = p.delayMs ?? 200;
    this.intervalMs = p.intervalMs ?? 100;
    this.enabled = progressEnabled(p);
    this.err = p.err ?? process.stderr;
    if (this.enabled) {
      live.add(this);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const s of live) s.clear();
        });
      }
    }
  }

  /** Replace the status text (drawn when the delay has passed, at most every intervalMs). */
  set(text: string): void {
    if (!this.enabled || this.stopped) return;
    this.text = text;
    this.schedule();
  }

  /** Write to stdout or stderr without tearing the status line: erase it, write, draw it again. */
  write(stream: { write(s: string): boolean }, s: string): void {
    this.clear();
    stream.write(s);
    if (this.enabled && !this.stopped && this.text) this.schedule();
  }

  /** Erase the line and stop: the work is over (call it in a finally). */
  done(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.clear();
    live.delete(this);
  }

  private clear(): void {
    if (!this.shown) return;
    this.err.write('\r\x1b[2K');
    this.shown = false;
  }

  private schedule(): void {
    if (this.timer) return;
    const now = Date.now();
    const at = Math.max(this.started + this.delayMs, this.lastDraw + this.intervalMs);
    if (at <= now) return this.draw();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, at - now);
    this.timer.unref();
  }

  private draw(): void {
    if (this.stopped || !this.text) return;
    const width = Math.max(20, (this.err.columns || 80) - 1); // one short of the width: the terminal never wraps it
    const text = this.text.length > width ? this.text.slice(0, width - 1) + '…' : this.text;
    this.err.write('\r\x1b[2K' + text);
    this.shown = true;
    this.lastDraw = Date.now();
  }
}
