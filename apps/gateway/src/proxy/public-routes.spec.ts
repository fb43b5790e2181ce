import { isPublicRoute } from './public-routes';

describe('isPublicRoute', () => {
  it.each([
    ['POST', '/auth/login', true],
    ['POST', '/auth/login?x=1', true],
    ['POST', '/auth/signup/', true],
    ['GET', '/auth/.well-known/jwks.json', true],
    ['GET', '/auth/login', false],
    ['POST', '/auth/logout', false],
    ['GET', '/auth/me', false],
    ['POST', '/auth/login/../accounts', false],
    ['GET', '/tasks', false],
  ])('%s %s → %s', (method, url, expected) => expect(isPublicRoute(method, url)).toBe(expected));
});
