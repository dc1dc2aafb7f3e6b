-- API tokens gain a role cap and a last-used time. A token with a role acts with the lower of that
-- role and its user's role in the workspace of the request (null: the user's role, as before), so a
-- user can hand a CI job a viewer token without becoming a viewer. last_used_at is written at most
-- once a minute per token per server (it is for "is this token still in use?", not an audit trail:
-- the audit log is that).
ALTER TABLE api_tokens ADD COLUMN role TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMPTZ;
CREATE INDEX api_tokens_user ON api_tokens (user_name, created_at);
