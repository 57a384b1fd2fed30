using System.Text.RegularExpressions;

namespace SessionAwareness.AspNetCore.Devices;

/// <summary>
/// Short "browser" and "device" texts for the sessionRegistered notice. The User-Agent is
/// attacker-controlled: the results are plain text, passed on unencoded and unstripped, and it is
/// up to whoever displays them to treat them as text (the widget does).
/// </summary>
internal static partial class UserAgentSummary
{
    public const int MaxBrowserLength = 120;
    public const int MaxDeviceLength = 80;
    public const string UnknownBrowser = "Unknown browser";
    public const string UnknownDevice = "Unknown device";

    // Order matters: Edge and Opera also say "Chrome/", Chrome also says "Safari/".
    private static readonly (Regex Pattern, string Name)[] Browsers =
    [
        (EdgePattern(), "Edge"),
        (OperaPattern(), "Opera"),
        (FirefoxPattern(), "Firefox"),
        (ChromePattern(), "Chrome"),
        (SafariPattern(), "Safari"),
    ];

    /// <summary>"Chrome 156", "Firefox 130", "Edge 120", "Safari 17"…, else the raw User-Agent truncated.</summary>
    public static string Browser(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return UnknownBrowser;
        }

        foreach (var (pattern, name) in Browsers)
        {
            var match = pattern.Match(userAgent);
            if (match.Success)
            {
                return $"{name} {match.Groups["major"].Value}";
            }
        }

        return Truncate(userAgent, MaxBrowserLength);
    }

    /// <summary>The text in the User-Agent's first parentheses, truncated, else "Unknown device".</summary>
    public static string Device(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return UnknownDevice;
        }

        var open = userAgent.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : userAgent.IndexOf(')', open + 1);
        if (close < 0)
        {
            return UnknownDevice;
        }

        var inside = userAgent[(open + 1)..close].Trim();
        return inside.Length == 0 ? UnknownDevice : Truncate(inside, MaxDeviceLength);
    }

    /// <summary>At most <paramref name="max"/> UTF-16 units, never splitting a surrogate pair.</summary>
    public static string Truncate(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return value[..cut];
    }

    // Simple patterns with bounded repetitions, on a User-Agent already capped at 512 characters:
    // hostile input cannot make them backtrack for long.
    [GeneratedRegex(@"\bEdg(?:e|A|iOS)?/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex EdgePattern();

    [GeneratedRegex(@"\b(?:OPR|Opera)/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex OperaPattern();

    [GeneratedRegex(@"\b(?:Firefox|FxiOS)/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex FirefoxPattern();

    [GeneratedRegex(@"\b(?:HeadlessChrome|Chrome|CriOS)/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex ChromePattern();

    [GeneratedRegex(@"\bVersion/(?<major>\d{1,5})(?:\.\d{1,5}){0,3} (?:Mobile/\w{1,10} )?Safari/", RegexOptions.CultureInvariant)]
    private static partial Regex SafariPattern();
}
