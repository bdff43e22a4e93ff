import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '@liandong/shared';
import { readSeedUsers } from './seed-users';

describe('seed users', () => {
  it('has one demo user per role in demo/users.json, and a station for the village assistant only', () => {
    const users = readSeedUsers();
    expect(users.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    expect(users.filter((u) => u.station !== undefined).map((u) => u.role)).toEqual(['village_assistant']);
  });

  it('refuses a file with an unknown role', () => {
    const dir = mkdtempSync(join(tmpdir(), 'liandong-seed-users-'));
    try {
      const file = join(dir, 'users.json');
      writeFileSync(file, JSON.stringify({ users: [{ username: 'x', displayName: 'X', role: 'mayor' }] }));
      expect(() => readSeedUsers(file)).toThrow(/users\[0\] needs a username, a displayName and one of the roles/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
