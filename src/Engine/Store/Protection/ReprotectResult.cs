namespace Berth.Engine.Store.Protection;

/// <summary>
/// What <see cref="ProtectedStore.ReprotectAsync"/> did: how many current values it rewrote, and
/// the keys it could not read (each as <c>workspace: message</c>; a message names a key id, never a value).
/// </summary>
public sealed record ReprotectResult(int Rewritten, IReadOnlyList<string> Unreadable);
