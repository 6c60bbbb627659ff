import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * The few SQL calls the API's own tables need (accounts, sessions, invitations), on the
 * read-model database: SQLite or PostgreSQL. Placeholders are `?`; PostgreSQL gets `$n`.
 */
export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<number>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export const openSql = (url: string): Sql => {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    pool.on('error', () => undefined);
    return {
      dialect: 'postgres',
      all: async <Row>(sql: string, params: unknown[] = []) => (await pool.query(numbered(sql), params)).rows as Row[],
      run: async (sql, params = []) => (await pool.query(numbered(sql), params)).rowCount ?? 0,
      exec: async (sql) => {
        await pool.query(sql);
      },
      close: () => pool.end(),
    };
  }
  const filename = url.replace(/^sqlite:(\/\/)?/, '');
  if (filename !== ':memory:') mkdirSync(dirname(resolve(filename)), { recursive: true });
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const bind = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p));
  return {
    dialect: 'sqlite',
    all: async <Row>(sql: string, params: unknown[] = []) => prepare(sql).all(...bind(params)) as Row[],
    run: async (sql, params = []) => prepare(sql).run(...bind(params)).changes,
    exec: async (sql) => {
      db.exec(sql);
    },
    close: async () => {
      db.close();
    },
  };
};
