-- Replay states no longer repeat each row's key or the columns equal on every row (src/as-of.ts, STATE_FORMAT).
-- States of the earlier format are never read again (the format is part of their fingerprint): drop them.

delete from "program_replay_snapshot";
