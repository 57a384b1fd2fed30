using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace SessionAwareness.Bench.Infrastructure;

/// <summary>
/// Makes a .NET process run a full, blocking garbage collection, from outside, as <c>dotnet-gcdump</c> does (an
/// EventPipe session asking for the runtime's GC-heap-collect event makes the runtime induce a gen-2 GC), and reads
/// the size of its GC heap after it: what the process keeps alive, without the garbage it has not collected yet.
/// RSS holds that garbage, as much as the GC's budget stood at when it was read, and the GC keeps freed memory
/// committed; both moved the per-connection RSS by ±10 KB from run to run.
/// </summary>
internal static class InducedGc
{
    // Microsoft-Windows-DotNETRuntime keywords: GC (0x1) for GCStart/GCHeapStats, GCHeapCollect (0x800000) to induce it.
    private const long GcKeywords = 0x1 | 0x800000;

    /// <summary>
    /// Induces one full GC in <paramref name="pid"/> and returns the GC heap's size after it (all generations, the
    /// large and pinned object heaps included), in bytes; <c>null</c> if no full GC was seen within 20 s.
    /// </summary>
    public static Task<long?> CollectAsync(int pid, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var client = new DiagnosticsClient(pid);
            var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeywords) };
            using var session = client.StartEventPipeSession(providers, requestRundown: false);
            using var source = new EventPipeEventSource(session.EventStream);
            long? heapBytes = null;
            var fullGc = false;
            var stopped = 0;
            void Stop()
            {
                if (Interlocked.Exchange(ref stopped, 1) == 0)
                {
                    // Stopping the session ends the stream, and with it Process() below.
                    _ = Task.Run(() => session.Stop());
                }
            }

            source.Clr.GCStart += (GCStartTraceData e) => fullGc = e.Depth == 2;
            source.Clr.GCHeapStats += (GCHeapStatsTraceData e) =>
            {
                if (!fullGc || heapBytes is not null)
                {
                    return;
                }

                heapBytes = e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4;
                Stop();
            };
            using var timeout = new Timer(_ => Stop(), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
            using var cancelled = cancellationToken.Register(Stop);
            source.Process();
            return heapBytes;
        },
        cancellationToken);
}
