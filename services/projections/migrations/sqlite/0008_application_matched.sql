-- An eligible application in a confirmed pair shows as matched; the pairs it is in are kept on
-- the row (src/read-models/application.projection.ts). Filled here from the match board, as the
-- projection would have written it, so no rebuild is needed.

alter table "application" add column "pair_ids" json null;

update "application" set "pair_ids" = (
  select json_group_array("entry_id" order by "entry_id") from "match_board_entry" as e
  where e."tenant" = "application"."tenant" and e."kind" = 'pair' and e."status" = 'confirmed'
    and "application"."application_id" in (e."mentor_application_id", e."mentee_application_id")
)
where exists (
  select 1 from "match_board_entry" as e
  where e."tenant" = "application"."tenant" and e."kind" = 'pair' and e."status" = 'confirmed'
    and "application"."application_id" in (e."mentor_application_id", e."mentee_application_id")
);

update "application" set "status" = 'matched' where "status" = 'eligible' and "pair_ids" is not null;
