using System.Diagnostics;

namespace SessionAwareness.Bench.Infrastructure;

/// <summary>Percentiles of a sample (linear interpolation between closest ranks), in the sample's unit.</summary>
internal sealed record Summary(int Count, double Min, double P50, double P95, double P99, double Max, double Mean)
{
    public static readonly Summary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new Summary(
            sorted.Length, Round(sorted[0]), Round(Percentile(sorted, 50)), Round(Percentile(sorted, 95)), Round(Percentile(sorted, 99)), Round(sorted[^1]), Round(sorted.Average()));
    }

    // Three decimals of a ms or a µs are well below what these measurements can tell apart.
    private static double Round(double value) => Math.Round(value, 3);

    public static double Percentile(double[] sorted, double percent)
    {
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}

internal static class Ticks
{
    public static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static long FromMilliseconds(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000.0);
}
