// The bench's raw baseline: a bare Fastify "hello" on 127.0.0.1 (a free port, printed on stdout).
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
app.post('/', async (request) => ({ echo: request.body }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(/** @type {import('node:net').AddressInfo} */ (app.server.address()).port);
