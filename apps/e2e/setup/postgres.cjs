// `npm test`: the story on the embedded mode's transport, the PostgreSQL event log (no Kafka needed).
process.env.E2E_EVENT_TRANSPORT = 'postgres';
