// The gateway's API with the access token in memory only (never localStorage): lost on reload, then restored
// from the HttpOnly refresh cookie through POST /session/refresh (docs/adr/0012).

/** The header that marks the dashboards' own session calls (CSRF defence, see the gateway's session/csrf.ts). */
const SESSION_HEADER = { 'x-ates-session': '1' };

let accessToken = null;
let refreshing = null;
const listeners = new Set();

/** An API answer other than 2xx: its status and the API's own message. */
export class ApiError extends Error {
  constructor(status, body) {
    const message = body?.message;
    super(Array.isArray(message) ? message.join('; ') : (message ?? `Request failed (${status})`));
    this.status = status;
    this.retryAfter = null;
  }
}

/** Who is logged in (from the access token's claims), or null. */
export function currentUser() {
  if (!accessToken) return null;
  const claims = JSON.parse(atob(accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  return { id: claims.sub, role: claims.role, username: claims.username };
}

export const onSessionChange = (listener) => listeners.add(listener);
function setToken(token) {
  accessToken = token;
  for (const listener of listeners) listener(currentUser());
}

async function readBody(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return { message: text };
  }
}

async function sessionCall(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? SESSION_HEADER : { ...SESSION_HEADER, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await readBody(response);
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    error.retryAfter = response.headers.get('retry-after');
    throw error;
  }
  return data;
}

export async function logIn(username, password) {
  const { accessToken: token } = await sessionCall('POST', '/session/login', { username, password });
  setToken(token);
  return currentUser();
}

/** A new access token from the refresh cookie; one refresh at a time (each rotates the cookie). */
export function restoreSession() {
  refreshing ??= sessionCall('POST', '/session/refresh')
    .then(({ accessToken: token }) => setToken(token))
    .catch(() => setToken(null))
    .finally(() => (refreshing = null));
  return refreshing.then(currentUser);
}

export async function logOut() {
  try {
    await sessionCall('DELETE', '/session/refresh');
  } finally {
    setToken(null);
  }
}

/** `api('GET', '/tasks/mine?status=open')`: JSON, or an ApiError; an expired token is refreshed once. */
export async function api(method, path, body) {
  const send = () =>
    fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response = await send();
  if (response.status === 401 && accessToken) {
    await restoreSession();
    if (!accessToken) throw new ApiError(401, { message: 'Your session has ended: please log in again' });
    response = await send();
  }
  const data = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Polls `check` (every 500 ms, up to `ms`) until it returns a truthy value; resolves with it, or null. */
export async function pollUntil(check, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
