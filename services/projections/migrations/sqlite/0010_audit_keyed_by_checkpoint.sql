-- The audit index is keyed by (tenant, checkpoint) instead of (tenant, event_id): a checkpoint is as
-- unique as an event id, and every query reads in checkpoint order, so the key replaces the
-- (tenant, checkpoint) index (src/read-models/audit.projection.ts). One B-tree fewer to keep up per
-- event (docs/architecture.md).
-- SQLite cannot change a primary key in place: the rows move to a new table. Dropping the old table
-- drops its indexes under whichever names a rebuild gave them (src/rebuild.ts, sqliteIndexNames).

create table "audit_event__migrating" (
  "tenant" text not null,
  "event_id" text not null,
  "checkpoint" text not null,
  "type" text not null,
  "stream_id" text not null,
  "stream_revision" integer not null,
  "program_id" text null,
  "actor" text not null,
  "correlation_id" text not null,
  "occurred_at" text not null,
  "recorded_at" text not null,
  primary key ("tenant", "checkpoint")
);
insert into "audit_event__migrating" ("tenant", "event_id", "checkpoint", "type", "stream_id", "stream_revision", "program_id", "actor", "correlation_id", "occurred_at", "recorded_at")
  select "tenant", "event_id", "checkpoint", "type", "stream_id", "stream_revision", "program_id", "actor", "correlation_id", "occurred_at", "recorded_at"
  from "audit_event" order by "tenant", "checkpoint";
drop table "audit_event";
alter table "audit_event__migrating" rename to "audit_event";
create index "audit_event_tenant_programid_checkpoint_index" on "audit_event" ("tenant", "program_id", "checkpoint");
create index "audit_event_tenant_streamid_index" on "audit_event" ("tenant", "stream_id");
create index "audit_event_tenant_actor_index" on "audit_event" ("tenant", "actor");
