using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SessionAwareness.Bench.Infrastructure;

namespace SessionAwareness.Bench;

/// <summary>
/// What the connection-cost benchmark runs. A configuration is <c>bare</c> (the baseline, always run), or
/// <c>bare-25k</c> (a control: the bare hub's on-connect message carries 25,000 characters, about the demo's
/// snapshot of 100 sessions), or a store (<c>memory</c>, <c>sqlite</c>, <c>redis</c>), optionally with
/// <c>-others</c>: the user then has <see cref="OtherSessions"/> more live sessions, signed in before the one whose
/// cookie opens the connections, or <c>-newer</c>: as many, signed in after it (each one a notice every page of it
/// must show, so every connect's snapshot carries the newest 100); and optionally then <c>-list</c>: each
/// connection is a page with <c>&lt;session-list&gt;</c>, which also asks for the whole list (<c>ListSessions</c>).
/// </summary>
internal sealed record ConnectionCostSettings(
    IReadOnlyList<string> Configs,
    int Connections,
    int Repetitions,
    int OtherSessions,
    int Concurrency,
    int WarmUpConnections,
    TimeSpan SettleInterval,
    TimeSpan SettleTimeout)
{
    public static readonly IReadOnlyList<string> DefaultConfigs = ["bare", "memory", "sqlite", "sqlite-others", "sqlite-newer", "redis"];
}

/// <summary>One repetition of one configuration: a fresh server, one cookie, N connections.</summary>
internal sealed record ConnectionCostRun(
    int Repetition,
    int Opened,
    long RssBeforeBytes,
    long RssAfterBytes,
    long RssAnonBeforeBytes,
    long RssAnonAfterBytes,
    double RssPerConnectionBytes,
    double RssAnonPerConnectionBytes,
    bool Settled,
    double OpenSeconds,
    Summary HandshakeMs,
    Summary ReadyMs,
    int? SnapshotTotal,
    int? SnapshotSessionsChars,
    long? HeapBeforeBytes,
    long? HeapAfterBytes,
    double HeapPerConnectionBytes);

/// <summary>A configuration's repetitions, their medians, and the ratios to the bare hub's medians.</summary>
internal sealed record ConnectionCostResult(
    string Config,
    string Label,
    string Store,
    int OtherSessions,
    int Connections,
    IReadOnlyList<ConnectionCostRun> Runs,
    double RssPerConnectionBytes,
    double RssAnonPerConnectionBytes,
    double ReadyP50Ms,
    double ReadyP95Ms,
    double? RssRatio,
    double? RssAnonRatio,
    double? ReadyP50Ratio,
    double? ReadyP95Ratio,
    double HeapPerConnectionBytes,
    double? HeapRatio,
    string? Error);

/// <summary>
/// Benchmark 4: the server's cost per hub connection against a bare ASP.NET Core SignalR hub (issue 13).
/// One sign-in, then N WebSocket connections with that one cookie; server RSS per connection and the time
/// from <c>StartAsync</c> until the hub's last on-connect message (the connection is ready).
/// </summary>
internal static class ConnectionCostBenchmark
{
    private const string User = "alice";

    public static async Task<List<ConnectionCostResult>> RunAsync(string repoRoot, ConnectionCostSettings settings, CancellationToken cancellationToken)
    {
        // The bare hub first: every ratio is to it. The repetitions are interleaved (bare, memory, …, bare,
        // memory, …) so that drift in the machine's load weighs on every configuration alike.
        var configs = settings.Configs.Prepend("bare").Distinct().ToList();
        foreach (var config in configs)
        {
            // An unknown name fails here, before any server starts.
            _ = Parse(config, settings);
        }

        var runs = configs.ToDictionary(c => c, _ => new List<ConnectionCostRun>());
        var errors = new Dictionary<string, string>();
        for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            foreach (var config in configs.Where(c => !errors.ContainsKey(c)))
            {
                try
                {
                    runs[config].Add(await RunOnceAsync(repoRoot, settings, config, repetition, cancellationToken));
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Loud, and not repeated: a store that cannot serve a connection gives no figures at all.
                    errors[config] = $"{error.GetType().Name}: {error.Message}";
                    Console.Error.WriteLine($"bench: connection cost {Label(config, settings)} failed: {error}");
                }
            }
        }

