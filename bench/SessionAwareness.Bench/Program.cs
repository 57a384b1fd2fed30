// Server benchmarks of session-awareness (npm run bench runs this after the browser benchmarks).
//   dotnet run -c Release --project bench/SessionAwareness.Bench -- [--quick] [--only fanout,kill,stores,conncost] [--out FILE]
// It starts and stops everything it needs: the built demo server (npm run build:server), the bare hub
// (bench/SessionAwareness.Bench.BareHub, built with the bench) and redis-server.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using SessionAwareness.Bench;
using SessionAwareness.Bench.Infrastructure;

var arguments = Arguments.Parse(args);
if (arguments.Help)
{
    Console.WriteLine("""
        SessionAwareness.Bench [--quick] [--only fanout,kill,stores,conncost] [--fanout memory,sqlite,redis] [--stores memory,sqlite,redis]
                               [--conncost bare,memory,sqlite,sqlite-others,sqlite-newer,redis] [--out FILE] [--repo DIR]
          --quick      short runs for development (also BENCH_QUICK=1)
          --only       which benchmarks (also BENCH_ONLY); default all four
          --fanout     which fan-out configurations (also BENCH_FANOUT); default memory,sqlite,redis
          --stores     which session stores the store benchmark measures (also BENCH_STORES); default all three
          --conncost   which connection-cost configurations (also BENCH_CONNCOST); bare always runs; also
                       STORE-others (1,000 sessions signed in before the measured one), STORE-newer (after it), each
                       optionally with -list (a <session-list> page), and bare-25k (a 25,000-char on-connect message);
                       default bare,memory,sqlite,sqlite-others,sqlite-newer,redis
          --out        the JSON results (default bench/results/server.json)
        """);
    return 0;
}

// Ctrl-C, SIGTERM, SIGHUP: the servers this bench started are killed, then the bench ends.
ChildProcesses.InstallCleanup();
using var cancel = new CancellationTokenSource();

var repoRoot = arguments.RepoRoot ?? FindRepoRoot();
var quick = arguments.Quick;
var outFile = arguments.Out ?? Path.Combine(repoRoot, "bench", "results", "server.json");
var started = Stopwatch.StartNew();
// Other work on the machine skews every figure here: the load average is printed and kept with the results.
var loadAtStart = LoadAverage();
Console.WriteLine($"session-awareness server benchmarks ({(quick ? "quick" : "full")} mode), {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average {loadAtStart}");

var fanOut = new List<FanOutResult>();
var kills = new List<KillResult>();
var stores = new List<StoreResult>();
var connectionCost = new List<ConnectionCostResult>();
var failures = new List<string>();

async Task Guarded(string name, Func<Task> run)
{
    try
    {
        await run();
    }
    catch (Exception error) when (error is not OperationCanceledException || !cancel.IsCancellationRequested)
    {
        failures.Add($"{name}: {error.GetType().Name}: {error.Message}");
        Console.Error.WriteLine($"bench: {name} failed: {error}");
    }
}

try
{
    if (arguments.Runs("fanout"))
    {
        // Full: 50 sessions × 20 connections = 1,000 hub connections of alice, 20 sign-ins/s for 60 s.
        var sessions = quick ? 10 : 50;
        var perSession = quick ? 10 : 20;
        var seconds = quick ? 5 : 60;
        var settle = TimeSpan.FromSeconds(quick ? 2 : 5);
        var drain = TimeSpan.FromSeconds(quick ? 10 : 30);
        foreach (var config in arguments.FanOutConfigs)
        {
            var settings = config switch
            {
                "memory" => new FanOutSettings("A memory", "memory", 1, sessions, perSession, 20, TimeSpan.FromSeconds(seconds), settle, drain),
                "sqlite" => new FanOutSettings("A sqlite", "sqlite", 1, sessions, perSession, 20, TimeSpan.FromSeconds(seconds), settle, drain),
                "redis" => new FanOutSettings("B redis ×2", "redis", 2, sessions, perSession, 20, TimeSpan.FromSeconds(seconds), settle, drain),
                _ => throw new ArgumentException($"unknown fan-out configuration {config}"),
            };
            await Guarded($"fan-out {settings.Name}", async () => fanOut.Add(await FanOutBenchmark.RunAsync(repoRoot, settings, cancel.Token)));
        }
    }

    if (arguments.Runs("kill"))
    {
        var sessions = quick ? 20 : 200;
        await Guarded("kill (default grace)", async () => kills.Add(await KillLatencyBenchmark.RunAsync(repoRoot, sessions, null, cancel.Token)));
        await Guarded("kill (grace 0)", async () => kills.Add(await KillLatencyBenchmark.RunAsync(repoRoot, sessions, TimeSpan.Zero, cancel.Token)));
    }

    if (arguments.Runs("stores"))
    {
        var settings = new StoreSettings(
            Sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
            PointIterations: quick ? 300 : 2_000,
            TakeExpiredRounds: quick ? 30 : 200,
            Stores: arguments.Stores);
        await Guarded("stores", async () => stores.AddRange(await StoreBenchmark.RunAsync(settings, cancel.Token)));
    }

    if (arguments.Runs("conncost"))
    {
        // Full: 1,000 connections of one session, 3 repetitions; the other sessions of "-others": 1,000.
        var settings = new ConnectionCostSettings(
            Configs: arguments.ConnectionCostConfigs,
            Connections: quick ? 200 : 1_000,
            Repetitions: quick ? 1 : 3,
            // BENCH_CONNCOST_OTHERS=n: another count, e.g. 49 (the most newer sessions under MaxSessionsPerUser's default 50).
            OtherSessions: int.TryParse(Environment.GetEnvironmentVariable("BENCH_CONNCOST_OTHERS"), out var others) && others > 0 ? others : quick ? 200 : 1_000,
            Concurrency: 4,
            WarmUpConnections: 20,
            // RSS is read until 3 reads this far apart lie within 1 % of each other.
            SettleInterval: TimeSpan.FromSeconds(quick ? 0.5 : 1),
            SettleTimeout: TimeSpan.FromSeconds(15));
        await Guarded("connection cost", async () =>
        {
            connectionCost.AddRange(await ConnectionCostBenchmark.RunAsync(repoRoot, settings, cancel.Token));
            failures.AddRange(connectionCost.Where(r => r.Error is not null).Select(r => $"connection cost {r.Label}: {r.Error}"));
        });
    }
}
finally
{
    ChildProcesses.KillAll();
}

