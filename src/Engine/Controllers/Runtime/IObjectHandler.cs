namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// What an informer tells about the objects of its kind, in revision order, one call at a time.
/// Handlers run on the informer's loop: they should only look and enqueue keys, never wait.
/// </summary>
public interface IObjectHandler
{
    /// <summary>An object appeared: created, seen by the first list, or present when the handler was added.</summary>
    void OnAdded(CachedObject obj);

    /// <summary>
    /// An object changed. On a periodic resync <paramref name="old"/> and <paramref name="now"/> are
    /// the same object: nothing changed, but level-triggered controllers get to look again.
    /// </summary>
    void OnUpdated(CachedObject old, CachedObject now);

    /// <summary>An object is gone; <paramref name="last"/> is the last state the informer had.</summary>
    void OnDeleted(CachedObject last);
}

/// <summary>An <see cref="IObjectHandler"/> from delegates, for handlers that care about only some events.</summary>
public sealed class ObjectHandler(
    Action<CachedObject>? added = null,
    Action<CachedObject, CachedObject>? updated = null,
    Action<CachedObject>? deleted = null) : IObjectHandler
{
    /// <summary>One action for every event, with the object as it is now (or was last).</summary>
    public static ObjectHandler ForEach(Action<CachedObject> any) => new(any, (_, now) => any(now), any);

    public void OnAdded(CachedObject obj) => added?.Invoke(obj);

    public void OnUpdated(CachedObject old, CachedObject now) => updated?.Invoke(old, now);

    public void OnDeleted(CachedObject last) => deleted?.Invoke(last);
}
