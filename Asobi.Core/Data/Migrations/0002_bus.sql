-- Cluster bus: events too large for one NOTIFY payload (< 8000 bytes) are stored here and only their id is
-- notified. Rows are read within seconds and deleted after a few minutes by every node, so the table is
-- UNLOGGED: no WAL, and losing it on a crash loses nothing the bus promised to keep.
CREATE UNLOGGED TABLE IF NOT EXISTS bus_overflow (
    id bigserial PRIMARY KEY,
    payload text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS bus_overflow_created_at_idx ON bus_overflow (created_at);
