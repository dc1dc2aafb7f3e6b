namespace Berth.Engine.Store;

public enum DatastoreKind
{
    Sqlite,
    Postgres,
}
