import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import request from 'supertest';
import { ROLES, TIERS, type Role, type Tier } from '@liandong/shared';
import { createNodeApp, loadNodeConfig, routeDeclarations, undeclaredRoutes, type RouteDeclaration } from '@liandong/node';

const PASSWORD = 'Matrix-test-pw-2026';

const NODES: Record<Tier, Record<string, string>> = {
  city: { NODE_ID: 'gz-city', REGION_CODE: '440100' },
  district: { NODE_ID: 'conghua', REGION_CODE: '440117', PARENT_ID: 'gz-city' },
  township: { NODE_ID: 'jiekou', REGION_CODE: '440117001', PARENT_ID: 'conghua', CITY_ID: 'gz-city' },
};

/** A value for each route parameter that names nothing on the node (so an allowed call ends in 400 or 404). */
const PARAMS: Record<string, string> = {
  caseId: '00000000-0000-4000-8000-000000000000',
  id: '00000000-0000-4000-8000-000000000000',
  implCode: 'NOSUCHITEM',
  version: '1',
  code: 'NOSUCH',
  year: '2031',
  kind: 'acceptance',
  caseNumber: '440117001-20260302-9999',
  nodeId: 'no-such-node',
};
const urlOf = (route: RouteDeclaration): string =>
  route.path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = PARAMS[name];
    if (value === undefined) throw new Error(`no test value for route parameter :${name} of ${route.method} ${route.path}`);
    return value;
  });

/**
 * The security issue, must show 1: every route × role × tier, generated from the routes' own declarations, so a new
 * route is in the matrix the moment it exists. A role or tier the route does not declare gets the guard's 403; a
 * declared one passes the guard (400 or 404 for the empty request); no token gets 401; public routes open to all.
 */
describe('route × role × tier matrix', () => {
  let dir: string;
  const apps = new Map<Tier, INestApplication>();
  const tokens = new Map<string, string>();
  let routes: RouteDeclaration[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-matrix-'));
    for (const tier of TIERS) {
      const env = { ...NODES[tier], JWT_SECRET: 'matrix-test-secret-at-least-32-chars', DATA_DIR: join(dir, tier), NATS_URL: 'nats://127.0.0.1:1', ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' };
      const app = await createNodeApp(loadNodeConfig(env, tier));
      apps.set(tier, app);
      const server = app.getHttpServer();
      const admin = (await request(server).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
      for (const role of ROLES) {
        const username = `u-${role.replace('_', '-')}`;
        const station = role === 'village_assistant' ? { station: '石坑村政务服务工作站' } : {};
        await request(server).post('/users').set('authorization', `Bearer ${admin}`).send({ username, displayName: role, password: PASSWORD, roles: [role], ...station }).expect(201);
        tokens.set(`${tier}/${role}`, (await request(server).post('/auth/login').send({ username, password: PASSWORD }).expect(200)).body.accessToken as string);
      }
    }
    routes = routeDeclarations(apps.get('city') as INestApplication);
  });

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers every route, and every route declares its roles (or is public)', () => {
    expect(undeclaredRoutes(routes)).toEqual([]);
    expect(routes.length).toBeGreaterThan(60);
    // the same code on every tier: the same routes
    for (const tier of TIERS) expect(routeDeclarations(apps.get(tier) as INestApplication).map((r) => `${r.method} ${r.path}`)).toEqual(routes.map((r) => `${r.method} ${r.path}`));
    // nothing can change or remove the audit log
    expect(routes.filter((r) => r.path.startsWith('/audit')).map((r) => r.method)).toEqual(['GET']);
  });

  it('answers every route × role × tier as declared', async () => {
    const wrong: string[] = [];
    let calls = 0;
    for (const tier of TIERS) {
      const server = (apps.get(tier) as INestApplication).getHttpServer();
      for (const route of routes) {
        const url = urlOf(route);
        const send = (token: string | null) => {
          const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
          const req = request(server)[method](url);
          if (token !== null) req.set('authorization', `Bearer ${token}`);
          return method === 'get' ? req : req.send({});
        };
        const anonymous = await send(null);
        calls++;
        if (route.isPublic ? [401, 403].includes(anonymous.status) || anonymous.status >= 500 : anonymous.status !== 401) {
          wrong.push(`${tier} anonymous ${route.method} ${route.path}: ${anonymous.status}`);
        }
        if (route.isPublic) continue;
        for (const role of ROLES as readonly Role[]) {
          const res = await send(tokens.get(`${tier}/${role}`) as string);
          calls++;
          const allowed = (route.roles ?? []).includes(role) && (route.tiers === null || route.tiers.includes(tier));
          const refused = res.status === 403 && /无权限|不办理此业务/.test(String(res.body.message));
          if (allowed ? refused || res.status === 401 || res.status >= 500 : !refused) {
            wrong.push(`${tier} ${role} ${route.method} ${route.path}: ${res.status} ${JSON.stringify(res.body.message)} (declared ${JSON.stringify(route.roles)} on ${JSON.stringify(route.tiers)})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBe(TIERS.length * routes.reduce((sum, r) => sum + 1 + (r.isPublic ? 0 : ROLES.length), 0));
  });

  it('finds a route that declares nothing (a node with one refuses to boot)', async () => {
    @Controller('forgotten')
    class ForgottenController {
      @Get()
      list(): string {
        return 'should never be served';
      }
    }
    @Module({ imports: [DiscoveryModule], controllers: [ForgottenController] })
    class ProbeModule {}
    const probe = await NestFactory.create(ProbeModule, { logger: false });
    await probe.init();
    expect(undeclaredRoutes(routeDeclarations(probe)).map((r) => `${r.method} ${r.path} ${r.handler}`)).toEqual(['GET /forgotten ForgottenController.list']);
    await probe.close();
  });
});
