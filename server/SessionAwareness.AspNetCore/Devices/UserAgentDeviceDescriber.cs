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
        var device = (useHints ? HintedPlatform(request.Headers["Sec-CH-UA-Platform"].ToString(), request.Headers["Sec-CH-UA-Mobile"].ToString()) : null)
            ?? UserAgentSummary.Device(userAgent);
        return new DeviceDescription(browser, device);
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

    private static string? HintedPlatform(string platformHeader, string mobileHeader)
    {
        var platform = platformHeader.Trim().Trim('"');
        if (platform.Length is 0 or > 32 || !PlatformPattern().IsMatch(platform))
        {
            return null;
        }

        return mobileHeader.Trim() == "?1" ? $"{platform} (mobile)" : platform;
    }

    [GeneratedRegex("\"(?<name>[^\"]{1,40})\";\\s?v=\"(?<version>\\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex BrandPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9 ._-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformPattern();
}
