using Berth.Engine.Store;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// A namespace's stored row (null: none), read for a request before it reached
/// <see cref="ResourceObjects"/>: the API reads it in the same query that checks the request's
/// token, so a create into a namespace costs one database round trip before its write, not two.
/// It is as current as a read made there: both happen before the write, neither inside it.
/// </summary>
public sealed record NamespaceRead(string Workspace, string Namespace, KeyValue? Value)
{
    /// <summary>The store key a namespace's row is under.</summary>
    public static string KeyOf(string @namespace) => ResourceKeys.For(BuiltInResources.Namespaces, null, @namespace);
}
