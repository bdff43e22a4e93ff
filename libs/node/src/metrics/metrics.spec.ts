import { Logger } from '@nestjs/common';
import { routeLabel, UNMATCHED_ROUTE } from './http-metrics';
import { MetricsService } from './metrics.service';

describe('routeLabel', () => {
  it('is the matched route pattern, never the URL', () => {
    expect(routeLabel({ route: { path: '/cases/:caseId', methods: { get: true } }, baseUrl: '' } as never)).toBe('/cases/:caseId');
    expect(routeLabel({ route: { path: '/:caseNumber', methods: { get: true } }, baseUrl: '/public/cases' } as never)).toBe('/public/cases/:caseNumber');
  });

  it('is "unmatched" when no controller route matched (no route, or a middleware mounted for every method)', () => {
    expect(routeLabel({ route: undefined, baseUrl: '' } as never)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ route: { path: '/{*path}', methods: { get: true, post: true, put: true } }, baseUrl: '' } as never)).toBe(UNMATCHED_ROUTE);
  });
});

describe('MetricsService', () => {
  // The failing-collect case logs a warning on purpose.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('keeps one registry per instance, so several nodes in one process do not collide', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.gauge({ name: 'liandong_test_value', help: 'test', collect: () => [{ value: 1 }] });
    b.gauge({ name: 'liandong_test_value', help: 'test', collect: () => [{ value: 2 }] });
    expect((await a.exposition()).body).toContain('liandong_test_value 1\n');
    expect((await b.exposition()).body).toContain('liandong_test_value 2\n');
  });

  it('collects a gauge at every scrape and forgets label sets that are gone', async () => {
    const metrics = new MetricsService();
    let open: Array<[string, number]> = [['yellow', 2], ['red', 1]];
    metrics.gauge({ name: 'liandong_test_cards', help: 'cards by kind', labelNames: ['kind'], collect: async () => open.map(([kind, value]) => ({ labels: { kind }, value })) });
    expect((await metrics.exposition()).body).toMatch(/liandong_test_cards\{kind="yellow"\} 2\nliandong_test_cards\{kind="red"\} 1\n/);
    open = [['red', 3]];
    const body = (await metrics.exposition()).body;
    expect(body).toContain('liandong_test_cards{kind="red"} 3\n');
    expect(body).not.toContain('kind="yellow"');
  });

  it('leaves a gauge whose collect fails empty (NaN without labels) and still exposes the others', async () => {
    const metrics = new MetricsService();
    metrics.gauge({ name: 'liandong_test_broken', help: 'fails', collect: () => Promise.reject(new Error('database down')) });
    metrics.gauge({ name: 'liandong_test_broken_by_kind', help: 'fails', labelNames: ['kind'], collect: () => { throw new Error('database down'); } });
    metrics.gauge({ name: 'liandong_test_fine', help: 'works', collect: () => [{ value: 7 }] });
    const { body, contentType } = await metrics.exposition();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('liandong_test_fine 7\n');
    expect(body).toMatch(/^liandong_test_broken nan$/im); // prom-client writes Nan, which Prometheus parses as NaN
    expect(body).not.toMatch(/^liandong_test_broken_by_kind/m);
  });

  it('reads a counter’s totals at each scrape and keeps the last ones when its collect fails', async () => {
    const metrics = new MetricsService();
    let applied: number | null = 5;
    metrics.collectedCounter({
      name: 'liandong_test_applied_total',
      help: 'applied',
      labelNames: ['outcome'],
      collect: () => {
        if (applied === null) throw new Error('not available');
        return [{ labels: { outcome: 'applied' }, value: applied }];
      },
    });
    expect((await metrics.exposition()).body).toContain('liandong_test_applied_total{outcome="applied"} 5\n');
    applied = 8;
    expect((await metrics.exposition()).body).toContain('liandong_test_applied_total{outcome="applied"} 8\n');
    applied = null;
    expect((await metrics.exposition()).body).toContain('liandong_test_applied_total{outcome="applied"} 8\n');
  });

  it('refuses a name registered twice', () => {
    const metrics = new MetricsService();
    metrics.counter({ name: 'liandong_test_total', help: 'x' });
    expect(() => metrics.counter({ name: 'liandong_test_total', help: 'x' })).toThrow(/already been registered/);
  });
});
