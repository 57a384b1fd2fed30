using System.Diagnostics;

namespace SessionAwareness.Bench.Infrastructure;

/// <summary>A redis-server on a free 127.0.0.1 port, no persistence (as test/e2e/servers.ts starts it for speed).</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _folder;

    private RedisServer(Process process, TempFolder folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>StackExchange.Redis configuration string (the demo's REDIS_URL).</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var binary = Environment.GetEnvironmentVariable("REDIS_SERVER_PATH") is { Length: > 0 } path ? path : "redis-server";
        var port = Ports.Free();
        var folder = new TempFolder("redis");
        var info = new ProcessStartInfo(binary) { WorkingDirectory = folder.Path };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", folder.Path, "--loglevel", "warning" })
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = ChildProcesses.Start(info);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            folder.Dispose();
            throw new InvalidOperationException($"{binary} could not be started ({error.Message}): is redis-server installed? (REDIS_SERVER_PATH)", error);
        }

        var server = new RedisServer(process, folder, port);
        var deadline = Stopwatch.StartNew();
        while (!await SessionAwareness.Testing.RedisProbe.AnswersPingAsync(port, TimeSpan.FromMilliseconds(500)))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{binary} did not answer on 127.0.0.1:{port} within 10 s");
            }

            await Task.Delay(50);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.StopAsync(_process, TimeSpan.FromSeconds(5));
        _folder.Dispose();
    }

}

/// <summary>
/// One ASP.NET Core server process of the bench on a free 127.0.0.1 port: the demo (demo/server, the built
/// dll), started as scripts/server.mjs starts it — <c>dotnet demo/server/bin/Release/net10.0/SessionAwareness.Demo.dll</c>
/// from the repository root — or the bare hub of the connection-cost baseline (bench/SessionAwareness.Bench.BareHub).
/// </summary>
internal sealed class AppServer : IAsyncDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly TempFolder _data;
    private readonly Queue<string> _lastLines = new();

    private AppServer(Process process, TempFolder data, int port)
    {
        _process = process;
        _data = data;
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server's last log lines (for an error report).</summary>
    public string LastLines
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    public static string DllPath(string repoRoot) =>
        Path.Combine(repoRoot, "demo", "server", "bin", "Release", "net10.0", "SessionAwareness.Demo.dll");

    /// <summary>
    /// The bare hub, built with the bench (a project reference) in the bench's own configuration.
    /// </summary>
    public static string BareHubDllPath(string repoRoot) =>
        Path.Combine(repoRoot, "bench", "SessionAwareness.Bench.BareHub", "bin", BuildConfiguration, "net10.0", "SessionAwareness.Bench.BareHub.dll");

    /// <summary>Starts the demo with SESSION_STORE=<paramref name="store"/> and the extra environment; returns once /login answers.</summary>
    public static Task<AppServer> StartAsync(string repoRoot, string store, string? redisUrl, IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var dll = DllPath(repoRoot);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run npm run build:server");
        }

        var environment = new Dictionary<string, string?>
        {
            ["SESSION_STORE"] = store,
            // Long enough that nothing expires, and no cookie authentication expiry closes a connection mid-run.
            ["SESSION_IDLE_SECONDS"] = "3600",
            ["REDIS_URL"] = redisUrl,

            // The benchmarks are one user's load on purpose (1,000 tabs of one session, 1,000 sessions, many kills):
            // the per-user and per-session bounds that stop a flood in production would stop them too.
            ["SessionAwareness__MaxConnectionsPerSession"] = "10000",
            ["SessionAwareness__MaxSessionsPerUser"] = "10000",
            ["SessionAwareness__KillRateLimit"] = "1000000",
        };
        foreach (var (name, value) in extraEnv ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return LaunchAsync(repoRoot, dll, "the demo server", environment);
    }

    /// <summary>
    /// Starts the bare hub (no session-awareness); returns once /login answers. <paramref name="connectedChars"/>:
    /// the size of its on-connect message (0: the user's name).
    /// </summary>
    public static Task<AppServer> StartBareHubAsync(string repoRoot, int connectedChars = 0, string? redisConfiguration = null)
    {
        var dll = BareHubDllPath(repoRoot);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the bench (dotnet build bench/SessionAwareness.Bench -c {BuildConfiguration})");
        }

        return LaunchAsync(repoRoot, dll, "the bare hub", new Dictionary<string, string?>
        {
            ["CONNECTED_CHARS"] = connectedChars.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BARE_REDIS"] = redisConfiguration,
        });
    }

    private static async Task<AppServer> LaunchAsync(string repoRoot, string dll, string what, IReadOnlyDictionary<string, string?> environment)
    {
        var port = Ports.Free();
        var data = new TempFolder("demo-data");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repoRoot };
        info.ArgumentList.Add(dll);
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["SESSION_DATA_DIR"] = data.Path;
        info.Environment.Remove("REDIS_URL");
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        AppServer? server = null;
        var process = ChildProcesses.Start(info, line => server?.Keep(line));
        server = new AppServer(process, data, port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var lines = server.LastLines;
                await server.DisposeAsync();
                throw new InvalidOperationException($"{what} exited at start:\n{lines}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(server.Url, "/login"));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{what} did not answer within 30 s");
            }

            await Task.Delay(200);
        }
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    public Memory Memory() => Infrastructure.Memory.Of(_process.Id);

    public Task<Memory> SampleMemoryAsync() => Infrastructure.Memory.SampleAsync(_process.Id);

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.StopAsync(_process, TimeSpan.FromSeconds(10));
        _data.Dispose();
    }

    private void Keep(string line)
    {
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
