-- Replay states are now stored compressed, one column list per table (src/as-of.ts, STATE_FORMAT).
-- States of the earlier format are never read again (the format is part of their fingerprint): drop them.

delete from "program_replay_snapshot";
