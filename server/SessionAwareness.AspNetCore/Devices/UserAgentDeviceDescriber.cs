using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SessionAwareness.AspNetCore.Devices;

/// <summary>
/// The default <see cref="IDeviceDescriber"/>: a short summary of the User-Agent, improved with User-Agent
/// Client Hints (<c>Sec-CH-UA</c>, <c>Sec-CH-UA-Platform</c>, <c>Sec-CH-UA-Mobile</c>) where the browser
/// sends them. Every header is attacker-controlled: the results are capped plain text, never markup.
/// </summary>
public sealed partial class UserAgentDeviceDescriber : IDeviceDescriber
{
    /// <summary>Longest User-Agent looked at.</summary>
    public const int MaxUserAgentLength = 512;

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
        string? hintedFallback = null;
        if (useHints && HintedPlatform(request.Headers["Sec-CH-UA-Platform"].ToString()) is { } platform)
        {
            var mobile = request.Headers["Sec-CH-UA-Mobile"].ToString().Trim();
            (os, deviceType) = FromHints(platform, mobile, os, deviceType);
            hintedFallback = mobile == "?1" ? $"{platform} (mobile)" : platform;
        }

        // Unknown type: the raw text as before (the hint's platform, else the User-Agent's parentheses), so
        // nothing a user could recognise their device by is lost.
        var device = UserAgentSummary.FriendlyDevice(os, deviceType) ?? hintedFallback ?? UserAgentSummary.Device(userAgent);
        return new DeviceDescription(browser, device)
        {
            Os = UserAgentSummary.Truncate(os, UserAgentSummary.MaxOsLength),
            DeviceType = deviceType,
        };
    }

    // The platform hint names the OS (it is not frozen like the User-Agent); the version stays the one the
    // User-Agent gave for the same OS (Android's is dropped when reduced). Sec-CH-UA-Mobile decides phone or
    // not; without it, the User-Agent's "Mobile" token does.
    private static (string Os, string DeviceType) FromHints(string platform, string mobile, string uaOs, string uaType)
    {
        var name = platform switch
        {
            "Chrome OS" or "Chromium OS" => "ChromeOS",
            _ => platform,
        };
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

    // Sec-CH-UA: "Chromium";v="156", "Google Chrome";v="156", "Not.A/Brand";v="99". The "GREASE" brand
    // (deliberately odd names) and the engine are skipped; the most specific brand wins.
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
            if (name.Contains("Not", StringComparison.OrdinalIgnoreCase) && name.Contains("Brand", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name == "Chromium")
            {
                chromium = $"Chromium {version}";
                continue;
            }

            var shortName = name switch
            {
                "Google Chrome" => "Chrome",
                "Microsoft Edge" => "Edge",
                _ => name,
            };
            return UserAgentSummary.Truncate($"{shortName} {version}", UserAgentSummary.MaxBrowserLength);
        }

        return chromium;
    }

    private static string? HintedPlatform(string platformHeader)
    {
        var platform = platformHeader.Trim().Trim('"');
        return platform.Length is 0 or > 32 || !PlatformPattern().IsMatch(platform) || platform == "Unknown" ? null : platform;
    }

    [GeneratedRegex("\"(?<name>[^\"]{1,40})\";\\s?v=\"(?<version>\\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex BrandPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9 ._-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformPattern();
}
