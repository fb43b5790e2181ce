/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted field by field in the tests */
/** A tiny HTTP client for the gateway: JSON in, JSON out, the status always checked by the caller. */
export interface Reply<T = any> {
  status: number;
  body: T;
}

export class Api {
  constructor(
    readonly base: string,
    readonly token?: string,
  ) {}

  as(token: string): Api {
    return new Api(this.base, token);
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A request with a raw body (bad JSON, wrong content type, oversized…), as an attacker would send it. */
  async raw(
    method: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed };
  }

  get = <T = any>(path: string) => this.call<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.call<T>('POST', path, body);
  patch = <T = any>(path: string, body: unknown) => this.call<T>('PATCH', path, body);
}

/** Signs a popug up (role worker) and logs them in: their account id and their client. */
export async function signUp(anon: Api, username: string, password = 'password-1') {
  const signup = await anon.post('/auth/signup', {
    username,
    email: `${username}@popug.inc`,
    password,
    fullName: username,
  });
  if (signup.status !== 201)
    throw new Error(`signup ${username}: ${signup.status} ${JSON.stringify(signup.body)}`);
  const login = await anon.post('/auth/login', { username, password });
  return { id: signup.body.id as string, api: anon.as(login.body.accessToken) };
}
