using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using SessionAwareness.AspNetCore.StackExchangeRedis;
using SessionAwareness.AspNetCore.Stores;
using SessionAwareness.Bench.Infrastructure;
using StackExchange.Redis;

namespace SessionAwareness.Bench;

internal sealed record StoreSettings(IReadOnlyList<int> Sizes, int PointIterations, int TakeExpiredRounds, IReadOnlyList<string> Stores);

internal sealed record StoreSizeResult(int Sessions, double PrefillSeconds, string PrefillMethod, IReadOnlyDictionary<string, Summary> OperationsMicroseconds);

internal sealed record StoreResult(
    string Store,
    IReadOnlyList<StoreSizeResult> Sizes,
    IReadOnlyDictionary<string, double> MedianRatio,
    IReadOnlyDictionary<string, double> P99Ratio,
    IReadOnlyList<string> Flagged);

/// <summary>
/// Benchmark 3: each IUserSessionStore at 1,000 and 100,000 stored sessions. One caller at a time, so each
/// figure is the latency of one operation (not throughput). The sizes are separate stores (own file, own
/// Redis database) measured interleaved: one operation on the small store, the same on the large one, and
/// so on, so that a disk whose fsync time drifts during the run (as this VM's does) weighs on both alike.
/// Prefilled through the store's own CreateAsync (Redis: 64 in parallel), except SQLite: see <see cref="SqliteBulk"/>.
/// </summary>
internal static class StoreBenchmark
{
    // Operation ids, as in the JSON.
    public const string Create = "create";
    public const string Remove = "remove";
    public const string FindByKey = "findByKey";
    public const string FindByHandle = "findByHandle";
    public const string ListByUser = "listByUser";
    public const string Slide = "slide";
    public const string TakeExpired = "takeExpired";

    public static readonly string[] Operations = [Create, Remove, FindByKey, FindByHandle, ListByUser, Slide, TakeExpired];

