using System.Globalization;

namespace SessionAwareness.Samples.Shared;

/// <summary>Reads the apps' environment variables. Shared by the demo and the samples (linked into each).</summary>
internal static class EnvironmentSetting
{
    /// <summary>
    /// A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when unset.
    /// A typo fails the start (<see cref="InvalidOperationException"/> naming the variable) instead of silently
    /// running with the default.
    /// </summary>
    public static int ReadInt(Func<string, string?> get, string key, int fallback, int min, int max = int.MaxValue)
    {
        var raw = get(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}.");
        }

        return value;
    }
}
