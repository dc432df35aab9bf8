// HTTP transport to the API server: an undici Agent with keep-alive and the cluster's TLS settings, per-request
// timeouts, client-side rate limiting (QPS/burst token bucket as client-go's flowcontrol), and retries with
// exponential backoff for 429/5xx and connection resets on idempotent requests, honouring Retry-After.
import { Agent, request as undiciRequest } from 'undici';
import { credentials } from './auth.js';
import { describeSource, type RestConfig } from './kubeconfig.js';
import { KubeApiError, KubeConfigError } from './types.js';

/** qps 0 (the default) = no client-side limit; the server's 429s are honoured instead. */
export interface HttpOptions {
  qps?: number;
  burst?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** Base backoff in ms (default 200); doubled per attempt, capped at 5s. */
  backoffMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  /** Retry even though the method is not idempotent (never for POST by default). */
  idempotent?: boolean;
  /** Return null instead of throwing on 404. */
  allow404?: boolean;
  /** A successful body is returned as text, not parsed (pod logs). */
  text?: boolean;
  /** The Accept header (default application/json). */
  accept?: string;
}

export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private qps: number,
    private burst: number,
  ) {
    this.tokens = burst;
  }
  async take(): Promise<void> {
    if (this.qps <= 0) return;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.qps) * 1000));
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'EAI_AGAIN']);

function errCode(e: unknown): string | undefined {
  let cur: any = e;
  for (let i = 0; cur && i < 4; i++) {
    if (cur.code) return cur.code;
    cur = cur.cause;
  }
  return undefined;
}

function retryAfterMs(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n * 1000);
  const d = Date.parse(v);
  return Number.isNaN(d) ? undefined : Math.max(0, d - Date.now());
}

export class HttpClient {
  readonly cfg: RestConfig;
  private agents = new Map<string, Agent>();
  private bucket: TokenBucket;
  private opts: Required<HttpOptions>;

  constructor(cfg: RestConfig, opts: HttpOptions = {}) {
    this.cfg = cfg;
    this.opts = { qps: opts.qps ?? 0, burst: opts.burst ?? 100, timeoutMs: opts.timeoutMs ?? 32_000, maxRetries: opts.maxRetries ?? 5, backoffMs: opts.backoffMs ?? 200 };
    this.bucket = new TokenBucket(this.opts.qps, Math.max(1, this.opts.burst));
  }

  private agent(cert?: string, key?: string): Agent {
    const k = `${cert ?? ''}\0${key ?? ''}`;
    let a = this.agents.get(k);
    if (!a) {
      a = new Agent({
        keepAliveTimeout: 30_000,
        connections: 32,
        connectTimeout: Math.min(this.opts.timeoutMs, 10_000),
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
        connect: {
          ca: this.cfg.ca,
          cert,
          key,
          rejectUnauthorized: !this.cfg.insecureSkipTlsVerify,
          servername: this.cfg.tlsServerName,
        },
      });
      this.agents.set(k, a);
    }
    return a;
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }

