using System.Globalization;
using System.Text;

namespace SessionAwareness.Bench;

/// <summary>The readable tables.</summary>
internal static class Report
{
    public static void Print(List<FanOutResult> fanOut, List<KillResult> kills, List<StoreResult> stores, List<ConnectionCostResult> connectionCost, List<string> failures)
    {
        if (fanOut.Count > 0)
        {
            Console.WriteLine("\n== 1. Fan-out: sessionRegistered to every hub connection of alice while alice signs in again and again");
            Table(
                ["config", "conns", "sign-ins ok/sent", "rate/s", "expected", "received", "dupl.", "missing", "stray", "p50 ms", "p95 ms", "p99 ms", "max ms", "all-conns p50/p99 ms", "POST p50/p99 ms"],
                fanOut.Select(r => new[]
                {
                    r.Config, $"{r.ConnectionsOpened}", $"{r.SignInsSucceeded}/{r.SignInsAttempted}", F(r.SignInsPerSecondAchieved, 1),
                    $"{r.Receipts.Expected:N0}", $"{r.Receipts.Unique:N0}", $"{r.Receipts.Duplicates}", $"{r.Receipts.Missing}", $"{r.Receipts.Unexpected}",
                    F(r.DeliveryLatencyMs.P50), F(r.DeliveryLatencyMs.P95), F(r.DeliveryLatencyMs.P99), F(r.DeliveryLatencyMs.Max),
                    $"{F(r.AllDeliveredLatencyMs.P50)} / {F(r.AllDeliveredLatencyMs.P99)}", $"{F(r.PostLatencyMs.P50)} / {F(r.PostLatencyMs.P99)}",
                }));
            Table(
                ["config", "server RSS before", "after conns", "per conn (RSS)", "per conn (RssAnon)", "after load", "open conns s", "CPU s: server(s)", "redis", "bench", "closed during run"],
                fanOut.Select(r => new[]
                {
                    r.Config, Mb(r.Memory.RssBeforeBytes), Mb(r.Memory.RssAfterBytes), Kb(r.Memory.RssPerConnectionBytes), Kb(r.Memory.RssAnonPerConnectionBytes),
                    Mb(r.Memory.RssAfterLoadBytes), F(r.OpenSeconds, 1), F(r.ServerCpuSecondsDuringLoad, 1), r.RedisCpuSecondsDuringLoad is { } redis ? F(redis, 1) : "—", F(r.BenchCpuSecondsDuringLoad, 1), $"{r.ConnectionsClosedDuringRun}",
                }));
            foreach (var r in fanOut)
            {
                Console.WriteLine($"  {r.Config}: delivery p50 (ms) per {r.WindowSeconds} s of sign-ins: {string.Join(", ", r.DeliveryP50ByWindowMs.Select(v => F(v, 0)))}");
            }

            foreach (var error in fanOut.SelectMany(r => r.Errors.Select(e => $"{r.Config}: {e}")))
            {
                Console.WriteLine($"  ! {error}");
            }
        }

        if (kills.Count > 0)
        {
            Console.WriteLine("\n== 2. Kill latency across instances (KillSession on instance 2 → the connection on instance 1), ms from InvokeAsync");
            Table(
                ["AbortGracePeriod", "killed", "refused", "no sessionEnded", "not closed", "invoke p50", "sessionEnded p50", "p99", "max", "closed p50", "p99", "max", "closed − ended p50"],
                kills.Select(r => new[]
                {
                    r.AbortGracePeriod == "default" ? "default (200 ms)" : r.AbortGracePeriod, $"{r.Killed}/{r.Sessions}", $"{r.Refused}", $"{r.EndedNotReceived}", $"{r.NotClosed}",
                    F(r.InvokeMs.P50), F(r.SessionEndedMs.P50), F(r.SessionEndedMs.P99), F(r.SessionEndedMs.Max),
                    F(r.ClosedMs.P50), F(r.ClosedMs.P99), F(r.ClosedMs.Max), F(r.ClosedAfterEndedMs.P50),
                }));
            foreach (var error in kills.SelectMany(r => r.Errors))
            {
                Console.WriteLine($"  ! {error}");
            }
        }

        if (stores.Count > 0)
        {
            Console.WriteLine($"\n== 3. Session stores, one operation at a time: median / p99 in µs; ratio = median at the larger size ÷ at the smaller (flag > {StoreBenchmark.FlagRatio}×)");
            foreach (var store in stores)
            {
                var header = new List<string> { store.Store };
                header.AddRange(store.Sizes.Select(size => $"{size.Sessions:N0}: p50 / p99"));
                header.Add("ratio p50");
                header.Add("ratio p99");
                Table(
                    header.ToArray(),
                    StoreBenchmark.Operations.Select(operation =>
                    {
                        var row = new List<string> { StoreBenchmark.Labels[operation] };
                        row.AddRange(store.Sizes.Select(size => $"{Us(size.OperationsMicroseconds[operation].P50)} / {Us(size.OperationsMicroseconds[operation].P99)}"));
                        var flagged = store.Flagged.Contains(operation) ? "  ⚑" : "";
                        row.Add(store.MedianRatio.TryGetValue(operation, out var ratio) ? $"{F(ratio, 2)}×{flagged}" : "");
                        row.Add(store.P99Ratio.TryGetValue(operation, out var p99) ? $"{F(p99, 2)}×" : "");
                        return row.ToArray();
                    }));
                Console.WriteLine("  prefill: " + string.Join(", ", store.Sizes.Select(size => $"{size.Sessions:N0} in {F(size.PrefillSeconds, 1)} s")) + $" ({(store.Sizes.Count > 0 ? store.Sizes[0].PrefillMethod : null)})");
                if (store.Flagged.Count > 0)
                {
                    var largest = store.Sizes[^1].OperationsMicroseconds;
                    Console.WriteLine($"  ⚑ over {StoreBenchmark.FlagRatio}×: " + string.Join(", ", store.Flagged.Select(operation =>
                        largest[operation].P50 < 10 ? $"{StoreBenchmark.Labels[operation]} (still < 10 µs)" : StoreBenchmark.Labels[operation])));
                }
            }
        }

        if (connectionCost.Count > 0)
        {
            var first = connectionCost[0];
            Console.WriteLine($"\n== 4. Cost per hub connection against a bare SignalR hub: {first.Connections:N0} connections of one cookie, medians of {first.Runs.Count} repetition(s); ready = StartAsync → the hub's last on-connect message");
            Table(
                ["config", "GC heap per conn", "× bare", "RSS per conn", "× bare", "RssAnon per conn", "× bare", "ready p50 ms", "× bare", "ready p95 ms", "× bare", "handshake p50 ms", "runs: RSS per conn", "settled"],
                connectionCost.Select(r => new[]
                {
                    r.Label, Kb(r.HeapPerConnectionBytes), Ratio(r.HeapRatio),
                    Kb(r.RssPerConnectionBytes), Ratio(r.RssRatio), Kb(r.RssAnonPerConnectionBytes), Ratio(r.RssAnonRatio),
                    F(r.ReadyP50Ms, 2), Ratio(r.ReadyP50Ratio), F(r.ReadyP95Ms, 2), Ratio(r.ReadyP95Ratio),
                    r.Runs.Count == 0 ? "—" : F(r.Runs.Select(run => run.HandshakeMs.P50).Order().ElementAt(r.Runs.Count / 2), 2),
                    string.Join(" / ", r.Runs.Select(run => Kb(run.RssPerConnectionBytes))),
                    r.Error is not null ? "FAILED" : r.Runs.All(run => run.Settled && run.HeapAfterBytes is not null) ? "yes" : "no",
                }));
            if (first.Connections < 1_000)
            {
                // At a few hundred connections the whole difference is about what the server GC lets its heap grow before it collects.
                Console.WriteLine($"  ! {first.Connections} connections: the RSS per connection is within the server GC's noise here; full mode (1,000) for figures");
            }
        }

        foreach (var failure in failures)
        {
            Console.WriteLine($"\nFAILED {failure}");
        }
    }

    private static string F(double value, int decimals = 1) =>
        double.IsNaN(value) ? "—" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    // Microseconds: whole numbers, but one decimal below 10 µs (the in-memory store).
    private static string Us(double value) => F(value, value < 10 ? 1 : 0);

    private static string Ratio(double? ratio) => ratio is { } value ? $"{F(value, 2)}×" : "—";

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F1} MB";

    private static string Kb(double bytes) => double.IsNaN(bytes) ? "—" : $"{bytes / 1024.0:F1} KB";

    private static void Table(string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(row => i < row.Length ? row[i].Length : 0)).ToArray();
        var text = new StringBuilder();
        for (var r = 0; r < all.Count; r++)
        {
            text.Append("  ");
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < all[r].Length ? all[r][i] : "";
                text.Append(i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
                text.Append(i == widths.Length - 1 ? "" : "  ");
            }

            text.AppendLine();
            if (r == 0)
            {
                text.Append("  ").AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }

        Console.Write(text);
    }
}
