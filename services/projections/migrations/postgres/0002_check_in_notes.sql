-- Check-in notes (the mentee's personal data, decrypted) and, per person, the check-ins that carry them, so erasure can blank them.

alter table "check_in" add column "notes" text null;

create table "check_in_notes" (
  "tenant" text not null,
  "person_id" text not null,
  "check_ins" jsonb not null,
  "updated_at" text not null,
  constraint "check_in_notes_pkey" primary key ("tenant", "person_id")
);
