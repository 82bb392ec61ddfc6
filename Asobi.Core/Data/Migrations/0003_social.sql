-- Social: chat history (partitioned by day), friendships, notifications, presence and groups.

-- Chat messages of every channel (global:, room:, match:, dm:). High volume, so partitioned by day on sent_at;
-- partitions are created ahead and dropped past the retention by asobi_chat_maintain, which every node calls.
CREATE SEQUENCE chat_message_ids;
CREATE TABLE chat_messages (
    id         bigint      NOT NULL DEFAULT nextval('chat_message_ids'),
    channel_id text        NOT NULL,
    sender_id  uuid        NOT NULL,
    content    text        NOT NULL,
    sent_at    timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (sent_at);
CREATE INDEX chat_messages_channel ON chat_messages (channel_id, id DESC);

-- Creates the daily partitions from the day of "at" to days_ahead days later (UTC days) and drops those that ended
-- before at - retention. Idempotent; concurrent callers serialise on an advisory lock.
CREATE FUNCTION asobi_chat_maintain(at timestamptz, days_ahead integer, retention interval) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day date;
    child record;
    upper_bound timestamptz;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('asobi_chat_maintain'));
    FOR i IN 0..days_ahead LOOP
        day := (at AT TIME ZONE 'UTC')::date + i;
        EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF chat_messages FOR VALUES FROM (%L) TO (%L)',
            'chat_messages_p' || to_char(day, 'YYYYMMDD'),
            (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    END LOOP;
    FOR child IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'chat_messages'::regclass AND c.relname ~ '^chat_messages_p[0-9]{8}$'
    LOOP
        upper_bound := ((to_date(substring(child.relname from 16), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC');
        IF upper_bound <= at - retention THEN
            EXECUTE format('DROP TABLE %I', child.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END
$$;
SELECT asobi_chat_maintain(now(), 7, interval '30 days');

-- Friendships: one row per pair of players, written by the requester (player_id) to the recipient (friend_id).
-- pending → accepted by the recipient; blocked by either side (blocked_by says who, only they can lift it).
CREATE TABLE friendships (
    player_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    friend_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    status     text        NOT NULL CHECK (status IN ('pending', 'accepted', 'blocked')),
    blocked_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, friend_id),
    CHECK (player_id <> friend_id)
);
CREATE UNIQUE INDEX friendships_pair ON friendships (least(player_id, friend_id), greatest(player_id, friend_id));
CREATE INDEX friendships_friend ON friendships (friend_id);

CREATE TABLE notifications (
    id         uuid        PRIMARY KEY,
    player_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    type       text        NOT NULL,
    subject    text        NOT NULL,
    content    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    sent_at    timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX notifications_player ON notifications (player_id, sent_at DESC);

-- Presence: which node holds sockets of which player. A player is online while a row exists on a live node
-- (cluster_nodes.last_seen fresh); rows of dead nodes are reaped by the survivors.
CREATE TABLE presence_sockets (
    node_id   text        NOT NULL,
    player_id uuid        NOT NULL,
    since     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, node_id)
);
CREATE INDEX presence_sockets_node ON presence_sockets (node_id);

-- Per player: the status text last set, when they were last seen online, and a version that every presence write
-- raises, so nodes can drop announcements that arrive out of order from different nodes.
CREATE TABLE player_presence (
    player_id  uuid        PRIMARY KEY REFERENCES players (id) ON DELETE CASCADE,
    status     text        NOT NULL DEFAULT 'online',
    last_seen  timestamptz NOT NULL DEFAULT now(),
    version    bigint      NOT NULL DEFAULT 0
);

CREATE TABLE groups (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    open        boolean     NOT NULL DEFAULT true,
    max_members integer     NOT NULL DEFAULT 100,
    created_by  uuid        NOT NULL REFERENCES players (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX groups_name_key ON groups (lower(name));

-- role: 0 member, 1 moderator, 2 admin, 3 owner. invited: a closed group's invitation not yet taken up.
CREATE TABLE group_members (
    group_id  uuid        NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    player_id uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    role      smallint    NOT NULL DEFAULT 0 CHECK (role BETWEEN 0 AND 3),
    invited   boolean     NOT NULL DEFAULT false,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, player_id)
);
CREATE INDEX group_members_player ON group_members (player_id);
