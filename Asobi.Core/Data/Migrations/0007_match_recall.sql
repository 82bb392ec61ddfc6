-- Matches across the cluster.
--
-- Matched players who had no socket anywhere when their match formed: a ticket remembers when its player was told
-- of the match (match.matched reached a socket); a ticket still untold is told when a socket of its player next
-- authenticates, within the seat grace period. Tickets matched before this migration count as told.
ALTER TABLE matchmaker_tickets ADD COLUMN notified_at timestamptz;
UPDATE matchmaker_tickets SET notified_at = updated_at WHERE status = 'matched';
CREATE INDEX matchmaker_tickets_untold ON matchmaker_tickets (player_id) WHERE status = 'matched' AND notified_at IS NULL;

-- match.find_or_create looks cluster-wide for the oldest running match of a mode with a free seat.
CREATE INDEX match_records_running_by_mode ON match_records (mode, created_at) WHERE status = 'running';
