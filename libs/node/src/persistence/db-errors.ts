/** A unique or primary-key violation on SQLite (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY) or PostgreSQL (23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string } } | null)?.driverError?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
