import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { EntityManager, MikroORM, Transaction } from '@mikro-orm/core';
import type { AbstractSqlConnection, SqlEntityManager } from '@mikro-orm/sql';
import { truncateSqliteWal } from '@tandem/domain';
import type { BystanderClient } from '@tandem/eventstore';
import type { Submittable } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Column, columnsOf, type Row, type TableDef } from '../core/table';
import { BackgroundWriter, SQLITE_BULK_PRAGMAS } from '../writers/background-writer';
import type { Dialect } from './ddl';
import { allEntities } from './entities';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface ReadModelsOptions {
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** MikroORM's SQL log (default false). */
  debug?: boolean;
}

/**
 * The read models the server and the CLI open unless told otherwise: `READMODELS_URL`, else
 * `DATABASE_URL` (PostgreSQL for both, as the README configures it), else the embedded file in the
 * data folder. An empty variable counts as unset. The CLI's default once left out `DATABASE_URL`,
 * so `tandem projections rebuild` beside a server on PostgreSQL rebuilt a SQLite file of its own.
 */
export const defaultReadModelsUrl = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env.READMODELS_URL || env.DATABASE_URL || `sqlite:${resolve(env.TANDEM_DATA_DIR || 'data', 'readmodels.sqlite')}`;

/**
 * The read-model database: MikroORM 7 over SQLite (better-sqlite3) or PostgreSQL. Everything,
 * raw SQL included, goes through MikroORM's connection, so transactions and SQLite's single
 * connection are shared with the entity manager.
 */
export class ReadModels {
  private constructor(
    readonly orm: MikroORM,
    readonly dialect: Dialect,
    readonly url: string,
  ) {}

  static async open(url: string = defaultReadModelsUrl(), options: ReadModelsOptions = {}): Promise<ReadModels> {
    const entities = allEntities();
    let orm: MikroORM;
    let dialect: Dialect;
    if (/^postgres(ql)?:\/\//.test(url)) {
      const { MikroORM: PgOrm } = await import('@mikro-orm/postgresql');
      orm = (await PgOrm.init({ clientUrl: url, entities, debug: options.debug ?? false, pool: { max: 6 } })) as unknown as MikroORM;
      dialect = 'postgres';
    } else if (url.startsWith('sqlite:') || !url.includes('://')) {
      const filename = url.replace(/^sqlite:(\/\/)?/, '');
      if (!filename) throw new Error('the SQLite URL names no file: use sqlite:./data/readmodels.sqlite or sqlite::memory:');
      if (filename !== ':memory:') {
        const { mkdirSync } = await import('node:fs');
        mkdirSync(dirname(resolve(filename)), { recursive: true });
      }
      const { MikroORM: SqliteOrm } = await import('@mikro-orm/sqlite');
      orm = (await SqliteOrm.init({
        dbName: filename === ':memory:' ? filename : resolve(filename),
        entities,
        debug: options.debug ?? false,
      })) as unknown as MikroORM;
      dialect = 'sqlite';
    } else {
      throw new Error(`read-model URL "${url}" is not understood: use sqlite:<file>, sqlite::memory: or postgres://…`);
    }
    const db = new ReadModels(orm, dialect, url);
    if (dialect === 'sqlite') {
      // secure_delete: updated and deleted rows (an erased person's name) are overwritten, not left in free space.
      for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 5000', 'secure_delete = ON']) await db.execute(`pragma ${pragma}`);
    }
    if (options.migrate ?? true) await db.migrate();
    return db;
  }

  /** A fresh entity manager (MikroORM's unit of work); the API layer queries through it. */
  em(): SqlEntityManager {
    return this.orm.em.fork() as unknown as SqlEntityManager;
  }

  get connection(): AbstractSqlConnection {
    return this.orm.em.getConnection() as unknown as AbstractSqlConnection;
  }

