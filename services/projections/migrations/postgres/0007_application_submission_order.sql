-- The applications list pages in submission order: an index in that order reads one page's rows
-- instead of sorting the whole program for every page (src/queries.ts, listApplications).

create index "application_tenant_programid_submittedat_applicationid_index" on "application" ("tenant", "program_id", "submitted_at", "application_id");
