using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using SessionAwareness.Bench.Infrastructure;

namespace SessionAwareness.Bench;

/// <summary>One fan-out configuration: where sessions live, how many instances, and the load.</summary>
internal sealed record FanOutSettings(
    string Name,
    string Store,
    int Instances,
    int Sessions,
    int ConnectionsPerSession,
    double SignInsPerSecond,
    TimeSpan Duration,
    TimeSpan Settle,
    TimeSpan Drain);

internal sealed record ReceiptCounts(long Expected, long Received, long Unique, long Duplicates, long Missing, long Unexpected, long HandleMismatches);

internal sealed record ServerMemory(
    long RssBeforeBytes,
    long RssAfterBytes,
    long RssAnonBeforeBytes,
    long RssAnonAfterBytes,
    double RssPerConnectionBytes,
    double RssAnonPerConnectionBytes,
    long RssAfterLoadBytes);

internal sealed record FanOutResult(
    string Config,
    string Store,
    int Instances,
    int Sessions,
    int ConnectionsPerSession,
    int ConnectionsRequested,
    int ConnectionsOpened,
    double OpenSeconds,
    double SignInsPerSecondTarget,
    double LoadSeconds,
    int SignInsAttempted,
    int SignInsSucceeded,
    double SignInsPerSecondAchieved,
    double MaxScheduleLagMs,
    Summary PostLatencyMs,
    ReceiptCounts Receipts,
    Summary DeliveryLatencyMs,
    Summary AllDeliveredLatencyMs,
    int ConnectionsClosedDuringRun,
    ServerMemory Memory,
    double ServerCpuSecondsDuringLoad,
    double BenchCpuSecondsDuringLoad,
    double? RedisCpuSecondsDuringLoad,
    IReadOnlyList<double> DeliveryP50ByWindowMs,
    double WindowSeconds,
    IReadOnlyList<string> Errors);

/// <summary>
/// Benchmark 1: one user (alice) with many hub connections while sign-ins of the same user arrive at a fixed
/// rate. Every connection must receive every sign-in's <c>sessionRegistered</c> exactly once.
/// </summary>
internal static class FanOutBenchmark
{
    private const string User = "alice";

    public static async Task<FanOutResult> RunAsync(string repoRoot, FanOutSettings settings, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var total = settings.Sessions * settings.ConnectionsPerSession;
        var signInCount = (int)Math.Round(settings.SignInsPerSecond * settings.Duration.TotalSeconds);
        Log(settings, $"{settings.Instances} instance(s), SESSION_STORE={settings.Store}, {settings.Sessions} sessions × {settings.ConnectionsPerSession} connections, " +
                      $"{settings.SignInsPerSecond}/s sign-ins for {settings.Duration.TotalSeconds} s");

        RedisServer? redis = null;
        var servers = new List<AppServer>();
        var connections = new HubConnection?[total];
        try
        {
            if (settings.Store == "redis")
            {
                redis = await RedisServer.StartAsync();
            }

            for (var i = 0; i < settings.Instances; i++)
            {
                servers.Add(await AppServer.StartAsync(repoRoot, settings.Store, redis?.Configuration));
            }

            using var client = new SignInClient();

            // The sessions that hold the connections, signed in before any connection is open (so none of
            // their own notices are counted).
            var holders = new List<SignIn>();
            for (var s = 0; s < settings.Sessions; s++)
            {
                var holder = await client.SignInAsync(servers[s % servers.Count].Url, User, null, cancellationToken);
                if (!holder.Succeeded)
                {
                    throw new InvalidOperationException($"sign-in of holder session {s} failed: {holder.Error}");
                }

                holders.Add(holder);
            }

            await Task.Delay(settings.Settle, cancellationToken);
            var before = await SumMemoryAsync(servers);

            // Connection c belongs to session c / ConnectionsPerSession and goes to instance c % Instances:
            // with two instances every session has half its connections on each.
            var recorder = new Recorder(total, signInCount);
            var openFailures = 0;
            var openWatch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, total),
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (c, token) =>
                {
                    var connection = SignInClient.Hub(servers[c % servers.Count].Url, holders[c / settings.ConnectionsPerSession].Cookies);
                    connection.On<string, string, SessionDetails?>("sessionRegistered", (_, sessionId, details) => recorder.Registered(c, sessionId, details?.Browser));
                    connection.On<string, string>("sessionExpiry", static (_, _) => { });
                    connection.On<string>("sessionClosed", static _ => { });
                    connection.On<string, object?>("sessionEnded", (_, _) => recorder.Ended());
                    connection.Closed += _ =>
                    {
                        recorder.Closed();
                        return Task.CompletedTask;
                    };
                    try
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                        timeout.CancelAfter(TimeSpan.FromSeconds(60));
                        await connection.StartAsync(timeout.Token);
                        connections[c] = connection;
                    }
                    catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref openFailures);
                        lock (errors)
                        {
                            if (errors.Count < 10)
                            {
                                errors.Add($"connection {c} did not start: {error.GetType().Name}: {error.Message}");
                            }
                        }

