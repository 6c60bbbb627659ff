import type pg from 'pg';

/**
 * Migrations of the PostgreSQL event store, applied in order under an advisory lock.
 *
 * One table. An append is ONE INSERT statement (one row per event; `unnest` of arrays for a
 * batch), autocommitted, and its guarantees are constraints the server checks:
 * - UNIQUE (stream_id, stream_revision): two writers cannot take the same revision of a stream;
 *   the INSERT also requires the stream's previous revision to exist (`WHERE EXISTS`), so a
 *   stream has no gaps and a numeric expected revision is checked by the statement itself.
 * - UNIQUE (tenant, tenant_seq): the tenant's hash chain cannot fork; the INSERT requires the
 *   tenant's head (its highest tenant_seq) to be the link the new one was computed from, seq and
 *   hash (or seq 1 on genesis).
 * - UNIQUE (event_id): a re-sent event is detected; the adapter then replays the stored result.
 * The chain hash is computed in Node (core/hash.ts) from the stream revision and tenant head the
 * adapter caches optimistically: a stale cache only costs a failed statement and a retry.
 *
 * Global order: `global_position` comes from a sequence, handed out before commit, so a reader of
 * `position > checkpoint` would skip a transaction that commits late (Emmett #336, Marten #1629).
 * Readers therefore order by `(transaction_id, global_position)` and only read transactions below
 * `pg_snapshot_xmin(pg_current_snapshot())`: every transaction there has ended, so nothing can
 * appear later below a checkpoint already handed out. The checkpoint is that pair, and the pair is
 * the primary key (the index readers scan). Transactions declared bystanders (migration 2) are
 * left out of that minimum: they never append, so nothing can appear below them either.
 *
 * The metadata fields are columns (read back without JSON parsing); the chain covers
 * `canonicalMetadata()` of them. A statement-level trigger NOTIFYs `tandem_events` to wake
 * subscribers.
 */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE tandem_events (
  global_position bigint      GENERATED ALWAYS AS IDENTITY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid        NOT NULL,
  stream_id       text        NOT NULL,
  stream_revision integer     NOT NULL,
  tenant          text        NOT NULL,
  tenant_seq      bigint      NOT NULL,
  type            text        NOT NULL,
  data            json        NOT NULL,
  personal        json,
  actor           text        NOT NULL,
  correlation_id  text        NOT NULL,
  causation_id    text,
  occurred_at     text        NOT NULL,
  schema_version  integer     NOT NULL,
  correlation_key text,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  hash            text        NOT NULL,
  CONSTRAINT tandem_events_pkey PRIMARY KEY (transaction_id, global_position),
  CONSTRAINT tandem_events_event_id_key UNIQUE (event_id),
  CONSTRAINT tandem_events_stream_revision_key UNIQUE (stream_id, stream_revision),
  CONSTRAINT tandem_events_tenant_seq_key UNIQUE (tenant, tenant_seq)
);
CREATE INDEX tandem_events_tenant ON tandem_events (tenant, transaction_id, global_position);
CREATE INDEX tandem_events_correlation ON tandem_events (correlation_key, transaction_id, global_position) WHERE correlation_key IS NOT NULL;

CREATE FUNCTION tandem_events_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('tandem_events', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER tandem_events_notify AFTER INSERT ON tandem_events FOR EACH STATEMENT EXECUTE FUNCTION tandem_events_notify();
`,
  },
  {
    // Bystanders (see PostgresEventStore.declareBystander): open transactions that never append to
    // the log, so that readers need not wait for them. The horizon is pg_snapshot_xmin without them:
    // the oldest transaction in progress that is not a bystander, else the snapshot's xmax. In
    // PL/pgSQL, whose plan the session keeps: 0.04 ms a call, against 0.1–0.17 ms as an SQL
    // function planned on every call (pg_snapshot_xmin alone: under 0.01 ms).
    version: 2,
    sql: `
CREATE TABLE tandem_log_bystanders (xid xid8 PRIMARY KEY);
CREATE FUNCTION tandem_log_horizon() RETURNS xid8 LANGUAGE plpgsql STABLE AS $fn$
DECLARE horizon xid8;
BEGIN
  SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) INTO horizon
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
   WHERE NOT EXISTS (SELECT 1 FROM tandem_log_bystanders b WHERE b.xid = x);
  RETURN horizon;
END
$fn$;
`,
  },
];

export const migrate = async (client: pg.ClientBase): Promise<void> => {
  await client.query('SELECT pg_advisory_lock(7420001)');
  try {
    await client.query('CREATE TABLE IF NOT EXISTS tandem_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM tandem_schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO tandem_schema_migrations (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(7420001)');
  }
};