var elapsed = started.Elapsed;
var loadAtEnd = LoadAverage();
Report.Print(fanOut, kills, stores, connectionCost, failures);
Console.WriteLine($"\nserver benchmarks took {elapsed.TotalMinutes:F1} min; load average at start {loadAtStart}, at end {loadAtEnd}");

var document = new
{
    generatedAt = DateTimeOffset.UtcNow,
    mode = quick ? "quick" : "full",
    machine = new
    {
        cores = Environment.ProcessorCount,
        os = RuntimeInformation.OSDescription,
        dotnet = Environment.Version.ToString(),
        loadAverageAtStart = loadAtStart,
        loadAverageAtEnd = loadAtEnd,
    },
    durationSeconds = Math.Round(elapsed.TotalSeconds, 1),
    fanOut,
    killLatency = kills,
    stores,
    storeFlagRatio = StoreBenchmark.FlagRatio,
    connectionCost,
    failures,
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(document, new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
}));
Console.WriteLine($"results: {outFile}");
return failures.Count == 0 ? 0 : 1;

// The 1, 5 and 15 minute load averages.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string FindRepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "session-awareness.slnx")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("repository root (session-awareness.slnx) not found: pass --repo DIR");
}

internal sealed record Arguments(bool Quick, bool Help, IReadOnlySet<string> Only, IReadOnlyList<string> FanOutConfigs, string? Out, string? RepoRoot)
{
    /// <summary>The stores the store benchmark measures.</summary>
    public IReadOnlyList<string> Stores { get; init; } = ["memory", "sqlite", "redis"];

    /// <summary>The connection-cost configurations (the bare hub runs whatever this says).</summary>
    public IReadOnlyList<string> ConnectionCostConfigs { get; init; } = ConnectionCostSettings.DefaultConfigs;

    public bool Runs(string benchmark) => Only.Count == 0 || Only.Contains(benchmark);

    public static Arguments Parse(string[] args)
    {
        var quick = Environment.GetEnvironmentVariable("BENCH_QUICK") is "1" or "true";
        var help = false;
        var only = List(Environment.GetEnvironmentVariable("BENCH_ONLY"));
        var fanOut = List(Environment.GetEnvironmentVariable("BENCH_FANOUT"));
        var storeKinds = List(Environment.GetEnvironmentVariable("BENCH_STORES"));
        var connectionCost = List(Environment.GetEnvironmentVariable("BENCH_CONNCOST"));
        string? outFile = null, repo = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--only":
                    only = List(Next());
                    break;
                case "--fanout":
                    fanOut = List(Next());
                    break;
                case "--stores":
                    storeKinds = List(Next());
                    break;
                case "--conncost":
                    connectionCost = List(Next());
                    break;
                case "--out":
                    outFile = Next();
                    break;
                case "--repo":
                    repo = Next();
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]} (--help)");
            }
        }

        return new Arguments(quick, help, only.ToHashSet(), fanOut.Count == 0 ? ["memory", "sqlite", "redis"] : fanOut, outFile, repo)
        {
            Stores = storeKinds.Count == 0 ? ["memory", "sqlite", "redis"] : storeKinds,
            ConnectionCostConfigs = connectionCost.Count == 0 ? ConnectionCostSettings.DefaultConfigs : connectionCost,
        };
    }

    private static List<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLower(CultureInfo.InvariantCulture)).ToList();
}
