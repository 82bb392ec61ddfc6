-- Operator broadcasts: one row per broadcast, however many players there are. Every player created before a
-- broadcast sees it among their notifications; what they do with it (read, delete) is a receipt row written only
-- when they act, so sending writes nothing per player.
CREATE TABLE notification_broadcasts (
    id      uuid        PRIMARY KEY,
    type    text        NOT NULL,
    subject text        NOT NULL,
    content jsonb       NOT NULL DEFAULT '{}'::jsonb,
    sent_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_broadcasts_sent_at ON notification_broadcasts (sent_at DESC);

-- A player's state of one broadcast; no row means unread and not deleted.
CREATE TABLE notification_broadcast_receipts (
    player_id    uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    broadcast_id uuid        NOT NULL REFERENCES notification_broadcasts (id) ON DELETE CASCADE,
    read_at      timestamptz,
    deleted_at   timestamptz,
    PRIMARY KEY (player_id, broadcast_id)
);

-- After a bus outage a node re-reads the chat messages stored in the last seconds (see ChatCatchUp). A BRIN index
-- on sent_at finds them without scanning the day's partition, and costs next to nothing on insert (rows arrive in
-- sent_at order).
CREATE INDEX chat_messages_sent_at ON chat_messages USING brin (sent_at);
