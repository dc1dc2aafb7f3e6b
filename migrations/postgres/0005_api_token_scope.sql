-- API tokens act as their user: scoped to one workspace (as every token so far) or, with no
-- workspace, in every workspace the user is a member of; and optionally read-only. What a token
-- may do is its user's role in the workspace of the request, less writes when it is read-only.
ALTER TABLE api_tokens ALTER COLUMN workspace DROP NOT NULL;
ALTER TABLE api_tokens ADD COLUMN read_only BOOLEAN NOT NULL DEFAULT FALSE;
