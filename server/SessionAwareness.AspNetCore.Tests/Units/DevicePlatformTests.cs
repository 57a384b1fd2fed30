using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using SessionAwareness.AspNetCore.Devices;

namespace SessionAwareness.AspNetCore.Tests.Units;

/// <summary>Operating system, device type and friendly device name from real User-Agent strings (no client hints).</summary>
public class DevicePlatformTests
{
    // The contract's values (docs/contract.md), written out: a renamed constant must fail here.
    private static readonly string[] ContractDeviceTypes = ["", "desktop", "mobile", "tablet"];

    private static DeviceDescription Describe(string userAgent)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.UserAgent = userAgent;
        return new UserAgentDeviceDescriber().Describe(request);
    }

    [Theory]
    // Chrome, Firefox and Edge on Windows (10 and 11 send the same "Windows NT 10.0").
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome 124", "Windows", "desktop", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox 125", "Windows", "desktop", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51", "Edge 124", "Windows", "desktop", "Windows")]
    // Safari and Firefox on macOS.
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", "Safari 17", "macOS", "desktop", "macOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox 125", "macOS", "desktop", "macOS")]
    // iPhone: Safari, Chrome (CriOS) and Firefox (FxiOS) all say "CPU iPhone OS".
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Safari 17", "iOS 17", "mobile", "iPhone")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", "Chrome 124", "iOS 16", "mobile", "iPhone")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15", "Firefox 125", "iOS 17", "mobile", "iPhone")]
    // iPad (an iPad in Safari's default desktop mode says "Macintosh" and cannot be told from a Mac).
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Safari 17", "iPadOS 17", "tablet", "iPad")]
    // Android phone and tablet: phones' browsers say "Mobile".
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36", "Chrome 124", "Android 14", "mobile", "Android phone")]
    [InlineData("Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", "Firefox 125", "Android 14", "mobile", "Android phone")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome 124", "Android 13", "tablet", "Android tablet")]
    // Chrome's reduced User-Agent freezes "Android 10; K": that is not the device's version.
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", "Chrome 124", "Android", "mobile", "Android phone")]
    // Linux and ChromeOS.
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome 156", "Linux", "desktop", "Linux")]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox 125", "Linux", "desktop", "Linux")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome 124", "ChromeOS", "desktop", "ChromeOS")]
    // Samsung Internet and Opera also say "Chrome/".
    [InlineData("Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet 25", "Android 13", "mobile", "Android phone")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0", "Opera 110", "Windows", "desktop", "Windows")]
    public void Real_user_agents(string userAgent, string browser, string os, string deviceType, string device)
    {
        var description = Describe(userAgent);

        Assert.Equal((browser, os, deviceType, device), (description.Browser, description.Os, description.DeviceType, description.Device));
    }

    // The User-Agent's own text (its first parentheses) was once the device of an unknown platform: now nothing is.
    [Theory]
    [InlineData("curl/8.5.0")]
    [InlineData("Mozilla/5.0 (X11; FreeBSD amd64; rv:125.0) Gecko/20100101 Firefox/125.0")]
    [InlineData("Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)")]
    public void An_unknown_platform_has_no_device_os_or_type(string userAgent)
    {
        var description = Describe(userAgent);

        Assert.Equal(("", "", ""), (description.Device, description.Os, description.DeviceType));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (<script>alert(1)</script>; Android 99999999; Mobile) Chrome/1")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS <img src=x onerror=alert(1)>_1 like Mac OS X) Safari/1")]
    [InlineData("<b>Windows</b>\"><svg onload=alert(1)>")]
    public void Hostile_markup_never_reaches_the_os_or_type(string userAgent)
    {
        var description = Describe(userAgent);

        Assert.DoesNotContain("<", description.Os, StringComparison.Ordinal);
        Assert.Matches("^(|[A-Za-z]+( [0-9]{1,3})?)$", description.Os);
        Assert.Contains(description.DeviceType, ContractDeviceTypes);
    }

    [Fact]
    public void Ten_kilobytes_of_junk_are_read_quickly_and_give_capped_texts()
    {
        var junk = string.Concat(Enumerable.Repeat("(iPhone OS 1_ Android Mobile CPU OS ", 300)) + new string('(', 2000) + new string('x', 2000);
        Assert.True(junk.Length > 10_000);

        var clock = Stopwatch.StartNew();
        var description = Describe(junk);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.True(description.Os.Length <= UserAgentSummary.MaxOsLength);
        Assert.True(description.Device.Length <= UserAgentSummary.MaxDeviceLength);
        Assert.True(description.Browser.Length <= UserAgentSummary.MaxBrowserLength);
    }

    [Theory]
    [InlineData("Windows", "desktop", "Windows")]
    [InlineData("iOS 17", "mobile", "iPhone")]
    [InlineData("iPadOS 17", "tablet", "iPad")]
    [InlineData("Android 14", "mobile", "Android phone")]
    [InlineData("Android", "tablet", "Android tablet")]
    [InlineData("", "mobile", "Phone")]
    [InlineData("", "desktop", null)]
    [InlineData("Linux", "", null)]
    public void Friendly_device_names(string os, string deviceType, string? expected) =>
        Assert.Equal(expected, UserAgentSummary.FriendlyDevice(os, deviceType));
}
