using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SessionAwareness.AspNetCore.Devices;

/// <summary>
/// The default <see cref="IDeviceDescriber"/>: a short summary of the User-Agent, improved with User-Agent
/// Client Hints (<c>Sec-CH-UA</c>, <c>Sec-CH-UA-Platform</c>, <c>Sec-CH-UA-Mobile</c>) where the browser
/// sends them. Every header is attacker-controlled, so every text is a name from a fixed list (known browsers,
/// systems and devices) with version digits at most: what is not recognised is "Unknown browser" or empty,
/// never a copy of the header.
/// </summary>
public sealed partial class UserAgentDeviceDescriber : IDeviceDescriber
{
    /// <summary>Longest User-Agent looked at.</summary>
    public const int MaxUserAgentLength = 512;

    // Sec-CH-UA brands we name, with the name shown; any other brand (GREASE, or made up) is not taken.
    private static readonly Dictionary<string, string> KnownBrands = new(StringComparer.Ordinal)
    {
        ["Google Chrome"] = "Chrome",
        ["HeadlessChrome"] = "Chrome",
        ["Microsoft Edge"] = "Edge",
        ["Opera"] = "Opera",
        ["Opera GX"] = "Opera GX",
        ["Samsung Internet"] = "Samsung Internet",
        ["Brave"] = "Brave",
        ["YaBrowser"] = "Yandex Browser",
        ["Yandex"] = "Yandex Browser",
    };

    // Sec-CH-UA-Platform values (the spec's list), with the name shown; "Unknown" and anything else are not taken.
    private static readonly Dictionary<string, string> KnownPlatforms = new(StringComparer.Ordinal)
    {
        ["Windows"] = "Windows",
        ["macOS"] = "macOS",
        ["Linux"] = "Linux",
        ["Chrome OS"] = "ChromeOS",
        ["Chromium OS"] = "ChromeOS",
        ["Android"] = "Android",
        ["iOS"] = "iOS",
        ["Fuchsia"] = "Fuchsia",
    };

    /// <inheritdoc />
    public DeviceDescription Describe(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userAgent = UserAgentSummary.Truncate(request.Headers.UserAgent.ToString(), MaxUserAgentLength);
        // Only Chromium-family browsers send hints, and they describe the same browser as its (reduced,
        // frozen) User-Agent. A User-Agent without the Chrome token was overridden (by the user, an extension
        // or a tool): it is what the browser claims to be, and the hints are not trusted over it.
        var useHints = userAgent.Contains("Chrome/", StringComparison.Ordinal);
        var browser = (useHints ? HintedBrowser(request.Headers["Sec-CH-UA"].ToString()) : null) ?? UserAgentSummary.Browser(userAgent);
        var (os, deviceType) = UserAgentSummary.Platform(userAgent);
        if (useHints && HintedPlatform(request.Headers["Sec-CH-UA-Platform"].ToString()) is { } platform)
        {
            (os, deviceType) = FromHints(platform, request.Headers["Sec-CH-UA-Mobile"].ToString().Trim(), os, deviceType);
        }

        // Of an unknown type, the device is the system alone ("Fuchsia"), or nothing when that is unknown too.
        var device = UserAgentSummary.FriendlyDevice(os, deviceType) ?? os;
        return new DeviceDescription(browser, device) { Os = os, DeviceType = deviceType };
    }

    // The platform hint names the OS (it is not frozen like the User-Agent); the version stays the one the
    // User-Agent gave for the same OS (Android's is dropped when reduced). Sec-CH-UA-Mobile decides phone or
    // not; without it, the User-Agent's "Mobile" token does.
    private static (string Os, string DeviceType) FromHints(string name, string mobile, string uaOs, string uaType)
    {
        var os = uaOs == name || uaOs.StartsWith(name + " ", StringComparison.Ordinal) ? uaOs : name;
        var type = mobile switch
        {
            "?1" => DeviceTypes.Mobile,
            "?0" when name == "Android" => DeviceTypes.Tablet,
            "?0" when name is "Windows" or "macOS" or "Linux" or "ChromeOS" => DeviceTypes.Desktop,
            "?0" => DeviceTypes.Unknown,
            _ when name == "Android" => uaType is DeviceTypes.Mobile or DeviceTypes.Tablet ? uaType : DeviceTypes.Unknown,
            _ when name is "Windows" or "macOS" or "Linux" or "ChromeOS" => DeviceTypes.Desktop,
            _ => DeviceTypes.Unknown,
        };
        return (os, type);
    }

    // Sec-CH-UA: "Chromium";v="156", "Google Chrome";v="156", "Not.A/Brand";v="99". The first known brand wins
    // over the engine ("Chromium"), which is taken only when no other brand is known.
    private static string? HintedBrowser(string header)
    {
        if (header.Length is 0 or > 512)
        {
            return null;
        }

        string? chromium = null;
        foreach (Match brand in BrandPattern().Matches(header))
        {
            var name = brand.Groups["name"].Value;
            var version = brand.Groups["version"].Value;
            if (name == "Chromium")
            {
                chromium ??= $"Chromium {version}";
            }
            else if (KnownBrands.TryGetValue(name, out var shown))
            {
                return $"{shown} {version}";
            }
        }

        return chromium;
    }

    private static string? HintedPlatform(string platformHeader) =>
        KnownPlatforms.GetValueOrDefault(platformHeader.Trim().Trim('"'));

    [GeneratedRegex("\"(?<name>[^\"]{1,40})\";\\s?v=\"(?<version>\\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex BrandPattern();
}
