import { replyUpstreamError } from './upstream-error';

/** reply-from wraps the socket error of the request to the service in its own error, the socket one as `cause`. */
const wrapped = (statusCode: number, cause: object) =>
  Object.assign(new Error('upstream'), { statusCode, cause: Object.assign(new Error('socket'), cause) });

function answer(error: Error) {
  const sent: { status?: number; headers: Record<string, string>; body?: { message: string } } = {
    headers: {},
  };
  const reply = {
    code(status: number) {
      sent.status = status;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: { message: string }) {
      sent.body = body;
      return reply;
    },
  };
  replyUpstreamError(reply, 'tasks', error);
  return sent;
}

describe('the gateway when a service cannot answer', () => {
  it.each([
    ['the service is not listening', wrapped(500, { code: 'ECONNREFUSED', syscall: 'connect' })],
    [
      'the listener closed with the connection in its backlog',
      wrapped(500, { code: 'ECONNRESET', syscall: 'connect' }),
    ],
    ['connecting timed out', wrapped(504, { code: 'UND_ERR_CONNECT_TIMEOUT' })],
  ])('answers 503 with Retry-After when nothing was sent (%s)', (_case, error) => {
    const sent = answer(error);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('1');
    expect(sent.body?.message).toBe('tasks is unavailable, try again');
  });

  it('answers 502 when the connection broke after the request was sent: the outcome is unknown', () => {
    const sent = answer(wrapped(500, { code: 'UND_ERR_SOCKET' }));
    expect(sent.status).toBe(502);
    expect(sent.body?.message).toBe('tasks closed the connection before answering');
  });

  it('answers 504 when the service took too long to answer', () => {
    expect(answer(wrapped(504, { code: 'UND_ERR_HEADERS_TIMEOUT' })).status).toBe(504);
  });
});
