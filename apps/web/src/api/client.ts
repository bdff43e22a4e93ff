/** The node's HTTP API, called from the same origin that served the app. */

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
  /** Workbook imports: where the problem is. */
  readonly sheet?: string;
  readonly row?: number;
}

/** A 4xx/5xx answer of the node: the status, its message and, for a 400, every field with its reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The node could not be reached (offline, or the township node is down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('无法连接服务器，请检查网络', { cause });
    this.name = 'NetworkError';
  }
}

const TOKEN_KEY = 'liandong.token';

export function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

/** Called on a 401 to a signed-in request with the node's message: the session is over (ended, disabled, expired). */
let onUnauthorized: (message: string) => void = () => undefined;
export function setUnauthorizedHandler(handler: (message: string) => void): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  /** Send these bytes as is (an .xlsx upload), with this content type. */
  readonly raw?: { readonly data: Blob | ArrayBuffer; readonly type: string };
  readonly query?: Readonly<Record<string, string | number | boolean | undefined | null>>;
  /** Public routes: no token. */
  readonly anonymous?: boolean;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The raw response of a request (for downloads and HTML notices); errors are thrown as ApiError / NetworkError. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.anonymous ? null : storedToken();
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    headers['content-type'] = options.raw.type;
    body = options.raw.data;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, cache: 'no-store' });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as { message?: unknown; errors?: unknown } | null;
    const problems = Array.isArray(parsed?.errors) ? (parsed.errors as FieldProblem[]) : [];
    const message = typeof parsed?.message === 'string' ? parsed.message : `HTTP ${response.status}`;
    if (response.status === 401 && token !== null) onUnauthorized(message);
    throw new ApiError(response.status, message, problems);
  }
  return response;
}

/** A JSON request. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  return (await response.json()) as T;
}

/** Saves a download (export, workbook) under `filename`. */
export async function download(path: string, filename: string, query?: RequestOptions['query']): Promise<void> {
  const blob = await (await request(path, { query })).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
