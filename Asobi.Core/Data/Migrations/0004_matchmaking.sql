-- Matchmaking: tickets, the leader's fencing epoch, matchmaker instances, match records and player match stats.

-- A ticket is one player's place in a mode's queue; it survives node and matchmaker restarts.
CREATE TABLE matchmaker_tickets (
    ticket_id  uuid        PRIMARY KEY,
    player_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    mode       text        NOT NULL,
    properties jsonb       NOT NULL DEFAULT '{}'::jsonb,
    party_id   text,
    node_id    text,                                  -- where the player's socket was when queued (placement prefers it)
    status     text        NOT NULL DEFAULT 'pending', -- pending | matched | removed | expired | failed
    match_id   uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX matchmaker_tickets_one_live ON matchmaker_tickets (player_id, mode) WHERE status = 'pending';
CREATE INDEX matchmaker_tickets_pending ON matchmaker_tickets (mode, created_at) WHERE status = 'pending';

-- The leader's fencing token: taking the lead bumps the epoch; every write of a leader checks it in the same statement.
CREATE TABLE matchmaker_leadership (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    epoch       bigint      NOT NULL,
    instance_id text,
    since       timestamptz
);
INSERT INTO matchmaker_leadership (id, epoch) VALUES (1, 0);

CREATE TABLE matchmaker_instances (
    instance_id text        PRIMARY KEY,
    host        text        NOT NULL,
    pid         integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL
);

-- Every match, live or done: placing (waiting for its host) | running | finished | aborted (host died) | failed (never placed).
CREATE TABLE match_records (
    match_id    uuid        PRIMARY KEY,
    mode        text        NOT NULL,
    node_id     text        NOT NULL,
    status      text        NOT NULL,
    players     uuid[]      NOT NULL,
    teams       jsonb       NOT NULL DEFAULT '[]'::jsonb,
    max_players integer     NOT NULL,
    attempts    integer     NOT NULL DEFAULT 1,
    epoch       bigint      NOT NULL DEFAULT 0,
    placed_at   timestamptz NOT NULL DEFAULT now(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz,
    result      jsonb
);
CREATE INDEX match_records_live ON match_records (node_id) WHERE status IN ('placing', 'running');
CREATE INDEX match_records_finished ON match_records (finished_at DESC) WHERE status IN ('finished', 'aborted');

CREATE TABLE player_match_stats (
    player_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    mode       text        NOT NULL,
    played     integer     NOT NULL DEFAULT 0,
    wins       integer     NOT NULL DEFAULT 0,
    last_match uuid,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, mode)
);
