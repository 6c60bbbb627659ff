-- States of a program's replay at checkpoints, so as-of queries replay only the tail (src/as-of.ts).

create table "program_replay_snapshot" (
  "tenant" text not null,
  "program_id" text not null,
  "checkpoint" text not null,
  "max_recorded_at" text not null,
  "events" integer not null,
  "fingerprint" text not null,
  "created_at" text not null,
  "state" text not null,
  primary key ("tenant", "program_id", "checkpoint", "fingerprint")
);