  /** Raw SQL with `?` placeholders, through MikroORM's connection (inside `em`'s transaction when given). */
  async execute<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], em?: EntityManager): Promise<T[]> {
    if (!em && this.dialect === 'sqlite' && /^\s*(select|with)\b/i.test(sql)) {
      const reader = await this.sqliteReader();
      if (reader) return reader(sql, params) as T[];
    }
    const ctx = em?.getTransactionContext<Transaction>();
    return (await this.connection.execute(sql, params, 'all', ctx)) as unknown as T[];
  }

  private reader: ((sql: string, params: readonly unknown[]) => unknown[]) | null | undefined;

  /**
   * Reads outside a transaction on a file database go through a read connection of their own
   * with cached prepared statements: MikroORM's driver prepares every statement anew, which was
   * the largest single cost of the applications query under load (4.5% of the server's CPU).
   */
  private async sqliteReader(): Promise<((sql: string, params: readonly unknown[]) => unknown[]) | null> {
    if (this.reader !== undefined) return this.reader;
    const native = await this.sqliteFile();
    if (!native) {
      this.reader = null;
      return null;
    }
    const filename = native.name;
    const Database = (native as object).constructor as new (
      file: string,
      options?: { readonly?: boolean },
    ) => { prepare(sql: string): { all(...params: unknown[]): unknown[] }; pragma(p: string): unknown; close(): void };
    const db = new Database(filename, { readonly: true });
    db.pragma('busy_timeout = 5000');
    const cache = new Map<string, { all(...params: unknown[]): unknown[] }>();
    this.readConnection = db;
    this.reader = (sql, params) => {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size > 500) cache.clear();
        statement = db.prepare(sql);
        cache.set(sql, statement);
      }
      return statement.all(...params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)));
    };
    return this.reader;
  }

  private readConnection: { close(): void } | undefined;

  /** A statement whose rows do not matter (DDL, inserts); returns affected rows. */
  async run(sql: string, params: readonly unknown[] = [], em?: EntityManager): Promise<number> {
    const ctx = em?.getTransactionContext<Transaction>();
    const result = (await this.connection.execute(sql, params, 'run', ctx)) as unknown as { affectedRows?: number };
    return result?.affectedRows ?? 0;
  }

  /**
   * Runs `work` with a statement runner on the database driver itself (better-sqlite3 prepared
   * statements, a dedicated `pg` client), in its own transaction: the bulk writer's path, which
   * skips MikroORM's query formatting. SQLite shares MikroORM's single connection, so nothing
   * else may run on it meanwhile (the work is synchronous there).
   */
  async nativeTransaction<T>(work: (run: NativeRun) => Promise<T>, options: { onBegin?: (client: BystanderClient) => Promise<unknown> } = {}): Promise<T> {
    const native = await (this.connection as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient();
    if (this.dialect === 'sqlite') {
      const db = this.sqliteBulkConnection(native as SqliteNative);
      const cache = (this.statements ??= new Map());
      const run: NativeRun = async (sql, params) => {
        let statement = cache.get(sql);
        if (!statement) cache.set(sql, (statement = db.prepare(sql)));
        statement.run(...params);
      };
      db.exec('begin immediate');
      try {
        const result = await work(run);
        db.exec('commit');
        return result;
      } catch (error) {
        db.exec('rollback');
        throw error;
      }
    }
    const client = await (native as { connect(): Promise<PgNative> }).connect();
    const pgSql = new Map<string, string>();
    const run: NativeRun = async (sql, params) => {
      let text = pgSql.get(sql);
      if (!text) {
        let n = 0;
        text = sql.replace(/\?/g, () => `$${++n}`);
        pgSql.set(sql, text);
      }
      await client.query(text, params as unknown[]);
    };
    run.copy = async (sql, text) => {
      await pipeline(Readable.from(text), client.query(copyFrom(sql)));
    };
    // PostgreSQL: each transaction (a `run.commit` starts the next) is handed to `onBegin` first.
    const begin = async () => {
      await client.query('begin');
      await options.onBegin?.(client);
    };
    run.commit = async () => {
      await client.query('commit');
      await begin();
    };
    try {
      await begin();
      const result = await work(run);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private statements: Map<string, { run(...params: unknown[]): unknown }> | undefined;

  /** The driver's connection when this is a SQLite database in a file, else null. */
  private async sqliteFile(): Promise<SqliteFile | null> {
    if (this.dialect !== 'sqlite') return null;
    const native = (await (this.connection as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient()) as SqliteNative & { name?: string };
    return native.name && native.name !== ':memory:' ? (native as SqliteFile) : null;
  }

  /**
   * A writer thread with its own connection to this file database (see BackgroundWriter), or null
   * for an in-memory database or PostgreSQL, whose server already works beside this process. The
   * caller closes it.
   */
  async openBackgroundWriter(options: ConstructorParameters<typeof BackgroundWriter>[1] = {}): Promise<BackgroundWriter | null> {
    const file = await this.sqliteFile();
    return file ? new BackgroundWriter(file.name, options) : null;
  }

  /**
   * A connection of its own to this file database, set up with `pragmas`, for the caller to close;
   * null for an in-memory database or PostgreSQL.
   */
  async openSqliteConnection(pragmas: readonly string[]): Promise<(SqliteNative & { close(): void }) | null> {
    const file = await this.sqliteFile();
    return file ? connectLike(file, pragmas) : null;
  }

  private bulkConnection: (SqliteNative & { close(): void }) | undefined;

  /** A file database gets a connection of its own, so a projector in this process keeps MikroORM's. */
  private sqliteBulkConnection(shared: SqliteNative): SqliteNative {
    const filename = (shared as { name?: string }).name;
    if (!filename || filename === ':memory:' || filename === '') return shared;
    this.bulkConnection ??= connectLike(shared as SqliteFile, SQLITE_BULK_PRAGMAS);
    return this.bulkConnection;
  }

  /**
   * After an erasure: leaves no copy of the blanked personal data in the files. SQLite already
   * overwrites freed space (`secure_delete`); its write-ahead log still holds the old pages until
   * it is checkpointed and truncated. PostgreSQL keeps old row versions until their table is
   * rewritten: `VACUUM FULL` of every table that holds personal data.
   */
  async purgeFreedSpace(tables: readonly TableDef[]): Promise<void> {
    if (this.dialect === 'sqlite') return truncateSqliteWal(async () => (await this.execute('pragma wal_checkpoint(TRUNCATE)'))[0]);
    for (const table of tables.filter((t) => t.personal)) await this.execute(`vacuum full "${table.name}"`);
  }

  async transactional<T>(work: (em: SqlEntityManager) => Promise<T>): Promise<T> {
    return this.em().transactional((em) => work(em as SqlEntityManager));
  }

  /** Applies the checked-in SQL migrations of this dialect that have not run yet, in order. */
  async migrate(): Promise<string[]> {
    const dir = join(MIGRATIONS, this.dialect);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    await this.run('create table if not exists "projection_migrations" ("version" text not null primary key, "applied_at" text not null)');
    const applied: string[] = [];
    await this.transactional(async (em) => {
      // Several API processes may start at once on one PostgreSQL.
      if (this.dialect === 'postgres') await this.execute(`select pg_advisory_xact_lock(hashtext('tandem_projection_migrations'))`, [], em);
      const done = new Set((await this.execute<{ version: string }>('select "version" from "projection_migrations"', [], em)).map((r) => r.version));
      for (const file of files) {
        const version = file.replace(/\.sql$/, '');
        if (done.has(version)) continue;
        const sql = readFileSync(join(dir, file), 'utf8');
        for (const statement of splitStatements(sql)) await this.run(statement, [], em);
        await this.run('insert into "projection_migrations" ("version", "applied_at") values (?, ?)', [version, new Date().toISOString()], em);
        applied.push(version);
      }
    });
    return applied;
  }

  /** Reads rows of a table (or its rebuild twin) in JavaScript values. */
  async rows(table: TableDef, options: { from?: string; where?: string; params?: unknown[]; em?: EntityManager } = {}): Promise<Row[]> {
    const order = table.key.map((k) => `"${columnsOf(table).find((c) => c.name === k)?.field}"`).join(', ');
    const raw = await this.execute(
      `select * from "${options.from ?? table.name}"${options.where ? ` where ${options.where}` : ''} order by ${order}`,
      options.params ?? [],
      options.em,
    );
    return raw.map((r) => fromDb(table, r));
  }

  async close(): Promise<void> {
    this.bulkConnection?.close();
    this.readConnection?.close();
    await this.orm.close(true);
  }
}

/**
 * Runs one statement inside a native transaction. On PostgreSQL it can also `copy`: run a
 * `COPY … FROM STDIN` with the rows as COPY text (see bulk-writer's copyStatement), and `commit`
 * what ran so far, going on in a new transaction.
 */
export type NativeRun = ((sql: string, params: readonly unknown[]) => Promise<void>) & {
  copy?: (sql: string, text: readonly string[]) => Promise<void>;
  commit?: () => Promise<void>;
};
type SqliteNative = { prepare(sql: string): { run(...params: unknown[]): unknown }; exec(sql: string): unknown };
type SqliteFile = SqliteNative & { name: string };

/** Another connection to the file `native` has open, through the same driver (one SQLite library per process), set up with `pragmas`. */
const connectLike = (native: SqliteFile, pragmas: readonly string[]): SqliteNative & { close(): void } => {
  const Database = (native as object).constructor as new (file: string) => SqliteNative & { pragma(p: string): unknown; close(): void };
  const own = new Database(native.name);
  for (const pragma of pragmas) own.pragma(pragma);
  return own;
};
/** A pooled `pg` client, as much of it as the native runner uses (it can declare a bystander: BystanderClient). */
type PgNative = {
  query<Row = unknown>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  query<T extends Submittable>(stream: T): T;
  release(): void;
};

export const splitStatements = (sql: string): string[] =>
  sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);

/** A database row (snake_case columns, SQLite’s 0/1 and JSON text) in JavaScript values: every column, or those given. */
export const fromDb = (table: TableDef, raw: Record<string, unknown>, columns: readonly Column[] = columnsOf(table)): Row => {
  const row: Row = {};
  for (const c of columns) {
    const v = raw[c.field];
    if (v === null || v === undefined) row[c.name] = null;
    else if (c.type === 'json') row[c.name] = typeof v === 'string' ? JSON.parse(v) : v;
    else if (c.type === 'bool') row[c.name] = v === true || v === 1 || v === '1' || v === 't';
    else if (c.type === 'int' || c.type === 'real') row[c.name] = Number(v);
    else row[c.name] = v;
  }
  return row;
};

/** A row as a database parameter list, in column order. */
export const toDbValues = (table: TableDef, row: Row, dialect: Dialect, out: unknown[] = []): unknown[] => {
  for (const c of columnsOf(table)) {
    const v = row[c.name];
    if (v === null || v === undefined) out.push(null);
    else if (c.type === 'json') out.push(JSON.stringify(v));
    else if (c.type === 'bool') out.push(dialect === 'sqlite' ? (v ? 1 : 0) : !!v);
    else out.push(v);
  }
  return out;
};
