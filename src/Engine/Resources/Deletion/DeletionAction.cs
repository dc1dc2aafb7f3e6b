using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Deletion;

/// <summary>What a delete request does to the object it names.</summary>
public enum DeletionAction
{
    /// <summary>Nothing: a deletion is already under way; the answer is the object as it is.</summary>
    Keep,

    /// <summary>Store <see cref="DeletionDecision.Object"/> (deletionTimestamp, finalizers): the object stays until its finalizers or grace are done.</summary>
    Mark,

    /// <summary>Remove the object from the store now.</summary>
    Remove,
}

/// <summary>A <see cref="DeletionAction"/> and the object it concerns (the marked one for <see cref="DeletionAction.Mark"/>).</summary>
public sealed record DeletionDecision(DeletionAction Action, JsonObject Object);
