import type pg from 'pg';

/**
 * Migrations of the PostgreSQL event store, applied in order under an advisory lock.
 *
 * Global order: `global_position` comes from a sequence, handed out before commit, so a reader of
 * `position > checkpoint` would skip a transaction that commits late (Emmett #336, Marten #1629).
 * Readers therefore order by `(transaction_id, global_position)` and only read transactions below
 * `pg_snapshot_xmin(pg_current_snapshot())`: every transaction there has ended, so nothing can
 * appear later below a checkpoint already handed out. The checkpoint is that pair.
 *
 * Appends run in `tandem_append`, one round trip: the tenant's head row is locked first (one
 * lock order, no deadlocks), then the stream's; the chain hash is computed in SQL over the same
 * bytes as core/hash.ts.
 */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE tandem_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid        NOT NULL UNIQUE,
  stream_id       text        NOT NULL,
  stream_revision integer     NOT NULL,
  tenant          text        NOT NULL,
  tenant_seq      bigint      NOT NULL,
  type            text        NOT NULL,
  correlation_key text,
  data            json        NOT NULL,
  personal        json,
  metadata        json        NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  hash            text        NOT NULL,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX tandem_events_order ON tandem_events (transaction_id, global_position);
CREATE INDEX tandem_events_tenant ON tandem_events (tenant, transaction_id, global_position);
CREATE INDEX tandem_events_correlation ON tandem_events (correlation_key, transaction_id, global_position) WHERE correlation_key IS NOT NULL;

CREATE TABLE tandem_streams (
  stream_id text    PRIMARY KEY,
  tenant    text    NOT NULL,
  revision  integer NOT NULL
);

CREATE TABLE tandem_tenants (
  tenant    text   PRIMARY KEY,
  seq       bigint NOT NULL,
  head_hash text   NOT NULL
);

CREATE FUNCTION tandem_append(
  p_stream text, p_tenant text, p_expected text,
  p_event_ids uuid[], p_types text[], p_correlation_keys text[],
  p_data text[], p_personal text[], p_metadata text[]
) RETURNS TABLE (event_id uuid, stream_revision integer, global_position bigint, transaction_id text, replayed boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_n        integer := cardinality(p_event_ids);
  v_current  integer;
  v_seq      bigint;
  v_hash     text;
  v_revs     integer[] := '{}';
  v_seqs     bigint[]  := '{}';
  v_hashes   text[]    := '{}';
  v_found    integer;
BEGIN
  INSERT INTO tandem_tenants AS t (tenant, seq, head_hash) VALUES (p_tenant, 0, repeat('0', 64)) ON CONFLICT (tenant) DO NOTHING;
  SELECT t.seq, t.head_hash INTO v_seq, v_hash FROM tandem_tenants t WHERE t.tenant = p_tenant FOR UPDATE;
  INSERT INTO tandem_streams AS s (stream_id, tenant, revision) VALUES (p_stream, p_tenant, -1) ON CONFLICT (stream_id) DO NOTHING;
  SELECT s.revision INTO v_current FROM tandem_streams s WHERE s.stream_id = p_stream FOR UPDATE;

  -- Idempotency, checked under the locks so a concurrent identical append is seen.
  SELECT count(*) INTO v_found FROM tandem_events e WHERE e.event_id = ANY (p_event_ids);
  IF v_found > 0 THEN
    SELECT count(*) INTO v_found
      FROM unnest(p_event_ids) WITH ORDINALITY AS u (id, ord)
      JOIN tandem_events e ON e.event_id = u.id AND e.stream_id = p_stream
     WHERE e.stream_revision - u.ord = (SELECT f.stream_revision - 1 FROM tandem_events f WHERE f.event_id = p_event_ids[1]);
    IF v_found <> v_n THEN
      RAISE EXCEPTION USING ERRCODE = 'TD422', MESSAGE = 'tandem: event ids match no earlier append of this stream';
    END IF;
    RETURN QUERY SELECT e.event_id, e.stream_revision, e.global_position, e.transaction_id::text, true
      FROM tandem_events e WHERE e.event_id = ANY (p_event_ids) AND e.stream_id = p_stream ORDER BY e.stream_revision;
    RETURN;
  END IF;

  IF (p_expected = 'no_stream' AND v_current <> -1)
     OR (p_expected = 'exists' AND v_current = -1)
     OR (p_expected ~ '^[0-9]+$' AND v_current <> p_expected::integer) THEN
    RAISE EXCEPTION USING ERRCODE = 'TD409', MESSAGE = 'tandem: wrong expected revision', DETAIL = v_current::text;
  END IF;

  FOR i IN 1 .. v_n LOOP
    v_current := v_current + 1;
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(
      v_hash || E'\\n' || p_event_ids[i]::text || E'\\n' || p_types[i] || E'\\n' || p_stream || E'\\n' || v_current::text || E'\\n'
      || v_seq::text || E'\\n' || p_metadata[i] || E'\\n' || p_data[i] || E'\\n' || coalesce(p_personal[i], ''), 'UTF8')), 'hex');
    v_revs := v_revs || v_current;
    v_seqs := v_seqs || v_seq;
    v_hashes := v_hashes || v_hash;
  END LOOP;

  RETURN QUERY
    INSERT INTO tandem_events AS e (event_id, stream_id, stream_revision, tenant, tenant_seq, type, correlation_key, data, personal, metadata, hash)
    SELECT u.id, p_stream, u.rev, p_tenant, u.seq, u.type, u.ck, u.data::json, u.personal::json, u.metadata::json, u.hash
      FROM unnest(p_event_ids, v_revs, v_seqs, p_types, p_correlation_keys, p_data, p_personal, p_metadata, v_hashes)
        AS u (id, rev, seq, type, ck, data, personal, metadata, hash)
    RETURNING e.event_id, e.stream_revision, e.global_position, e.transaction_id::text, false;

  UPDATE tandem_streams s SET revision = v_current WHERE s.stream_id = p_stream;
  UPDATE tandem_tenants t SET seq = v_seq, head_hash = v_hash WHERE t.tenant = p_tenant;
  PERFORM pg_notify('tandem_events', p_tenant);
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
