/** An error meant for the user: printed as one line `Error: message`, exit code exitCode. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function formatError(err: unknown, debug: boolean): string {
  const e = err as any;
  const msg = `Error: ${e?.message ?? String(err)}`;
  if (!debug) return msg;
  const parts = [msg];
  let cause = e?.cause;
  while (cause) {
    parts.push(`caused by: ${cause?.message ?? String(cause)}`);
    cause = cause?.cause;
  }
  if (e?.stack) parts.push(e.stack);
  return parts.join('\n');
}
