-- Users; same tables and meaning as migrations/postgres/0003_users.sql, in SQLite's types as
-- EF Core's SQLite provider reads and writes them: booleans are INTEGER 0/1, times are TEXT.
CREATE TABLE users (
    id                     TEXT NOT NULL PRIMARY KEY,
    user_name              TEXT,
    normalized_user_name   TEXT,
    email                  TEXT,
    normalized_email       TEXT,
    email_confirmed        INTEGER NOT NULL,
    password_hash          TEXT,
    security_stamp         TEXT,
    concurrency_stamp      TEXT,
    phone_number           TEXT,
    phone_number_confirmed INTEGER NOT NULL,
    two_factor_enabled     INTEGER NOT NULL,
    lockout_end            TEXT,
    lockout_enabled        INTEGER NOT NULL,
    access_failed_count    INTEGER NOT NULL,
    created_at             TEXT NOT NULL
);

CREATE UNIQUE INDEX users_normalized_user_name ON users (normalized_user_name);
CREATE INDEX users_normalized_email ON users (normalized_email);

CREATE TABLE user_claims (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    claim_type  TEXT,
    claim_value TEXT
);

CREATE INDEX user_claims_user_id ON user_claims (user_id);

CREATE TABLE user_logins (
    login_provider        TEXT NOT NULL,
    provider_key          TEXT NOT NULL,
    provider_display_name TEXT,
    user_id               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (login_provider, provider_key)
);

CREATE INDEX user_logins_user_id ON user_logins (user_id);

CREATE TABLE user_tokens (
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    login_provider TEXT NOT NULL,
    name           TEXT NOT NULL,
    value          TEXT,
    PRIMARY KEY (user_id, login_provider, name)
);