        var bare = Medians(runs["bare"]);
        return configs.Select(config =>
        {
            var (store, others, _, _) = Parse(config, settings);
            var median = Medians(runs[config]);
            double? Ratio(double value, double baseline) =>
                errors.ContainsKey(config) || errors.ContainsKey("bare") || double.IsNaN(value) || double.IsNaN(baseline) || baseline <= 0 ? null : Math.Round(value / baseline, 2);
            return new ConnectionCostResult(
                config, Label(config, settings), store, others, settings.Connections, runs[config],
                median.Rss, median.Anon, median.P50, median.P95,
                Ratio(median.Rss, bare.Rss), Ratio(median.Anon, bare.Anon), Ratio(median.P50, bare.P50), Ratio(median.P95, bare.P95),
                median.Collected, Ratio(median.Collected, bare.Collected),
                errors.GetValueOrDefault(config));
        }).ToList();
    }

    public static string Label(string config, ConnectionCostSettings settings)
    {
        var (store, others, newer, list) = Parse(config, settings);
        var label = config == LargeBare ? "bare, 25,000-char message"
            : config == BareRedis ? "bare, Redis backplane"
            : others == 0 ? store
            : $"{store} + {others:N0} {(newer ? "newer" : "older")} sessions";
        return list ? label + ", list page" : label;
    }

    private const string LargeBare = "bare-25k";

    // The baseline of the Redis configurations: the bare hub on the SignalR Redis backplane, which subscribes to a
    // channel per connection and per group whoever's hub it is.
    private const string BareRedis = "bare-redis";

    // store[-others|-newer][-list]
    private static (string Store, int Others, bool Newer, bool List) Parse(string config, ConnectionCostSettings settings)
    {
        if (config is LargeBare or BareRedis)
        {
            return ("bare", 0, false, false);
        }

        var name = config;
        var list = name.EndsWith("-list", StringComparison.Ordinal);
        name = list ? name[..^"-list".Length] : name;
        var newer = name.EndsWith("-newer", StringComparison.Ordinal);
        var others = newer || name.EndsWith("-others", StringComparison.Ordinal);
        var store = newer ? name[..^"-newer".Length] : others ? name[..^"-others".Length] : name;
        if (store is not ("bare" or "memory" or "sqlite" or "redis") || (store == "bare" && (others || list)))
        {
            throw new ArgumentException($"unknown connection-cost configuration {config} (bare, bare-25k, or memory, sqlite, redis, each optionally with -others or -newer, then optionally -list)");
        }

        return (store, others ? settings.OtherSessions : 0, newer, list);
    }

    private static async Task<ConnectionCostRun> RunOnceAsync(string repoRoot, ConnectionCostSettings settings, string config, int repetition, CancellationToken cancellationToken)
    {
        var (store, others, newer, list) = Parse(config, settings);
        var label = Label(config, settings);
        // BENCH_CONNCOST_HOLD_SECONDS: a pause before and after the N connections, to attach diagnostic tools.
        static int? HoldSeconds() =>
            int.TryParse(Environment.GetEnvironmentVariable("BENCH_CONNCOST_HOLD_SECONDS"), out var seconds) && seconds > 0 ? seconds : null;

        void Log(string message) => Console.WriteLine($"[conn-cost {label} #{repetition}] {message}");

        var phases = Stopwatch.StartNew();
        var timing = new List<string>();
        void Phase(string name)
        {
            timing.Add($"{name} {phases.Elapsed.TotalSeconds:F1}");
            phases.Restart();
        }

        RedisServer? redis = null;
        AppServer? server = null;
        var connections = new HubConnection?[settings.Connections];
        try
        {
            if (store == "redis" || config == BareRedis)
            {
                redis = await RedisServer.StartAsync();
            }

            server = store == "bare"
                ? await AppServer.StartBareHubAsync(repoRoot, config == LargeBare ? 25_000 : 0, redis?.Configuration)
                : await AppServer.StartAsync(repoRoot, store, redis?.Configuration);
            using var client = new SignInClient();
            Phase("start");

            // The other live sessions are real sign-ins: each one's ticket, device and row are what the app
            // would store. Eight at a time (SQLite has one writer; more only queue). Older ones before the holder's
            // sign-in, newer ones after it (a millisecond later at least: the snapshot holds those since the holder's).
            async Task SignInOthersAsync()
            {
                var watch = Stopwatch.StartNew();
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, others),
                    new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                    async (i, token) =>
                    {
                        var other = await client.SignInAsync(server.Url, User, null, token);
                        if (!other.Succeeded)
                        {
                            throw new InvalidOperationException($"sign-in of other session {i} failed: {other.Error}");
                        }
                    });
                Log($"{others:N0} other sessions signed in in {watch.Elapsed.TotalSeconds:F1} s");
            }

            if (others > 0 && !newer)
            {
                await SignInOthersAsync();
            }

            var holder = await client.SignInAsync(server.Url, User, null, cancellationToken);
            if (!holder.Succeeded)
            {
                throw new InvalidOperationException($"sign-in failed: {holder.Error}");
            }

            if (others > 0 && newer)
            {
                await Task.Delay(5, cancellationToken);
                await SignInOthersAsync();
            }

            var target = new Target(
                server, store == "bare", list, newer ? Math.Min(1 + others, 100) : 1, newer ? 1 + others : 1, Math.Min(1 + others, 100), 1 + others, holder.Cookies);

            // Warm-up, not measured: the first connections JIT the hub pipeline and fill pools, a fixed cost
            // that would otherwise be spread over the N connections (more so in quick mode).
            int? snapshotChars = null;
            for (var i = 0; i < settings.WarmUpConnections; i++)
            {
                var (warm, _, _, _, chars) = await ConnectAsync(target, measureSnapshot: true, cancellationToken);
                snapshotChars = chars;
                await warm.DisposeAsync();
            }

            Phase("sign-in+warm-up");
            var (before, settledBefore) = await Memory.SettledAsync(server.ProcessId, settings.SettleInterval, settings.SettleTimeout, cancellationToken);
            var heapBefore = await InducedGc.CollectAsync(server.ProcessId, cancellationToken);

            Phase("settle");
            if (HoldSeconds() is { } holdBefore)
            {
                // Diagnosis only: time to attach a tool (e.g. dotnet-counters) to the server before the N connections.
                Log($"holding before the {settings.Connections} connections {holdBefore} s; server pid {server.ProcessId}");
                await Task.Delay(TimeSpan.FromSeconds(holdBefore), cancellationToken);
            }

            var handshake = new double[settings.Connections];
            var ready = new double[settings.Connections];
            int? snapshotTotal = null;
            var openWatch = Stopwatch.StartNew();
            // The first failure stops the rest (Parallel.ForEachAsync cancels the others' token): a store that
            // fails one connection fails them all, and each would otherwise wait for its timeout.
            try
            {
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, settings.Connections),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                    async (c, token) =>
                    {
                        var (connection, handshakeMs, readyMs, total, _) = await ConnectAsync(target, measureSnapshot: false, token);
                        connections[c] = connection;
                        handshake[c] = handshakeMs;
                        ready[c] = readyMs;
                        snapshotTotal ??= total;
                    });
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"{connections.Count(c => c is not null)} of {settings.Connections} connections ready, then: {error.Message}", error);
            }

            var openSeconds = openWatch.Elapsed.TotalSeconds;
            Phase("open");
            var (after, settledAfter) = await Memory.SettledAsync(server.ProcessId, settings.SettleInterval, settings.SettleTimeout, cancellationToken);
            var heapAfter = await InducedGc.CollectAsync(server.ProcessId, cancellationToken);
            Phase("settle");
            if (HoldSeconds() is { } holdSeconds)
            {
                // Diagnosis only (e.g. dotnet-gcdump against the server): the connections stay open this long.
                Log($"holding the {settings.Connections} connections open {holdSeconds} s; server pid {server.ProcessId}");
                await Task.Delay(TimeSpan.FromSeconds(holdSeconds), cancellationToken);
            }

            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited during the run:\n{server.LastLines}");
            }

            var run = new ConnectionCostRun(
                repetition,
                settings.Connections,
                before.VmRssBytes,
                after.VmRssBytes,
                before.RssAnonBytes,
                after.RssAnonBytes,
                (double)(after.VmRssBytes - before.VmRssBytes) / settings.Connections,
                (double)(after.RssAnonBytes - before.RssAnonBytes) / settings.Connections,
                settledBefore && settledAfter,
                Math.Round(openSeconds, 2),
                Summary.Of(handshake),
                Summary.Of(ready),
                snapshotTotal,
                snapshotChars,
                heapBefore,
                heapAfter,
                heapBefore is { } b && heapAfter is { } a ? (double)(a - b) / settings.Connections : double.NaN);
            Log($"{settings.Connections} connections in {openSeconds:F1} s; RSS {Mb(before.VmRssBytes)} → {Mb(after.VmRssBytes)} MB, " +
                $"{run.RssPerConnectionBytes / 1024:F1} KB per connection{(run.Settled ? "" : " (RSS did not settle)")}, GC heap after a full GC {run.HeapPerConnectionBytes / 1024:F1} KB; ready p50 {run.ReadyMs.P50:F2} ms, p95 {run.ReadyMs.P95:F2} ms" +
                (snapshotChars is { } length ? $"; snapshot {snapshotTotal} sessions, its list {length:N0} chars of JSON" : ""));
            return run;
        }
        catch (Exception error) when (server is { LastLines.Length: > 0 } && (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // What the server said about it (e.g. the exception its hub threw) belongs in the report: its last
            // errors, or else its last lines.
            var lines = server.LastLines.Split('\n');
            var errors = lines.Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)).ToArray();
            throw new InvalidOperationException($"{error.Message}\nthe server said:\n{string.Join('\n', (errors.Length > 0 ? errors : lines).TakeLast(3))}", error);
        }
        finally
        {
            await HubConnections.DisposeAllAsync(connections, "the server is");

            if (server is not null)
            {
                await server.DisposeAsync();
            }

            if (redis is not null)
            {
                await redis.DisposeAsync();
            }

            Phase("stop");
            Log("s: " + string.Join(", ", timing));
        }
    }

    /// <summary>
    /// Where a connection goes, the message that says it is ready (a list page's: <c>sessionsList</c>), and what the
    /// snapshot (sessions listed) and the list (listed, and the total) must hold.
    /// </summary>
    private sealed record Target(
        AppServer Server, bool Bare, bool List, int ExpectedSnapshot, int ExpectedSnapshotTotal, int ExpectedListed, int ExpectedTotal, IReadOnlyDictionary<string, string> Cookies);

    /// <summary>
    /// Opens one connection and waits until it is ready: the bare hub's <c>connected</c>, or the demo's
    /// <c>sessionsSnapshot</c> (the last thing its hub sends on connect), or on a list page the <c>sessionsList</c>
    /// it asks for then. The handshake ends before the hub's <c>OnConnectedAsync</c> runs, so the time to
    /// <c>StartAsync</c>'s return alone would leave its cost out.
    /// </summary>
    /// <remarks>
    /// With <paramref name="measureSnapshot"/> (warm-up connections only, so the measured ones do no extra work),
    /// also the length of the snapshot's session list as JSON text: what one connect sends grows with it.
    /// </remarks>
    private static async Task<(HubConnection Connection, double HandshakeMs, double ReadyMs, int? Total, int? SnapshotChars)> ConnectAsync(
        Target target, bool measureSnapshot, CancellationToken cancellationToken)
    {
        var connection = SignInClient.Hub(target.Server.Url, target.Cookies);
        var readyAt = new TaskCompletionSource<(long At, int? Total, int? Chars)>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (target.Bare)
        {
            connection.On<string>("connected", _ => readyAt.TrySetResult((Stopwatch.GetTimestamp(), null, null)));
        }
        else
        {
            connection.On<JsonElement, int>("sessionsSnapshot", (sessions, total) =>
            {
                var at = Stopwatch.GetTimestamp();
                var listed = sessions.GetArrayLength();
                if (listed != target.ExpectedSnapshot || total < listed)
                {
                    readyAt.TrySetException(new InvalidOperationException($"sessionsSnapshot listed {listed} of {total} sessions, expected {target.ExpectedSnapshot}"));
                }
                else if (!target.List)
                {
                    readyAt.TrySetResult((at, total, measureSnapshot ? sessions.GetRawText().Length : null));
                }
                else
                {
                    // As <session-list> does, once per connection. Its completion comes after the message.
                    _ = connection.InvokeAsync("ListSessions").ContinueWith(
                        task => readyAt.TrySetException(task.Exception!.InnerExceptions), TaskContinuationOptions.OnlyOnFaulted);
                }
            });
            connection.On<JsonElement, int>("sessionsList", (sessions, total) =>
            {
                var at = Stopwatch.GetTimestamp();
                if (sessions.GetArrayLength() != target.ExpectedListed)
                {
                    readyAt.TrySetException(new InvalidOperationException($"sessionsList listed {sessions.GetArrayLength()} sessions, expected {target.ExpectedListed}"));
                }

                readyAt.TrySetResult((at, total, measureSnapshot ? sessions.GetRawText().Length : null));
            });
        }

        connection.Closed += error =>
        {
            readyAt.TrySetException(new InvalidOperationException($"the server closed the connection before it was ready{(error is null ? "" : $": {error.Message}")}"));
            return Task.CompletedTask;
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var start = Stopwatch.GetTimestamp();
            await connection.StartAsync(timeout.Token);
            var handshakeDone = Stopwatch.GetTimestamp();
            var (at, total, chars) = await readyAt.Task.WaitAsync(timeout.Token);
            var expectedTotal = target.List ? target.ExpectedTotal : target.ExpectedSnapshotTotal;
            if (!target.Bare && total != expectedTotal)
            {
                throw new InvalidOperationException($"{(target.List ? "sessionsList" : "sessionsSnapshot")} counted {total} live sessions, expected {expectedTotal}");
            }

            return (connection, Ticks.ToMilliseconds(handshakeDone - start), Ticks.ToMilliseconds(at - start), total, chars);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static (double Rss, double Anon, double P50, double P95, double Collected) Medians(List<ConnectionCostRun> runs) =>
        runs.Count == 0
            ? (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : (Median(runs.Select(r => r.RssPerConnectionBytes)), Median(runs.Select(r => r.RssAnonPerConnectionBytes)),
               Median(runs.Select(r => r.ReadyMs.P50)), Median(runs.Select(r => r.ReadyMs.P95)),
               Median(runs.Select(r => r.HeapPerConnectionBytes)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
}
