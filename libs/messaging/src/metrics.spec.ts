import { Metrics } from './metrics';

describe('Metrics', () => {
  const make = () =>
    new Metrics({
      ates_consumer_dead_letters_total: 'Dead letters.',
      ates_outbox_events_published_total: 'Published.',
    });

  it('counts per label set and sums over the series matching some labels', () => {
    const m = make();
    m.inc('ates_consumer_dead_letters_total', { consumer: 'accounting', topic: 't', kind: 'invalid' });
    m.inc('ates_consumer_dead_letters_total', { consumer: 'accounting', topic: 't', kind: 'failed' }, 2);
    m.inc('ates_consumer_dead_letters_total', { consumer: 'accounting', topic: 't', kind: 'invalid' }, 3);
    expect(m.value('ates_consumer_dead_letters_total', { kind: 'invalid' })).toBe(4);
    expect(m.value('ates_consumer_dead_letters_total')).toBe(6);
    expect(m.value('ates_outbox_events_published_total')).toBe(0);
  });

  it('renders the Prometheus text format, escaping label values', () => {
    const m = make();
    m.inc('ates_outbox_events_published_total', { service: 'tasks', topic: 'a"b\\c' }, 5);
    expect(m.render()).toBe(
      [
        '# HELP ates_consumer_dead_letters_total Dead letters.',
        '# TYPE ates_consumer_dead_letters_total counter',
        '# HELP ates_outbox_events_published_total Published.',
        '# TYPE ates_outbox_events_published_total counter',
        'ates_outbox_events_published_total{service="tasks",topic="a\\"b\\\\c"} 5',
        '',
      ].join('\n'),
    );
  });

  it('refuses a metric it does not define', () => {
    expect(() => make().inc('ates_consumer_retries_total', {})).toThrow('unknown metric');
  });
});
