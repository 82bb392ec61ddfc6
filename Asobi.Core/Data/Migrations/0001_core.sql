-- Accounts, auth sessions, server secrets and the node registry.

CREATE TABLE players (
    id            uuid        PRIMARY KEY,
    username      text        NOT NULL,
    display_name  text        NOT NULL,
    password_hash text,
    is_guest      boolean     NOT NULL DEFAULT false,
    metadata      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX players_username_key ON players (lower(username));

-- Guest devices: a device id and a secret (hashed) resume the same guest player.
CREATE TABLE player_devices (
    device_id   text        PRIMARY KEY,
    player_id   uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    secret_hash text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A session is one login: the family of refresh tokens it issued and the access tokens that name it.
CREATE TABLE auth_sessions (
    id            uuid        PRIMARY KEY,
    player_id     uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoke_reason text
);
CREATE INDEX auth_sessions_player_live ON auth_sessions (player_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash bytea       PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Secrets every process must agree on (e.g. the token signing key), created once by whoever starts first.
CREATE TABLE server_secrets (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cluster_nodes (
    node_id    text        PRIMARY KEY,
    url        text        NOT NULL,
    started_at timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    sockets    integer     NOT NULL DEFAULT 0,
    players    integer     NOT NULL DEFAULT 0,
    matches    integer     NOT NULL DEFAULT 0
);
