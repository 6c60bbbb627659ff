-- The committee seats a person holds, so erasing the person blanks their name there too.

alter table "person" add column "committee_user_ids" jsonb null;
