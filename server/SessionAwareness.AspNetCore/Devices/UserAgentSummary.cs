using System.Text.RegularExpressions;

namespace SessionAwareness.AspNetCore.Devices;

/// <summary>
/// Short "browser", "OS" and "device" texts for the user's other sessions, made only of names from fixed lists and
/// version digits. The User-Agent is attacker-controlled: nothing of it is copied but the digits of a version, so a
/// User-Agent carrying a sentence ("Your account is locked, call …") cannot put words in front of the user.
/// </summary>
internal static partial class UserAgentSummary
{
    public const int MaxBrowserLength = 120;
    public const int MaxDeviceLength = 80;
    public const int MaxOsLength = 40;
    public const string UnknownBrowser = "Unknown browser";

    // Order matters: Edge, Opera and Samsung Internet also say "Chrome/", Chrome also says "Safari/".
    private static readonly (Regex Pattern, string Name)[] Browsers =
    [
        (EdgePattern(), "Edge"),
        (OperaPattern(), "Opera"),
        (SamsungPattern(), "Samsung Internet"),
        (FirefoxPattern(), "Firefox"),
        (ChromePattern(), "Chrome"),
        (SafariPattern(), "Safari"),
    ];

    /// <summary>"Chrome 156", "Firefox 130", "Edge 120", "Safari 17"…, else "Unknown browser" (never the User-Agent's own text).</summary>
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

        return UnknownBrowser;
    }

    /// <summary>
    /// The operating system and device type the User-Agent names, or ("", "") when it names none we know.
    /// Apple's and Google's mobile systems are looked for first: their User-Agents also say "Mac OS X" or "Linux".
    /// </summary>
    public static (string Os, string DeviceType) Platform(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return ("", DeviceTypes.Unknown);
        }

        if (IPhonePattern().IsMatch(userAgent))
        {
            return (WithVersion("iOS", AppleOsVersionPattern().Match(userAgent)), DeviceTypes.Mobile);
        }

        if (IPadPattern().IsMatch(userAgent))
        {
            return (WithVersion("iPadOS", AppleOsVersionPattern().Match(userAgent)), DeviceTypes.Tablet);
        }

        var android = AndroidPattern().Match(userAgent);
        if (android.Success)
        {
            // Android's own convention: phones' browsers say "Mobile", tablets' do not. Chrome's reduced
            // User-Agent always says "Android 10; K": that version is frozen, not the device's, so none is shown.
            var version = ReducedAndroidPattern().IsMatch(userAgent) ? Match.Empty : android;
            return (WithVersion("Android", version), MobileTokenPattern().IsMatch(userAgent) ? DeviceTypes.Mobile : DeviceTypes.Tablet);
        }

        if (ChromeOsPattern().IsMatch(userAgent))
        {
            return ("ChromeOS", DeviceTypes.Desktop);
        }

        // Windows 10 and 11 both say "Windows NT 10.0": the version cannot be told, so none is shown.
        if (WindowsPattern().IsMatch(userAgent))
        {
            return ("Windows", DeviceTypes.Desktop);
        }

        if (MacPattern().IsMatch(userAgent))
        {
            return ("macOS", DeviceTypes.Desktop);
        }

        if (LinuxPattern().IsMatch(userAgent))
        {
            return ("Linux", DeviceTypes.Desktop);
        }

        return ("", DeviceTypes.Unknown);
    }

    /// <summary>
    /// The short friendly device name: the OS for a desktop, "iPhone" / "Android phone" / "iPad" /
    /// "Android tablet" for the usual phones and tablets; <c>null</c> when the type is unknown.
    /// </summary>
    public static string? FriendlyDevice(string os, string deviceType)
    {
        var family = os.Split(' ', 2)[0];
        return deviceType switch
        {
            DeviceTypes.Desktop when os.Length > 0 => os,
            DeviceTypes.Mobile => family switch
            {
                "iOS" => "iPhone",
                "Android" => "Android phone",
                "" => "Phone",
                _ => Truncate(family + " phone", MaxDeviceLength),
            },
            DeviceTypes.Tablet => family switch
            {
                "iPadOS" => "iPad",
                "Android" => "Android tablet",
                "" => "Tablet",
                _ => Truncate(family + " tablet", MaxDeviceLength),
            },
            _ => null,
        };
    }

    private static string WithVersion(string name, Match version) =>
        version.Success && version.Groups["major"].Success ? $"{name} {version.Groups["major"].Value}" : name;

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
    [GeneratedRegex(@"\b(?:iPhone|iPod)\b", RegexOptions.CultureInvariant)]
    private static partial Regex IPhonePattern();

    [GeneratedRegex(@"\biPad\b", RegexOptions.CultureInvariant)]
    private static partial Regex IPadPattern();

    // "CPU iPhone OS 17_1 like Mac OS X" (iPhone), "CPU OS 17_1 like Mac OS X" (iPad).
    [GeneratedRegex(@"\bCPU (?:iPhone )?OS (?<major>\d{1,3})[_.)\s]", RegexOptions.CultureInvariant)]
    private static partial Regex AppleOsVersionPattern();

    [GeneratedRegex(@"\bAndroid(?:[ /](?<major>\d{1,3})(?![\d]))?", RegexOptions.CultureInvariant)]
    private static partial Regex AndroidPattern();

    [GeneratedRegex(@"\bAndroid 10; K\)", RegexOptions.CultureInvariant)]
    private static partial Regex ReducedAndroidPattern();

    [GeneratedRegex(@"\bMobile\b", RegexOptions.CultureInvariant)]
    private static partial Regex MobileTokenPattern();

    [GeneratedRegex(@"\bCrOS\b", RegexOptions.CultureInvariant)]
    private static partial Regex ChromeOsPattern();

    [GeneratedRegex(@"\bWindows(?: NT)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsPattern();

    [GeneratedRegex(@"\b(?:Macintosh|Mac OS X)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MacPattern();

    [GeneratedRegex(@"\bLinux\b", RegexOptions.CultureInvariant)]
    private static partial Regex LinuxPattern();

    [GeneratedRegex(@"\bEdg(?:e|A|iOS)?/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex EdgePattern();

    [GeneratedRegex(@"\b(?:OPR|Opera)/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex OperaPattern();

    [GeneratedRegex(@"\bSamsungBrowser/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex SamsungPattern();

    [GeneratedRegex(@"\b(?:Firefox|FxiOS)/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex FirefoxPattern();

    [GeneratedRegex(@"\b(?:HeadlessChrome|Chrome|CriOS)/(?<major>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex ChromePattern();

    [GeneratedRegex(@"\bVersion/(?<major>\d{1,5})(?:\.\d{1,5}){0,3} (?:Mobile/\w{1,10} )?Safari/", RegexOptions.CultureInvariant)]
    private static partial Regex SafariPattern();
}
