namespace Berth.Engine.Store;

public enum WatchEventType
{
    Created,
    Updated,
    Deleted,
}

/// <summary>
/// One change in a workspace. For <see cref="WatchEventType.Deleted"/>, <see cref="Object"/>
/// carries the last value the key had and the revision of the delete itself.
/// </summary>
public sealed record WatchEvent(WatchEventType Type, KeyValue Object)
{
    public long Revision => Object.Revision;
}
