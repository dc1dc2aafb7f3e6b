-- The key ring that signs and encrypts the dashboard's sign-in cookies (ASP.NET Core Data
-- Protection). In the datastore, so every replica reads the same keys: a cookie one server issued
-- opens a session on any other, and a restart signs nobody out. Rows are only added (the
-- framework retires a key by writing a newer one, never by changing the old).
CREATE TABLE data_protection_keys (
    id          TEXT PRIMARY KEY,          -- the framework's friendly name, key-{guid}
    xml         TEXT NOT NULL,             -- the key element, as the framework wrote it
    created_at  TEXT NOT NULL
);
