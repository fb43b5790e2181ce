/** Routes reachable without a token (API.md): everything else is rejected at the gateway without one. */
export const PUBLIC_ROUTES: ReadonlyArray<{ method: string; path: string }> = [
  { method: 'POST', path: '/auth/signup' },
  { method: 'POST', path: '/auth/login' },
  { method: 'POST', path: '/auth/refresh' },
  { method: 'GET', path: '/auth/.well-known/jwks.json' },
];

export function isPublicRoute(method: string, url: string): boolean {
  const path = url.split('?')[0].replace(/\/+$/, '') || '/';
  return PUBLIC_ROUTES.some((route) => route.method === method && route.path === path);
}