    /// <summary>How the tables name the operations.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Create] = "create",
        [Remove] = "remove",
        [FindByKey] = "find by key",
        [FindByHandle] = "find by handle",
        [ListByUser] = "list a user's (5)",
        [Slide] = "slide",
        [TakeExpired] = "take expired (100)",
    };

    /// <summary>Over this ratio (the bigger size's median over the smaller's) an operation is flagged.</summary>
    public const double FlagRatio = 2.0;

    /// <summary>Sessions per user, as "a user with ~5 sessions".</summary>
    private const int PerUser = 5;

    /// <summary>About the size of a real protected ticket of the demo (three claims, Data Protection's envelope).</summary>
    private const int TicketBytes = 400;

    private static readonly TimeSpan Far = TimeSpan.FromHours(6);

    public static async Task<List<StoreResult>> RunAsync(StoreSettings settings, CancellationToken cancellationToken)
    {
        var results = new List<StoreResult>();
        RedisServer? redis = null;
        var multiplexers = new List<ConnectionMultiplexer>();
        try
        {
            if (settings.Stores.Contains("redis"))
            {
                redis = await RedisServer.StartAsync();
            }

            foreach (var kind in settings.Stores)
            {
                var stores = new List<StoreUnderTest>();
                try
                {
                    for (var i = 0; i < settings.Sizes.Count; i++)
                    {
                        ConnectionMultiplexer? multiplexer = null;
                        if (kind == "redis")
                        {
                            // One Redis database per size, so the small store's keyspace is really small.
                            multiplexer = await ConnectionMultiplexer.ConnectAsync($"{redis!.Configuration},allowAdmin=true,defaultDatabase={i}");
                            multiplexers.Add(multiplexer);
                            await multiplexer.GetServer(redis.Configuration).FlushDatabaseAsync(i);
                        }

                        stores.Add(StoreUnderTest.Create(kind, settings.Sizes[i], multiplexer));
                    }

                    results.Add(await MeasureAsync(kind, stores, settings, cancellationToken));
                }
                finally
                {
                    foreach (var store in stores)
                    {
                        store.Dispose();
                    }
                }
            }
        }
        finally
        {
            foreach (var multiplexer in multiplexers)
            {
                await multiplexer.DisposeAsync();
            }

            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }

        return results;
    }

    private static async Task<StoreResult> MeasureAsync(string kind, List<StoreUnderTest> stores, StoreSettings settings, CancellationToken cancellationToken)
    {
        var prefillSeconds = new List<double>();
        foreach (var store in stores)
        {
            Console.WriteLine($"[stores {kind}] prefilling {store.Size:N0} sessions ({store.Method})");
            var prefill = Stopwatch.StartNew();
            await store.Fill(store.Sessions, cancellationToken);
            prefillSeconds.Add(prefill.Elapsed.TotalSeconds);
        }

        // Warm-up (JIT, connection pools, SQLite page cache), not measured.
        for (var i = 0; i < 200; i++)
        {
            foreach (var store in stores)
            {
                var session = store.AnySession();
                await store.Store.FindByKeyAsync(session.KeyHash, cancellationToken);
                await store.Store.FindByHandleAsync(session.Handle, cancellationToken);
                await store.Store.ListByUserAsync(session.UserId, cancellationToken);
            }
        }

        Console.WriteLine($"[stores {kind}] measuring {settings.PointIterations} of each operation per size, interleaved");
        for (var i = 0; i < settings.PointIterations; i++)
        {
            foreach (var store in stores)
            {
                var session = store.AnySession();
                store.Missed(await store.TimeAsync(FindByKey, () => store.Store.FindByKeyAsync(session.KeyHash, cancellationToken)) is null);
            }
        }

        for (var i = 0; i < settings.PointIterations; i++)
        {
            foreach (var store in stores)
            {
                var session = store.AnySession();
                store.Missed(await store.TimeAsync(FindByHandle, () => store.Store.FindByHandleAsync(session.Handle, cancellationToken)) is null);
            }
        }

        for (var i = 0; i < settings.PointIterations; i++)
        {
            foreach (var store in stores)
            {
                var user = store.AnyUser();
                store.Missed((await store.TimeAsync(ListByUser, () => store.Store.ListByUserAsync(user, cancellationToken))).Count != PerUser);
            }
        }

        for (var i = 0; i < settings.PointIterations; i++)
        {
            foreach (var store in stores)
            {
                var session = store.AnySession();
                var now = DateTimeOffset.UtcNow;
                store.Missed(await store.TimeAsync(Slide, () => store.Store.SlideAsync(session.KeyHash, now, now + Far, cancellationToken)) is null);
            }
        }

        // A new session, then its removal: the store stays at its size.
        for (var i = 0; i < settings.PointIterations; i++)
        {
            foreach (var store in stores)
            {
                var now = DateTimeOffset.UtcNow;
                var session = store.NewSession(store.AnyUser(), now, now + Far);
                await store.TimeAsync(Create, async () =>
                {
                    await store.Store.CreateAsync(session, cancellationToken);
                    return true;
                });
                store.Missed(await store.TimeAsync(Remove, () => store.Store.RemoveAsync(session.KeyHash, cancellationToken)) is null);
            }
        }

        // 100 sessions already due among the N, then one call takes them. The due sessions arrive through the
        // store's own CreateAsync (untimed), as they do in an app: a side connection (the SQLite prefill's) would
        // reset the store's page cache before every round and charge that to the take.
        for (var round = 0; round < settings.TakeExpiredRounds; round++)
        {
            foreach (var store in stores)
            {
                var now = DateTimeOffset.UtcNow;
                var due = Enumerable.Range(0, 100)
                    .Select(j => store.NewSession(store.AnyUser(), now - TimeSpan.FromMinutes(20), now - TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(j)))
                    .ToList();
                await store.AddDue(due, cancellationToken);
                store.Missed((await store.TimeAsync(TakeExpired, () => store.Store.TakeExpiredAsync(now, 100, cancellationToken))).Count != 100);
            }
        }

        var sizes = new List<StoreSizeResult>();
        for (var i = 0; i < stores.Count; i++)
        {
            var store = stores[i];
            if (store.Misses > 0)
            {
                throw new InvalidOperationException($"{kind} at {store.Size}: {store.Misses} operation(s) did not find what they should have");
            }

            var summaries = store.Summaries();
            Console.WriteLine($"[stores {kind}] {store.Size:N0}: " + string.Join(", ", Operations.Select(operation => $"{Labels[operation]} {summaries[operation].P50:F0} µs")));
            sizes.Add(new StoreSizeResult(store.Size, prefillSeconds[i], store.Method, summaries));
        }

        var median = new Dictionary<string, double>();
        var p99 = new Dictionary<string, double>();
        var flagged = new List<string>();
        if (sizes.Count >= 2)
        {
            var small = sizes[0].OperationsMicroseconds;
            var large = sizes[^1].OperationsMicroseconds;
            foreach (var operation in Operations)
            {
                median[operation] = large[operation].P50 / small[operation].P50;
                p99[operation] = large[operation].P99 / small[operation].P99;
                if (median[operation] > FlagRatio)
                {
                    flagged.Add(operation);
                }
            }
        }

        return new StoreResult(kind, sizes, median, p99, flagged);
    }

    /// <summary>One store at one size, its sessions and its timings.</summary>
    private sealed class StoreUnderTest : IDisposable
    {
        private readonly TempFolder _folder;
        private readonly byte[][] _tickets = Enumerable.Range(0, 64).Select(_ => RandomNumberGenerator.GetBytes(TicketBytes)).ToArray();
        private readonly Random _random;
        private readonly Dictionary<string, List<double>> _timings = Operations.ToDictionary(operation => operation, _ => new List<double>());

        private StoreUnderTest(int size, TempFolder folder)
        {
            Size = size;
            _folder = folder;
            _random = new Random(size);
            var now = DateTimeOffset.UtcNow;
            Sessions = new UserSession[size];
            for (var i = 0; i < size; i++)
            {
                Sessions[i] = NewSession($"user-{i / PerUser}", now, now + Far);
            }
        }

        public int Size { get; }

        public UserSession[] Sessions { get; }

        public IUserSessionStore Store { get; private set; } = null!;

        public Func<IReadOnlyList<UserSession>, CancellationToken, Task> Fill { get; private set; } = null!;

        /// <summary>Adds sessions one at a time through the store, as the app would.</summary>
        public Task AddDue(IReadOnlyList<UserSession> sessions, CancellationToken cancellationToken) => Sequential(Store)(sessions, cancellationToken);

        public string Method { get; private set; } = "";

        public int Misses { get; private set; }

        public static StoreUnderTest Create(string kind, int size, ConnectionMultiplexer? multiplexer)
        {
            var test = new StoreUnderTest(size, new TempFolder("store"));
            switch (kind)
            {
                case "memory":
                    test.Store = new InMemoryUserSessionStore();
                    test.Fill = Sequential(test.Store);
                    test.Method = "CreateAsync, one at a time";
                    break;
                case "sqlite":
                    var path = Path.Combine(test._folder.Path, "sessions.db");
                    test.Store = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });
                    test.Fill = new SqliteBulk(test.Store, path).FillAsync;
                    test.Method = "first CreateAsync (the store makes its schema), then one INSERT transaction";
                    break;
                case "redis":
                    test.Store = new RedisUserSessionStore(multiplexer!, new RedisUserSessionStoreOptions { KeyPrefix = "bench:" });
                    test.Fill = Parallel(test.Store, 64);
                    test.Method = "CreateAsync, 64 in parallel";
                    break;
                default:
                    test._folder.Dispose();
                    throw new ArgumentException($"unknown store {kind}: memory, sqlite or redis");
            }

            return test;
        }

        public UserSession AnySession() => Sessions[_random.Next(Size)];

        public string AnyUser() => $"user-{_random.Next(Size / PerUser)}";

        public void Missed(bool missed) => Misses += missed ? 1 : 0;

        public UserSession NewSession(string userId, DateTimeOffset createdAt, DateTimeOffset expiresAt) => new()
        {
            KeyHash = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            Handle = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            CreatedAt = createdAt,
            LastSeenAt = createdAt,
            ExpiresAt = expiresAt,
            Browser = "Chrome 156",
            Device = "Linux",
            Ticket = _tickets[_random.Next(_tickets.Length)],
        };

        public async Task<T> TimeAsync<T>(string operation, Func<Task<T>> run)
        {
            var start = Stopwatch.GetTimestamp();
            var result = await run();
            _timings[operation].Add(Ticks.ToMilliseconds(Stopwatch.GetTimestamp() - start) * 1000);
            return result;
        }

        public Dictionary<string, Summary> Summaries() => _timings.ToDictionary(pair => pair.Key, pair => Summary.Of(pair.Value));

        public void Dispose()
        {
            (Store as IDisposable)?.Dispose();
            _folder.Dispose();
        }

        private static Func<IReadOnlyList<UserSession>, CancellationToken, Task> Sequential(IUserSessionStore store) => async (sessions, token) =>
        {
            foreach (var session in sessions)
            {
                await store.CreateAsync(session, token);
            }
        };

        private static Func<IReadOnlyList<UserSession>, CancellationToken, Task> Parallel(IUserSessionStore store, int parallelism) => (sessions, token) =>
            System.Threading.Tasks.Parallel.ForEachAsync(
                sessions,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = token },
                async (session, ct) => await store.CreateAsync(session, ct));
    }
}
