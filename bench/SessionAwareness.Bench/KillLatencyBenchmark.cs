using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SessionAwareness.Bench.Infrastructure;

namespace SessionAwareness.Bench;

internal sealed record KillResult(
    string AbortGracePeriod,
    double AbortGracePeriodMs,
    int Sessions,
    int Killed,
    int Refused,
    int EndedNotReceived,
    int NotClosed,
    Summary InvokeMs,
    Summary SessionEndedMs,
    Summary ClosedMs,
    Summary ClosedAfterEndedMs,
    IReadOnlyList<string> Errors);

/// <summary>
/// Benchmark 2: two demo instances over one redis-server. N sessions of alice, each with one hub connection
/// on instance 1; from a connection on instance 2, KillSession each in turn. Measured from the InvokeAsync
/// call until the target connection (a) receives sessionEnded and (b) is closed by the server.
/// </summary>
internal static class KillLatencyBenchmark
{
    private const string User = "alice";

    /// <summary>Kills before the measured ones: the first calls pay for JIT and for opening pools in both instances.</summary>
    private const int WarmUp = 5;

    /// <param name="repoRoot">The repository, whose demo server is started twice.</param>
    /// <param name="measured">How many kills are measured (after the warm-up ones).</param>
    /// <param name="grace">The SessionAwareness:AbortGracePeriod given to both instances, or <c>null</c> for the library's default (200 ms).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<KillResult> RunAsync(string repoRoot, int measured, TimeSpan? grace, CancellationToken cancellationToken)
    {
        var sessions = measured + WarmUp;
        var graceText = grace is { } g ? g.ToString("c", CultureInfo.InvariantCulture) : "default";
        var graceMs = grace?.TotalMilliseconds ?? 200;
        var errors = new List<string>();
        Log(graceText, $"{measured} sessions (+{WarmUp} warm-up) on instance 1, killed one by one from instance 2");

        // Through configuration, as an app would set it: the demo binds the SessionAwareness section from
        // the environment (SessionAwareness__AbortGracePeriod).
        var env = grace is { } value
            ? new Dictionary<string, string> { ["SessionAwareness__AbortGracePeriod"] = value.ToString("c", CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>();

        RedisServer? redis = null;
        AppServer? one = null, two = null;
        var killers = new List<HubConnection>();
        var targets = new HubConnection?[sessions];
        try
        {
            redis = await RedisServer.StartAsync();
            one = await AppServer.StartAsync(repoRoot, "redis", redis.Configuration, env);
            two = await AppServer.StartAsync(repoRoot, "redis", redis.Configuration, env);
            using var client = new SignInClient();

            // The killer session, on instance 2. KillSession is limited per connection (10 per 10 s by
            // default), so the kills go round-robin over enough connections that none is used 10 times.
            var killer = await client.SignInAsync(two.Url, User, null, cancellationToken);
            if (!killer.Succeeded)
            {
                throw new InvalidOperationException($"killer sign-in failed: {killer.Error}");
            }

            // The targets' handles are learnt as a page learns them: from the sessionRegistered the
            // killer's connection receives when each target signs in.
            var handles = new ConcurrentDictionary<int, string>();
            var killerCount = (sessions / 8) + 2;
            for (var k = 0; k < killerCount; k++)
            {
                var connection = SignInClient.Hub(two.Url, killer.Cookies);
                if (k == 0)
                {
                    connection.On<string, string, SessionDetails?>("sessionRegistered", (_, sessionId, details) =>
                    {
                        if (SignInClient.TryReadTag(details?.Browser, out var index))
                        {
                            handles[index] = sessionId;
                        }
                    });
                }
                else
                {
                    connection.On<string, string, SessionDetails?>("sessionRegistered", static (_, _, _) => { });
                }

                connection.On<string>("sessionClosed", static _ => { });
                connection.On<string, string>("sessionExpiry", static (_, _) => { });
                await connection.StartAsync(cancellationToken);
                killers.Add(connection);
            }

            var signIns = new SignIn[sessions];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, sessions),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    signIns[i] = await client.SignInAsync(one.Url, User, i, token);
                    if (!signIns[i].Succeeded)
                    {
                        throw new InvalidOperationException($"target sign-in {i} failed: {signIns[i].Error}");
                    }
                });

            var wait = Stopwatch.StartNew();
            while (handles.Count < sessions && wait.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50, cancellationToken);
            }

