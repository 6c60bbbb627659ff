-- An eligible application in a confirmed pair shows as matched; the pairs it is in are kept on
-- the row (src/read-models/application.projection.ts). Filled here from the match board, as the
-- projection would have written it, so no rebuild is needed: one pass over the confirmed pairs,
-- grouped by application, joined on the application's key.

alter table "application" add column "pair_ids" json null;

update "application" set "pair_ids" = p."ids"
from (
  select "tenant", "application_id", json_group_array("entry_id" order by "entry_id") as "ids"
  from (
    select "tenant", "mentor_application_id" as "application_id", "entry_id" from "match_board_entry" where "kind" = 'pair' and "status" = 'confirmed'
    union all
    select "tenant", "mentee_application_id" as "application_id", "entry_id" from "match_board_entry" where "kind" = 'pair' and "status" = 'confirmed'
  ) as x
  group by "tenant", "application_id"
) as p
where "application"."tenant" = p."tenant" and "application"."application_id" = p."application_id";

update "application" set "status" = 'matched' where "status" = 'eligible' and "pair_ids" is not null;
