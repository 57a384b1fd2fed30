using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.Tests.Stores;

/// <summary>
/// A real redis-server on a free loopback port, shared by every test class in the "redis" collection
/// (<see cref="RedisServerCollectionDefinition"/>). Nothing is persisted; tests isolate themselves with their own key
/// prefixes. The server path comes from <c>REDIS_SERVER_PATH</c>, else <c>redis-server</c> on the PATH.
/// If it cannot start, the fixture throws: tests fail, they are never skipped.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    /// <summary>The name of the xunit collection that shares one server.</summary>
    public const string CollectionName = "redis";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly StringBuilder _output = new();
    private Process? _process;
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>The loopback port the server listens on; it stays the same across <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public int Port { get; } = FreePort();

    /// <summary>
    /// Keep the data across <see cref="StopAsync"/> and <see cref="StartAsync"/> (an append-only file in a
    /// temporary folder, removed on dispose), as a production Redis that holds sessions must. Set before
    /// <see cref="InitializeAsync"/>.
    /// </summary>
    public bool Persistent { get; init; }

    private string? _dataDirectory;

    /// <summary>"127.0.0.1:port", for StackExchange.Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>A connection shared by the tests. It reconnects by itself after <see cref="StartAsync"/>.</summary>
    public IConnectionMultiplexer Multiplexer =>
        _multiplexer ?? throw new InvalidOperationException("The Redis fixture is not initialized.");

    /// <summary>Starts the server and connects <see cref="Multiplexer"/>.</summary>
    public async Task InitializeAsync()
    {
        await StartAsync();
        var options = ConfigurationOptions.Parse(ConnectionString);

        // Keep retrying after the server goes away in a "Redis down" test instead of giving up.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Starts redis-server on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var path = Environment.GetEnvironmentVariable("REDIS_SERVER_PATH") is { Length: > 0 } configured ? configured : "redis-server";
        var info = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (Persistent)
        {
            _dataDirectory ??= Directory.CreateTempSubdirectory("session-awareness-redis-").FullName;
        }

        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", Persistent ? "yes" : "no", "--appendfsync", "always", "--daemonize", "no",
                     "--dir", _dataDirectory ?? Path.GetTempPath(),
                 })
        {
            info.ArgumentList.Add(argument);
        }

        lock (_output)
        {
            _output.Clear();
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"Could not start '{path}'. Install Redis or set REDIS_SERVER_PATH to a redis-server binary.", ex);
        }

        // Drained continuously: a full pipe would block the server; kept for the error message.
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await SessionAwareness.Testing.RedisProbe.AnswersPingAsync(Port, TimeSpan.FromSeconds(1)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await StopAsync();
                string output;
                lock (_output)
                {
                    output = _output.ToString();
                }

                throw new InvalidOperationException(
                    $"redis-server ('{path}') did not answer PING on {ConnectionString} within {StartTimeout.TotalSeconds} s. Output:\n{output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Kills the server (as a crash would) and waits until it is gone. Data is lost unless <see cref="Persistent"/>
    /// (every write is already on disk then: appendfsync always).
    /// </summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    /// <summary>Closes <see cref="Multiplexer"/> and kills the server.</summary>
    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        await StopAsync();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }


    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}

/// <summary>The xunit collection of tests that share one <see cref="RedisServerFixture"/>; join it with <c>[Collection(RedisServerFixture.CollectionName)]</c>.</summary>
[CollectionDefinition(RedisServerFixture.CollectionName)]
public sealed class RedisServerCollectionDefinition : ICollectionFixture<RedisServerFixture>
{
}