                        await connection.DisposeAsync();
                    }
                });
            var openSeconds = openWatch.Elapsed.TotalSeconds;
            var opened = total - openFailures;
            Log(settings, $"{opened}/{total} connections open in {openSeconds:F1} s");

            await Task.Delay(settings.Settle, cancellationToken);
            var after = await SumMemoryAsync(servers);
            var closedBeforeLoad = recorder.ClosedCount;
            var openAtLoad = opened - closedBeforeLoad;

            // The load: sign-in i is due at start + i / rate (an open loop: a slow answer does not delay the
            // next sign-in), alternating between instances, at most 64 in flight.
            var results = new SignIn?[signInCount];
            var interval = Stopwatch.Frequency / settings.SignInsPerSecond;
            using var inFlight = new SemaphoreSlim(64);
            var tasks = new Task[signInCount];
            var serverCpuBefore = servers.Sum(server => CpuTime.SecondsOf(server.ProcessId));
            var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var redisCpuBefore = redis is null ? 0 : CpuTime.SecondsOf(redis.ProcessId);
            var maxLagMs = 0.0;
            recorder.StartLoad();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < signInCount; i++)
            {
                var due = start + (long)(i * interval);
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
                }

                await inFlight.WaitAsync(cancellationToken);
                maxLagMs = Math.Max(maxLagMs, Ticks.ToMilliseconds(Stopwatch.GetTimestamp() - due));
                var index = i;
                var server = servers[i % servers.Count].Url;
                tasks[i] = Task.Run(
                    async () =>
                    {
                        try
                        {
                            results[index] = await client.SignInAsync(server, User, index, cancellationToken);
                        }
                        finally
                        {
                            inFlight.Release();
                        }
                    },
                    cancellationToken);
            }

            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var loadSeconds = Ticks.ToMilliseconds(Stopwatch.GetTimestamp() - start) / 1000;
            var succeeded = results.Count(r => r?.Succeeded == true);
            foreach (var failure in results.Where(r => r?.Succeeded != true).Take(5))
            {
                errors.Add($"sign-in failed: {failure?.Error ?? "no result"}");
            }

            // Wait for the last messages, bounded.
            var expected = (long)openAtLoad * succeeded;
            var drain = Stopwatch.StartNew();
            while (recorder.UniqueCount < expected && drain.Elapsed < settings.Drain)
            {
                await Task.Delay(100, cancellationToken);
            }

            var serverCpu = servers.Sum(server => CpuTime.SecondsOf(server.ProcessId)) - serverCpuBefore;
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - benchCpuBefore;
            double? redisCpu = redis is null ? null : CpuTime.SecondsOf(redis.ProcessId) - redisCpuBefore;
            var windowSeconds = settings.Duration.TotalSeconds >= 30 ? 10 : 1;
            var signInsPerWindow = Math.Max(1, (int)Math.Round(settings.SignInsPerSecond * windowSeconds));
            var afterLoad = await SumMemoryAsync(servers);
            var counts = recorder.Count(connections, results);
            Log(settings, $"{succeeded}/{signInCount} sign-ins in {loadSeconds:F1} s; receipts {counts.Unique}/{counts.Expected}, {counts.Duplicates} duplicate(s), {counts.Missing} missing");

            // Every receipt must arrive exactly once: a lost or doubled notice is a failure, not a figure.
            if (counts.Missing > 0 || counts.Duplicates > 0 || counts.HandleMismatches > 0)
            {
                throw new InvalidOperationException(
                    $"{counts.Missing} receipt(s) missing, {counts.Duplicates} duplicate(s), {counts.HandleMismatches} handle mismatch(es) of {counts.Expected}");
            }

            return new FanOutResult(
                settings.Name,
                settings.Store,
                settings.Instances,
                settings.Sessions,
                settings.ConnectionsPerSession,
                total,
                opened,
                Math.Round(openSeconds, 2),
                settings.SignInsPerSecond,
                Math.Round(loadSeconds, 2),
                signInCount,
                succeeded,
                Math.Round(succeeded / loadSeconds, 2),
                Math.Round(maxLagMs, 1),
                Summary.Of(results.Where(r => r?.Succeeded == true).Select(r => Ticks.ToMilliseconds(r!.PostDoneAt - r.PostSentAt))),
                counts,
                recorder.DeliveryLatencies(connections, results),
                recorder.AllDeliveredLatencies(connections, results),
                recorder.ClosedCount - closedBeforeLoad,
                new ServerMemory(
                    before.VmRssBytes,
                    after.VmRssBytes,
                    before.RssAnonBytes,
                    after.RssAnonBytes,
                    opened == 0 ? double.NaN : Math.Round((after.VmRssBytes - before.VmRssBytes) / (double)opened),
                    opened == 0 ? double.NaN : Math.Round((after.RssAnonBytes - before.RssAnonBytes) / (double)opened),
                    afterLoad.VmRssBytes),
                Math.Round(serverCpu, 2),
                Math.Round(benchCpu, 2),
                redisCpu is { } cpu ? Math.Round(cpu, 2) : null,
                recorder.DeliveryP50ByWindow(connections, results, signInsPerWindow),
                windowSeconds,
                errors);
        }
        finally
        {
            await HubConnections.DisposeAllAsync(connections, "the servers are");

            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }
    }

    private static async Task<Memory> SumMemoryAsync(IEnumerable<AppServer> servers)
    {
        var total = new Memory(0, 0);
        foreach (var server in servers)
        {
            total += await server.SampleMemoryAsync();
        }

        return total;
    }

    private static void Log(FanOutSettings settings, string message) => Console.WriteLine($"[fan-out {settings.Name}] {message}");

    /// <summary>Receipts per (connection, sign-in), written from the connections' handlers.</summary>
    private sealed class Recorder(int connections, int signIns)
    {
        private readonly int[] _counts = new int[connections * signIns];
        private readonly long[] _firstAt = new long[connections * signIns];
        private readonly string?[] _handles = new string?[signIns];
        private long _received;
        private long _unique;
        private long _unexpected;
        private long _mismatched;
        private int _closed;
        private int _ended;
        private volatile bool _loading;

        public long UniqueCount => Interlocked.Read(ref _unique);

        public int ClosedCount => Volatile.Read(ref _closed);

        public void StartLoad() => _loading = true;

        public void Closed() => Interlocked.Increment(ref _closed);

        public void Ended() => Interlocked.Increment(ref _ended);

        public void Registered(int connection, string sessionId, string? browser)
        {
            var now = Stopwatch.GetTimestamp();
            if (!_loading || !SignInClient.TryReadTag(browser, out var signIn) || signIn >= signIns)
            {
                Interlocked.Increment(ref _unexpected);
                return;
            }

            // One sign-in is one session: the sessionId must be the same in every receipt of it.
            var known = Interlocked.CompareExchange(ref _handles[signIn], sessionId, null);
            if (known is not null && known != sessionId)
            {
                Interlocked.Increment(ref _mismatched);
            }

            Interlocked.Increment(ref _received);
            var slot = (connection * signIns) + signIn;
            if (Interlocked.Increment(ref _counts[slot]) == 1)
            {
                Volatile.Write(ref _firstAt[slot], now);
                Interlocked.Increment(ref _unique);
            }
        }

        public ReceiptCounts Count(HubConnection?[] open, SignIn?[] results)
        {
            long expected = 0, duplicates = 0, missing = 0, stray = 0;
            for (var c = 0; c < connections; c++)
            {
                for (var s = 0; s < signIns; s++)
                {
                    var count = Volatile.Read(ref _counts[(c * signIns) + s]);
                    var isExpected = open[c] is not null && results[s]?.Succeeded == true;
                    if (!isExpected)
                    {
                        stray += count;
                        continue;
                    }

                    expected++;
                    if (count == 0)
                    {
                        missing++;
                    }
                    else
                    {
                        duplicates += count - 1;
                    }
                }
            }

            return new ReceiptCounts(expected, Interlocked.Read(ref _received), UniqueCount, duplicates, missing, Interlocked.Read(ref _unexpected) + stray, Interlocked.Read(ref _mismatched));
        }

        /// <summary>Receive time − the time the sign-in's POST was sent, over every first receipt.</summary>
        public Summary DeliveryLatencies(HubConnection?[] open, SignIn?[] results)
        {
            var values = new List<double>(connections * signIns);
            for (var c = 0; c < connections; c++)
            {
                if (open[c] is null)
                {
                    continue;
                }

                for (var s = 0; s < signIns; s++)
                {
                    var at = Volatile.Read(ref _firstAt[(c * signIns) + s]);
                    if (at != 0 && results[s] is { Succeeded: true } result)
                    {
                        values.Add(Ticks.ToMilliseconds(at - result.PostSentAt));
                    }
                }
            }

            return Summary.Of(values);
        }

        /// <summary>The delivery p50 of each run of <paramref name="perWindow"/> consecutive sign-ins (how latency moves as alice's sessions pile up).</summary>
        public List<double> DeliveryP50ByWindow(HubConnection?[] open, SignIn?[] results, int perWindow)
        {
            var medians = new List<double>();
            for (var from = 0; from < signIns; from += perWindow)
            {
                var values = new List<double>();
                for (var s = from; s < Math.Min(signIns, from + perWindow); s++)
                {
                    if (results[s] is not { Succeeded: true } result)
                    {
                        continue;
                    }

                    for (var c = 0; c < connections; c++)
                    {
                        var at = open[c] is null ? 0 : Volatile.Read(ref _firstAt[(c * signIns) + s]);
                        if (at != 0)
                        {
                            values.Add(Ticks.ToMilliseconds(at - result.PostSentAt));
                        }
                    }
                }

                medians.Add(Math.Round(Summary.Of(values).P50, 1));
            }

            return medians;
        }

        /// <summary>Per sign-in: until the last connection had it (only sign-ins that reached every connection).</summary>
        public Summary AllDeliveredLatencies(HubConnection?[] open, SignIn?[] results)
        {
            var values = new List<double>(signIns);
            for (var s = 0; s < signIns; s++)
            {
                if (results[s] is not { Succeeded: true } result)
                {
                    continue;
                }

                long last = 0;
                var complete = true;
                for (var c = 0; c < connections && complete; c++)
                {
                    if (open[c] is null)
                    {
                        continue;
                    }

                    var at = Volatile.Read(ref _firstAt[(c * signIns) + s]);
                    complete = at != 0;
                    last = Math.Max(last, at);
                }

                if (complete)
                {
                    values.Add(Ticks.ToMilliseconds(last - result.PostSentAt));
                }
            }

            return Summary.Of(values);
        }
    }
}