            if (handles.Count < sessions)
            {
                throw new InvalidOperationException($"the killer learnt only {handles.Count} of {sessions} handles from sessionRegistered");
            }

            var endedAt = new long[sessions];
            var closed = new TaskCompletionSource<long>[sessions];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, sessions),
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    closed[i] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                    var connection = SignInClient.Hub(one.Url, signIns[i].Cookies);
                    // sessionEnded(reason, details): a typed .NET handler must take both arguments, or SignalR drops the message.
                    connection.On<string, object?>("sessionEnded", (_, _) => Interlocked.CompareExchange(ref endedAt[i], Stopwatch.GetTimestamp(), 0));
                    connection.On<string>("sessionClosed", static _ => { });
                    connection.On<string, string>("sessionExpiry", static (_, _) => { });
                    connection.On<string, string, SessionDetails?>("sessionRegistered", static (_, _, _) => { });
                    connection.Closed += _ =>
                    {
                        closed[i].TrySetResult(Stopwatch.GetTimestamp());
                        return Task.CompletedTask;
                    };
                    await connection.StartAsync(token);
                    targets[i] = connection;
                });
            await Task.Delay(1000, cancellationToken);

            var invoke = new List<double>();
            var ended = new List<double>();
            var closedMs = new List<double>();
            var gap = new List<double>();
            int refused = 0, endedMissing = 0, notClosed = 0;
            for (var i = 0; i < sessions; i++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await killers[i % killers.Count].InvokeAsync("KillSession", handles[i], cancellationToken);
                }
                catch (HubException error)
                {
                    refused += i >= WarmUp ? 1 : 0;
                    if (errors.Count < 5)
                    {
                        errors.Add($"KillSession {i} refused: {error.Message}");
                    }

                    continue;
                }

                var measuredKill = i >= WarmUp;
                if (measuredKill)
                {
                    invoke.Add(Ticks.ToMilliseconds(Stopwatch.GetTimestamp() - start));
                }

                long closedAt;
                try
                {
                    closedAt = await closed[i].Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                }
                catch (TimeoutException)
                {
                    notClosed += measuredKill ? 1 : 0;
                    continue;
                }

                if (!measuredKill)
                {
                    continue;
                }

                closedMs.Add(Ticks.ToMilliseconds(closedAt - start));
                var endAt = Volatile.Read(ref endedAt[i]);
                if (endAt == 0)
                {
                    endedMissing++;
                    continue;
                }

                ended.Add(Ticks.ToMilliseconds(endAt - start));
                gap.Add(Ticks.ToMilliseconds(closedAt - endAt));
            }

            var result = new KillResult(
                graceText, graceMs, measured, invoke.Count, refused, endedMissing, notClosed,
                Summary.Of(invoke), Summary.Of(ended), Summary.Of(closedMs), Summary.Of(gap), errors);
            Log(graceText, $"killed {invoke.Count}/{measured}; sessionEnded p50 {result.SessionEndedMs.P50:F1} ms, closed p50 {result.ClosedMs.P50:F1} ms");
            return result;
        }
        finally
        {
            foreach (var connection in killers.Concat(targets.OfType<HubConnection>()))
            {
                await connection.DisposeAsync();
            }

            if (one is not null)
            {
                await one.DisposeAsync();
            }

            if (two is not null)
            {
                await two.DisposeAsync();
            }

            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }
    }

    private static void Log(string grace, string message) => Console.WriteLine($"[kill grace={grace}] {message}");
}
