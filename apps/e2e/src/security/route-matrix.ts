import type { BackendService } from '@ates/config';
import type { Role } from '@ates/contracts';

/**
 * Who may call each route of each service (API.md): the one table the authorization test is generated from.
 * Deny by default: a role not listed gets 403, a caller without a valid token (none, expired, forged, or of an
 * account deactivated or given another role since) gets 401 — through the gateway and at the service itself.
 * `assignee`: only the task's current assignee (object level). The test also checks that this table lists
 * exactly the routes each service publishes in its OpenAPI document.
 */
export type Access = 'public' | 'authenticated' | 'assignee' | readonly Role[];

export interface RouteCase {
  service: BackendService;
  method: 'GET' | 'POST' | 'PATCH';
  /** As in the OpenAPI document, with `{id}` placeholders. */
  route: string;
  access: Access;
}

export const ROUTE_MATRIX: readonly RouteCase[] = [
  { service: 'auth', method: 'POST', route: '/auth/signup', access: 'public' },
  { service: 'auth', method: 'POST', route: '/auth/login', access: 'public' },
  { service: 'auth', method: 'POST', route: '/auth/refresh', access: 'public' },
  { service: 'auth', method: 'GET', route: '/auth/.well-known/jwks.json', access: 'public' },
  { service: 'auth', method: 'POST', route: '/auth/logout', access: 'authenticated' },
  { service: 'auth', method: 'GET', route: '/auth/me', access: 'authenticated' },
  { service: 'auth', method: 'GET', route: '/auth/accounts', access: ['admin'] },
  { service: 'auth', method: 'PATCH', route: '/auth/accounts/{id}', access: ['admin'] },
  { service: 'tasks', method: 'POST', route: '/tasks', access: 'authenticated' },
  { service: 'tasks', method: 'GET', route: '/tasks', access: 'authenticated' },
  { service: 'tasks', method: 'GET', route: '/tasks/mine', access: 'authenticated' },
  { service: 'tasks', method: 'GET', route: '/tasks/{id}', access: 'authenticated' },
  { service: 'tasks', method: 'POST', route: '/tasks/{id}/complete', access: 'assignee' },
  { service: 'tasks', method: 'POST', route: '/tasks/shuffle', access: ['admin', 'manager'] },
  { service: 'accounting', method: 'GET', route: '/accounting/me', access: 'authenticated' },
  { service: 'accounting', method: 'GET', route: '/accounting/me/transactions', access: 'authenticated' },
  { service: 'accounting', method: 'GET', route: '/accounting/accounts', access: ['admin', 'accountant'] },
  {
    service: 'accounting',
    method: 'GET',
    route: '/accounting/accounts/{id}',
    access: ['admin', 'accountant'],
  },
  {
    service: 'accounting',
    method: 'GET',
    route: '/accounting/accounts/{id}/transactions',
    access: ['admin', 'accountant'],
  },
  { service: 'accounting', method: 'GET', route: '/accounting/stats/today', access: ['admin', 'accountant'] },
  { service: 'accounting', method: 'GET', route: '/accounting/stats/daily', access: ['admin', 'accountant'] },
  { service: 'accounting', method: 'POST', route: '/accounting/billing-cycles/close', access: ['admin'] },
  {
    service: 'accounting',
    method: 'GET',
    route: '/accounting/billing-cycles',
    access: ['admin', 'accountant'],
  },
  { service: 'analytics', method: 'GET', route: '/analytics/summary', access: ['admin'] },
  { service: 'analytics', method: 'GET', route: '/analytics/most-expensive-task', access: ['admin'] },
  { service: 'analytics', method: 'GET', route: '/analytics/most-expensive-tasks', access: ['admin'] },
];

/** A caller of the matrix: a role with a valid token, or one that must be refused whatever the route. */
export type CallerKind = Role | 'anonymous' | 'expired' | 'deactivated' | 'demoted';

/** The status class a caller must get: 2xx, 401 or 403. */
export function expectedOutcome(access: Access, caller: CallerKind, isAssignee: boolean): 'ok' | 401 | 403 {
  if (access === 'public') return 'ok';
  if (caller === 'anonymous' || caller === 'expired' || caller === 'deactivated' || caller === 'demoted')
    return 401;
  if (access === 'authenticated') return 'ok';
  if (access === 'assignee') return isAssignee ? 'ok' : 403;
  return access.includes(caller) ? 'ok' : 403;
}
