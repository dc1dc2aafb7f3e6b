using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store.Support;

internal static class StoreAssert
{
    /// <summary>Asserts <paramref name="call"/> fails with a <see cref="StoreException"/> of <paramref name="code"/>, and returns it.</summary>
    public static async Task<StoreException> FailsWith(StoreErrorCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<StoreException>(call);
        if (e.Code != code)
        {
            Assert.Fail($"expected StoreException {code} but got {e.Code}: {e.Message}");
        }

        return e;
    }

    /// <summary>Asserts one key's value as of one revision; the JSON is compared by meaning.</summary>
    public static void Is(KeyValue? actual, string key, byte[] value, long revision, long createRevision)
    {
        Assert.NotNull(actual);
        Assert.Equal(key, actual.Key);
        if (!Json.SameAs(value, actual.Value))
        {
            Assert.Fail($"{key}: expected value {Json.Text(value)} but the store returned {Json.Text(actual.Value)}");
        }

        Assert.Equal((revision, createRevision), (actual.Revision, actual.CreateRevision));
    }

    public static void Is(WatchEvent actual, WatchEventType type, string key, byte[] value, long revision, long createRevision)
    {
        Assert.Equal((type, key), (actual.Type, actual.Object.Key));
        Is(actual.Object, key, value, revision, createRevision);
    }

    /// <summary>Asserts revisions rise strictly, naming the first place they do not.</summary>
    public static void StrictlyIncreasing(IReadOnlyList<long> revisions, string who)
    {
        for (var i = 1; i < revisions.Count; i++)
        {
            if (revisions[i] <= revisions[i - 1])
            {
                Assert.Fail($"{who}: revision {revisions[i]} came after {revisions[i - 1]} (position {i} of {revisions.Count})");
            }
        }
    }
}
