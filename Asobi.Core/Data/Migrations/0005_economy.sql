-- Leaderboards, the economy ledger and player storage.

-- One row per (board, period, player). A period is named by its end (the next scheduled reset; 9999-12-31 for
-- boards that never reset), so a reset needs no write: new scores go to the new period and finished periods stay
-- here as the archive. version grows with every change, so nodes applying bus events out of order keep the newest;
-- reached_at breaks ties (earlier first).
CREATE TABLE leaderboard_records (
    leaderboard_id text        NOT NULL,
    period_end     timestamptz NOT NULL,
    player_id      uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    score          bigint      NOT NULL,
    reached_at     timestamptz NOT NULL,
    version        bigint      NOT NULL,
    PRIMARY KEY (leaderboard_id, period_end, player_id)
);
-- Nodes catch up on recent changes (events the bus could not send) by reached_at.
CREATE INDEX leaderboard_records_recent ON leaderboard_records (leaderboard_id, period_end, reached_at);

-- Wallets: the balance per (player, currency); the CHECK is the last line of defence against overdraft.
CREATE TABLE wallets (
    player_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    currency   text        NOT NULL,
    balance    bigint      NOT NULL CHECK (balance >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, currency)
);

-- The ledger: every wallet change, with the balance it left. High volume, so range-partitioned by month; the
-- node creates the current and next month's partitions at start and daily, the default partition catches the rest.
CREATE TABLE transactions (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    player_id     uuid        NOT NULL,
    currency      text        NOT NULL,
    amount        bigint      NOT NULL,
    balance_after bigint      NOT NULL,
    reason        text        NOT NULL,
    reference     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (created_at, id)
) PARTITION BY RANGE (created_at);
CREATE TABLE transactions_default PARTITION OF transactions DEFAULT;
CREATE INDEX transactions_player_currency ON transactions (player_id, currency, created_at DESC);

-- Idempotency keys of mutating economy calls: inserted in the same statement as the effect, so a retry either
-- finds the stored result or performs the effect, never both.
CREATE TABLE economy_idempotency (
    player_id  uuid        NOT NULL,
    key        text        NOT NULL,
    operation  text        NOT NULL,
    result     jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, key)
);

-- Stackable items: one row per (player, item) with a quantity.
CREATE TABLE inventory (
    player_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    item_id    text        NOT NULL,
    quantity   bigint      NOT NULL CHECK (quantity >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, item_id)
);

-- Cloud saves: one document per (player, slot) with an optimistic version.
CREATE TABLE saves (
    player_id  uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    slot       text        NOT NULL,
    data       jsonb       NOT NULL,
    version    bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, slot)
);

-- Key/value objects: one namespace per collection; the creator owns an object, permissions say who else may
-- read or write it.
CREATE TABLE storage_objects (
    collection       text        NOT NULL,
    key              text        NOT NULL,
    owner_id         uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    value            jsonb       NOT NULL,
    version          bigint      NOT NULL,
    read_permission  text        NOT NULL CHECK (read_permission IN ('public', 'owner')),
    write_permission text        NOT NULL CHECK (write_permission IN ('public', 'owner')),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, key)
);

-- Tournaments: entries per run (a run is named by its end), a per-run entry counter that joins update
-- conditionally (so concurrent joins never pass the maximum), and payouts: the winners are frozen by the first
-- node to insert the row, rewards are granted with idempotency keys, paid_at marks the run done.
CREATE TABLE tournament_entries (
    tournament_id text        NOT NULL,
    ends_at       timestamptz NOT NULL,
    player_id     uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    joined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tournament_id, ends_at, player_id)
);

CREATE TABLE tournament_runs (
    tournament_id text        NOT NULL,
    ends_at       timestamptz NOT NULL,
    entries       integer     NOT NULL,
    PRIMARY KEY (tournament_id, ends_at)
);

CREATE TABLE tournament_payouts (
    tournament_id text        NOT NULL,
    ends_at       timestamptz NOT NULL,
    winners       jsonb       NOT NULL,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    paid_at       timestamptz,
    PRIMARY KEY (tournament_id, ends_at)
);
