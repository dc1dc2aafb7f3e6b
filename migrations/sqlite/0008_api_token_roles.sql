-- Same change as migrations/postgres/0008_api_token_roles.sql; times are ISO 8601 UTC text.
ALTER TABLE api_tokens ADD COLUMN role TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
CREATE INDEX api_tokens_user ON api_tokens (user_name, created_at);
