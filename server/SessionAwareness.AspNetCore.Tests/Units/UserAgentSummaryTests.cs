using SessionAwareness.AspNetCore.Devices;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class UserAgentSummaryTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome 156")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36", "Chrome 131")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", "Chrome 124")]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0", "Firefox 130")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "Edge 120")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", "Safari 17")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Safari 17")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0", "Opera 106")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet 25")]
    public void Names_the_usual_browsers(string userAgent, string expected) =>
        Assert.Equal(expected, UserAgentSummary.Browser(userAgent));

    // Nothing of an unrecognised User-Agent is passed on: it was once shown truncated, which let any sentence through.
    [Theory]
    [InlineData("<img src=x onerror=alert(1)> & \"quotes\"")]
    [InlineData("Your account is locked, call 555-0100 now")]
    [InlineData("curl/8.5.0")]
    [InlineData("Chrome/ 120")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)")]
    public void An_unknown_user_agent_is_an_unknown_browser(string userAgent) =>
        Assert.Equal(UserAgentSummary.UnknownBrowser, UserAgentSummary.Browser(userAgent));

    [Fact]
    public void Only_the_version_digits_of_a_known_browser_are_kept() =>
        Assert.Equal("Chrome 120", UserAgentSummary.Browser("Mozilla/5.0 (Windows NT 10.0) Chrome/120\u202E Your account is locked, call 555-0100"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Says_unknown_browser_without_a_user_agent(string? userAgent) =>
        Assert.Equal(UserAgentSummary.UnknownBrowser, UserAgentSummary.Browser(userAgent));

    [Fact]
    public void Truncate_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 9) + "😀" + "tail";

        Assert.Equal(new string('a', 9), UserAgentSummary.Truncate(text, 10));
        Assert.Equal(new string('a', 9) + "😀", UserAgentSummary.Truncate(text, 11));
        Assert.Equal("short", UserAgentSummary.Truncate("short", 10));
    }
}
