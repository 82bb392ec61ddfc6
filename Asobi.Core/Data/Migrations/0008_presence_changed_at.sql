-- Presence after a bus outage.
--
-- presence.changed travels on the bus and is lost for a node whose listener was away. Every presence write now
-- stamps the row, so a node whose listener reconnects re-reads the presence of its players' friends that changed
-- since it last saw the bus, and delivers what it had not delivered yet (by version). Rows written before this
-- migration count as changed long ago, so the first catch-up after an upgrade does not repeat them all.
ALTER TABLE player_presence ADD COLUMN changed_at timestamptz NOT NULL DEFAULT '-infinity';
ALTER TABLE player_presence ALTER COLUMN changed_at SET DEFAULT now();
CREATE INDEX player_presence_changed ON player_presence (changed_at);
