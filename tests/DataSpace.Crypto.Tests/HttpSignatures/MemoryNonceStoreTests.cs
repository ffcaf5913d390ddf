using DataSpace.Crypto.HttpSignatures;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Crypto.Tests.HttpSignatures;

public sealed class MemoryNonceStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void TryRemember_NewNonce_IsTrue()
    {
        var store = new MemoryNonceStore(_time);

        Assert.True(store.TryRemember("key", "n1", Start.AddMinutes(5)));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void TryRemember_SameNonceWithinWindow_IsFalse()
    {
        var store = new MemoryNonceStore(_time);
        store.TryRemember("key", "n1", Start.AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.False(store.TryRemember("key", "n1", Start.AddMinutes(9)));
    }

    [Fact]
    public void IsRemembered_OnlyWhileTheNonceIsLiveAndWithoutRecordingIt()
    {
        var store = new MemoryNonceStore(_time);
        Assert.False(store.IsRemembered("key", "n1"));
        Assert.Equal(0, store.Count);

        store.TryRemember("key", "n1", Start.AddMinutes(5));
        Assert.True(store.IsRemembered("key", "n1"));
        Assert.False(store.IsRemembered("key", "n2"));

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(store.IsRemembered("key", "n1"));
    }

    [Fact]
    public void TryRemember_SameNonceOfAnotherKey_IsTrue()
    {
        var store = new MemoryNonceStore(_time);
        store.TryRemember("key-a", "n1", Start.AddMinutes(5));

        Assert.True(store.TryRemember("key-b", "n1", Start.AddMinutes(5)));
    }

    [Fact]
    public void TryRemember_SameNonceAfterExpiry_IsTrueAgain()
    {
        var store = new MemoryNonceStore(_time);
        store.TryRemember("key", "n1", Start.AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(store.TryRemember("key", "n1", Start.AddMinutes(10)));
        Assert.False(store.TryRemember("key", "n1", Start.AddMinutes(10)));
    }

    [Fact]
    public void TryRemember_ExpiryAlreadyPast_IsTrueAndNotStored()
    {
        var store = new MemoryNonceStore(_time);

        Assert.True(store.TryRemember("key", "n1", Start.AddSeconds(-1)));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void TryRemember_AfterSweepInterval_SweepsExpiredEntries()
    {
        var store = new MemoryNonceStore(_time);
        for (var i = 0; i < 100; i++)
        {
            store.TryRemember("key", $"n{i}", Start.AddSeconds(10));
        }

        _time.Advance(MemoryNonceStore.SweepInterval);
        store.TryRemember("key", "later", Start.AddMinutes(10));

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void TryRemember_FullOfLiveEntries_RefusesNewNonce()
    {
        var store = new MemoryNonceStore(_time, capacity: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(store.TryRemember("key", $"n{i}", Start.AddMinutes(5)));
        }

        Assert.False(store.TryRemember("key", "n3", Start.AddMinutes(5)));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public void TryRemember_FullButSomeExpired_SweepsAndAccepts()
    {
        var store = new MemoryNonceStore(_time, capacity: 3);
        store.TryRemember("key", "short", Start.AddSeconds(2));
        store.TryRemember("key", "n1", Start.AddMinutes(5));
        store.TryRemember("key", "n2", Start.AddMinutes(5));
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(store.TryRemember("key", "n3", Start.AddMinutes(5)));
        Assert.Equal(3, store.Count);
        Assert.False(store.TryRemember("key", "n1", Start.AddMinutes(5)));
    }

    [Fact]
    public void TryRemember_SameNonceFromManyThreads_AcceptsExactlyOnce()
    {
        var store = new MemoryNonceStore(_time);
        const int Threads = 8;
        const int Nonces = 2000;
        var accepted = new int[Nonces];
        using var start = new Barrier(Threads);

        // Dedicated threads released together, so that they really race on the same nonces.
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < Nonces; i++)
            {
                if (store.TryRemember("key", $"n{i}", Start.AddMinutes(5)))
                {
                    Interlocked.Increment(ref accepted[i]);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(accepted, count => Assert.Equal(1, count));
        Assert.Equal(Nonces, store.Count);
    }

    [Fact]
    public async Task TryRemember_ManyThreadsAgainstCapacity_NeverExceedsIt()
    {
        const int Capacity = 500;
        var store = new MemoryNonceStore(_time, Capacity);
        var accepted = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (store.TryRemember($"key-{t}", $"n{i}", Start.AddMinutes(5)))
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        })));

        Assert.Equal(Capacity, accepted);
        Assert.Equal(Capacity, store.Count);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryNonceStore(_time, 0));
    }
}
