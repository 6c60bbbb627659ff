-- Replay states are stored as frames of 1,000 rows each (src/as-of.ts, STATE_FORMAT).
-- States of the earlier format are never read again (the format is part of their fingerprint): drop them.

delete from "program_replay_snapshot";
