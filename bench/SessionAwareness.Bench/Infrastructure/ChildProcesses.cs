using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SessionAwareness.Bench.Infrastructure;

/// <summary>
/// Every process the bench starts is registered here, so that an exception, Ctrl-C or SIGTERM still stops
/// them all. Only processes this bench started, by their id.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private static readonly List<PosixSignalRegistration> Signals = [];

    /// <summary>Hooks process exit and SIGINT/SIGTERM/SIGHUP: the children are killed before the bench goes.</summary>
    public static void InstallCleanup()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            Signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                Console.Error.WriteLine($"bench: {context.Signal}, stopping the servers it started");
                KillAll();
                // Ends here, without writing results from a half-run benchmark.
                context.Cancel = true;
                Environment.Exit(130);
            }));
        }
    }

    public static Process Start(ProcessStartInfo info, Action<string>? onLine = null)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = false;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };

        // Always drained: a child whose pipe fills up would block on its next log line.
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {info.FileName}");
        }

        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Forward(string? line)
        {
            if (line is not null)
            {
                onLine?.Invoke(line);
            }
        }
    }

    /// <summary>SIGTERM (a clean stop), then SIGKILL after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, 15);
                using var timeout = new CancellationTokenSource(grace);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            Live.TryRemove(process.Id, out _);
            process.Dispose();
        }
    }

    public static void KillAll()
    {
        foreach (var (id, process) in Live)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited meanwhile.
            }

            Live.TryRemove(id, out _);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

internal static class Ports
{
    /// <summary>A free TCP port on 127.0.0.1 (asked of the OS, then released).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Resident memory of a process, from /proc (Linux).</summary>
internal readonly record struct Memory(long VmRssBytes, long RssAnonBytes)
{
    public static Memory Of(int pid)
    {
        long rss = 0, anon = 0;
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Kilobytes(line);
            }
        }

        return new Memory(rss, anon);
    }

    /// <summary>The median of a few samples <paramref name="intervalMs"/> apart: one sample can catch a GC mid-way.</summary>
    public static async Task<Memory> SampleAsync(int pid, int samples = 5, int intervalMs = 400)
    {
        var values = new List<Memory>();
        for (var i = 0; i < samples; i++)
        {
            if (i > 0)
            {
                await Task.Delay(intervalMs);
            }

            values.Add(Of(pid));
        }

        var rss = values.Select(v => v.VmRssBytes).Order().ToList();
        var anon = values.Select(v => v.RssAnonBytes).Order().ToList();
        return new Memory(rss[rss.Count / 2], anon[anon.Count / 2]);
    }

    /// <summary>
    /// Waits until the process's RSS holds still: <paramref name="reads"/> reads <paramref name="interval"/>
    /// apart whose VmRSS lies within <paramref name="tolerance"/> of each other (a GC or a lazy page-in no
    /// longer moving it). Returns their median, and whether it settled before <paramref name="timeout"/>;
    /// if it did not, the median of the last reads.
    /// </summary>
    public static async Task<(Memory Memory, bool Settled)> SettledAsync(
        int pid, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken, int reads = 3, double tolerance = 0.01)
    {
        var watch = Stopwatch.StartNew();
        var last = new Queue<Memory>();
        while (true)
        {
            last.Enqueue(Of(pid));
            if (last.Count > reads)
            {
                last.Dequeue();
            }

            var rss = last.Select(m => m.VmRssBytes).Order().ToList();
            var settled = last.Count == reads && rss[^1] - rss[0] <= tolerance * rss[^1];
            if (settled || watch.Elapsed >= timeout)
            {
                var anon = last.Select(m => m.RssAnonBytes).Order().ToList();
                return (new Memory(rss[rss.Count / 2], anon[anon.Count / 2]), settled);
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    public static Memory operator +(Memory a, Memory b) => new(a.VmRssBytes + b.VmRssBytes, a.RssAnonBytes + b.RssAnonBytes);

    private static long Kilobytes(string line)
    {
        var digits = new string(line.Where(char.IsAsciiDigit).ToArray());
        return long.Parse(digits, CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>A temporary folder, removed on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string name) => Path = Directory.CreateTempSubdirectory($"session-awareness-bench-{name}-").FullName;

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process being stopped: the OS temp cleaner takes it.
        }
    }
}

/// <summary>CPU time a process has used (user + system), from /proc/PID/stat.</summary>
internal static class CpuTime
{
    // USER_HZ: 100 on every Linux platform .NET runs on.
    private const double TicksPerSecond = 100;

    public static double SecondsOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        // Fields after the command name (which is in parentheses and may hold spaces): state is field 3,
        // utime field 14, stime field 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
