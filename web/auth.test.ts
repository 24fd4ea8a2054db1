import { authorize, COOKIE_NAME, cookieValue, LoginCodes } from './auth';

const TOKEN = 'the-token-0123456789';
const cookie = `other=1; ${COOKIE_NAME}=${TOKEN}`;

describe('web authentication', () => {
  test('the bearer header is enough for any method', () => {
    for (const method of ['GET', 'PUT', 'POST', 'DELETE']) expect(authorize({ method, authorization: `Bearer ${TOKEN}` }, TOKEN)).toBe('ok');
    expect(authorize({ method: 'GET', authorization: 'Bearer wrong' }, TOKEN)).toBe('unauthenticated');
    expect(authorize({ method: 'GET', authorization: `Basic ${TOKEN}` }, TOKEN)).toBe('unauthenticated');
    expect(authorize({ method: 'GET' }, TOKEN)).toBe('unauthenticated');
  });

  test('the cookie reads; it changes state only with the page header and from the same origin', () => {
    expect(authorize({ method: 'GET', cookie }, TOKEN)).toBe('ok');
    expect(authorize({ method: 'POST', cookie }, TOKEN)).toBe('csrf');
    expect(authorize({ method: 'DELETE', cookie, csrfHeader: '1' }, TOKEN)).toBe('ok');
    expect(authorize({ method: 'PUT', cookie, csrfHeader: '1', fetchSite: 'same-origin' }, TOKEN)).toBe('ok');
    expect(authorize({ method: 'PUT', cookie, csrfHeader: '1', fetchSite: 'same-site' }, TOKEN)).toBe('csrf');
    expect(authorize({ method: 'GET', cookie: `${COOKIE_NAME}=nope` }, TOKEN)).toBe('unauthenticated');
  });

  test('cookie parsing and one-time login codes', () => {
    expect(cookieValue(cookie, COOKIE_NAME)).toBe(TOKEN);
    expect(cookieValue('a=b', COOKIE_NAME)).toBeUndefined();
    const codes = new LoginCodes();
    const code = codes.issue();
    expect(codes.spend('not-it')).toBe(false);
    expect(codes.spend(code)).toBe(true);
    expect(codes.spend(code)).toBe(false);
  });
});
