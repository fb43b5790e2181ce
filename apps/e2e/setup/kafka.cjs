// `npm run test:e2e` and `npm run test:chaos`: the stack's events travel on Kafka (KAFKA_BROKERS).
process.env.E2E_EVENT_TRANSPORT = 'kafka';
