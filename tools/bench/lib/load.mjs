// HTTP load for the bench: closed loop (N in flight) and open loop (a fixed rate), keep-alive, latencies in ms.
import http from 'node:http';

/**
 * One request; resolves with its status, body text and latency in ms.
 * @param {http.Agent} agent
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: unknown }} [options]
 */
export function request(agent, url, { method = 'GET', headers = {}, body } = {}) {
  const started = process.hrtime.bigint();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export const quantile = (sorted, q) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function summarize(latencies, seconds, errors = 0) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors,
    perSecond: round(sorted.length / seconds),
    p50: round(quantile(sorted, 0.5)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

export const round = (n, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/**
 * `concurrency` loops, each sending `make(i)` as soon as its previous request is answered, for `seconds`
 * (after `warmupSeconds` not counted). `onReply` sees every counted reply.
 */
export async function closedLoop({
  url,
  concurrency,
  seconds,
  warmupSeconds = 1,
  make,
  onReply = (/** @type {any} */ _reply) => {},
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let errors = 0;
  let counter = 0;
  const warmEnd = Date.now() + warmupSeconds * 1000;
  const end = warmEnd + seconds * 1000;
  let countedFrom = 0;
  const loop = async () => {
    while (Date.now() < end) {
      const spec = make(counter++);
      const sentAt = Date.now();
      try {
        const reply = await request(agent, url + (spec.path ?? ''), spec);
        if (sentAt < warmEnd) continue;
        if (reply.status >= 400) errors += 1;
        else {
          latencies.push(reply.ms);
          onReply(reply);
        }
      } catch {
        if (sentAt >= warmEnd) errors += 1;
      }
    }
  };
  setTimeout(() => (countedFrom = Date.now()), warmupSeconds * 1000);
  await Promise.all(Array.from({ length: concurrency }, loop));
  const measured = (Date.now() - (countedFrom || warmEnd)) / 1000;
  agent.destroy();
  return summarize(latencies, measured, errors);
}

/** Sends `make(i)` at a fixed `rate` per second for `seconds`, whatever the replies' speed (open loop). */
export async function openLoop({ url, rate, seconds, make, onReply = (/** @type {any} */ _reply) => {} }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies = [];
  let errors = 0;
  const started = Date.now();
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const spec = make(i);
    inFlight.push(
      request(agent, url + (spec.path ?? ''), spec).then(
        (reply) => {
          if (reply.status >= 400) errors += 1;
          else {
            latencies.push(reply.ms);
            onReply(reply);
          }
        },
        () => (errors += 1),
      ),
    );
  }
  await Promise.all(inFlight);
  const result = summarize(latencies, (Date.now() - started) / 1000, errors);
  agent.destroy();
  return { ...result, offered: rate };
}