  /** One API call; JSON in and out. Errors: KubeApiError (Status), KubeConfigError (unreachable/TLS). */
  async request<T = any>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const url = new URL(this.cfg.server + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    const idempotent = o.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(method);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      await this.bucket.take();
      const cred = await credentials(this.cfg, false);
      const headers: Record<string, string> = { accept: o.accept ?? 'application/json', 'user-agent': 'tshelm/0.1' };
      if (cred.authorization) headers.authorization = cred.authorization;
      if (this.cfg.impersonateUser) headers['impersonate-user'] = this.cfg.impersonateUser;
      let body: string | undefined;
      if (o.body !== undefined) {
        body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
        headers['content-type'] = o.contentType ?? 'application/json';
      }
      const h: Record<string, string | string[]> = headers;
      if (this.cfg.impersonateGroups?.length) h['impersonate-group'] = this.cfg.impersonateGroups;
      let status: number;
      let text: string;
      let respHeaders: Record<string, string | string[] | undefined>;
      try {
        const r = await undiciRequest(url, { method: method as any, headers: h, body, dispatcher: this.agent(cred.cert, cred.key) });
        status = r.statusCode;
        respHeaders = r.headers;
        text = await r.body.text();
      } catch (e) {
        const code = errCode(e);
        if (idempotent && attempt < this.opts.maxRetries && code && RETRY_CODES.has(code)) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw this.unreachable(e, code);
      }
      if (status === 401 && this.cfg.exec && !refreshed) {
        refreshed = true;
        await credentials(this.cfg, true);
        attempt--;
        continue;
      }
      // client-go's checkWait: a 429, or a 5xx carrying Retry-After (the server did not act on it: overload,
      // apiserver starting), is retried whatever the method; other 5xx only when the request is idempotent
      const ra = retryAfterMs(respHeaders['retry-after']);
      if ((status === 429 || (status >= 500 && status !== 501)) && attempt < this.opts.maxRetries && (idempotent || status === 429 || ra !== undefined)) {
        await sleep(ra !== undefined ? Math.min(ra, 30_000) : this.backoff(attempt));
        continue;
      }
      if (o.text && status >= 200 && status < 300) return text as T;
      let parsed: any = undefined;
      let notJson = false;
      if (text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
          notJson = true;
        }
      }
      // a 2xx that is not JSON: no API server answered (a web server, a proxy's page, junk), as client-go's
      // "couldn't get version/kind; json parse error"
      if (status >= 200 && status < 300 && notJson) {
        const snippet = JSON.stringify(text.trim().slice(0, 60));
        throw new KubeConfigError(`Kubernetes cluster unreachable: ${url.origin} answered ${method} ${url.pathname} with a body that is not JSON: ${snippet} (${describeSource(this.cfg)})`);
      }
      if (status >= 200 && status < 300) return parsed as T;
      if (status === 404 && o.allow404) return null as T;
      throw this.apiError(status, parsed, method, url);
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(5000, this.opts.backoffMs * 2 ** attempt);
    return base / 2 + Math.random() * (base / 2);
  }

  private apiError(status: number, body: any, method: string, url: URL): KubeApiError {
    const isStatus = body && typeof body === 'object' && body.kind === 'Status';
    const reason = (isStatus && body.reason) || reasonFor(status);
    let msg = isStatus && body.message ? String(body.message) : `the server responded with HTTP ${status} to ${method} ${url.pathname}${typeof body === 'string' && body.trim() ? `: ${body.trim().slice(0, 200)}` : ''}`;
    if (status === 401) msg = `${msg} (Unauthorized: the credentials in ${describeSource(this.cfg)} were rejected; the token or certificate may have expired: refresh them or set --kube-token)`;
    else if (status === 403 && !/forbidden/i.test(msg)) msg = `Forbidden: ${msg}`;
    return new KubeApiError(msg, status, reason, body);
  }

  private unreachable(e: unknown, code: string | undefined): Error {
    if (e instanceof KubeConfigError || e instanceof KubeApiError) return e;
    const m = (e as Error)?.message ?? String(e);
    const detail = code && !m.includes(code) ? `${m} (${code})` : m;
    let hint = 'set --kubeconfig/KUBECONFIG, --kube-context or --kube-apiserver to a reachable cluster';
    if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) hint = 'the server certificate is not trusted by the kubeconfig CA: fix certificate-authority(-data), set --kube-ca-file, or --kube-tls-server-name';
    return new KubeConfigError(`Kubernetes cluster unreachable: ${detail}; tried ${describeSource(this.cfg)}; ${hint}`);
  }
}

export function reasonFor(status: number): string {
  return (
    {
      400: 'BadRequest',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'NotFound',
      405: 'MethodNotAllowed',
      406: 'NotAcceptable',
      409: 'Conflict',
      410: 'Gone',
      415: 'UnsupportedMediaType',
      422: 'Invalid',
      429: 'TooManyRequests',
      500: 'InternalError',
      503: 'ServiceUnavailable',
      504: 'Timeout',
    } as Record<number, string>
  )[status] ?? 'Unknown';
}
