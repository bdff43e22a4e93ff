import { findNatsServer, planNatsInstall } from './nats-server';

describe('planNatsInstall', () => {
  it('installs the Debian package as root on a Debian-family system', () => {
    const plan = planNatsInstall(true, true);
    expect(plan.kind).toBe('install');
    expect(plan.kind === 'install' && plan.command.join(' ')).toContain('apt-get install -y nats-server');
  });

  it('tells the one command to run otherwise', () => {
    expect(planNatsInstall(false, true)).toEqual({ kind: 'tell', command: 'sudo apt-get install -y nats-server' });
    expect(planNatsInstall(true, false).kind).toBe('tell');
  });
});

describe('findNatsServer', () => {
  it('reports a missing binary as null', () => {
    expect(findNatsServer({ NATS_SERVER_BIN: '/nonexistent/nats-server' })).toBeNull();
  });
});
