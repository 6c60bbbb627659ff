-- The audit index is keyed by (tenant, checkpoint) instead of (tenant, event_id): a checkpoint is as
-- unique as an event id, and every query reads in checkpoint order, so the key replaces the
-- (tenant, checkpoint) index (src/read-models/audit.projection.ts). One B-tree fewer to keep up per
-- event: loading 300k rows cost the server 20% less CPU (docs/architecture.md).

alter table "audit_event" drop constraint "audit_event_pkey";
alter table "audit_event" add constraint "audit_event_pkey" primary key ("tenant", "checkpoint");
drop index "audit_event_tenant_checkpoint_index";
