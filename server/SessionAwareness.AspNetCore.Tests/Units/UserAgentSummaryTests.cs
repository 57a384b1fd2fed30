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
    public void Names_the_usual_browsers(string userAgent, string expected) =>
        Assert.Equal(expected, UserAgentSummary.Browser(userAgent));

    [Fact]
    public void Passes_an_unknown_user_agent_on_as_raw_text_truncated()
    {
        var hostile = "<img src=x onerror=alert(1)> & \"quotes\" " + new string('x', 200);

        var browser = UserAgentSummary.Browser(hostile);

        Assert.Equal(UserAgentSummary.MaxBrowserLength, browser.Length);
        Assert.StartsWith("<img src=x onerror=alert(1)> & \"quotes\" ", browser, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Says_unknown_browser_without_a_user_agent(string? userAgent) =>
        Assert.Equal(UserAgentSummary.UnknownBrowser, UserAgentSummary.Browser(userAgent));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)", "Windows NT 10.0; Win64; x64")]
    [InlineData("Mozilla/5.0 (<img src=x onerror=alert(1)>)", "<img src=x onerror=alert(1")]
    [InlineData("curl/8.5.0", UserAgentSummary.UnknownDevice)]
    [InlineData("Mozilla/5.0 (unclosed", UserAgentSummary.UnknownDevice)]
    [InlineData("Mozilla/5.0 ( )", UserAgentSummary.UnknownDevice)]
    [InlineData(null, UserAgentSummary.UnknownDevice)]
    public void Device_is_the_text_in_the_first_parentheses(string? userAgent, string expected) =>
        Assert.Equal(expected, UserAgentSummary.Device(userAgent));

    [Fact]
    public void Device_is_truncated() =>
        Assert.Equal(UserAgentSummary.MaxDeviceLength, UserAgentSummary.Device("x (" + new string('d', 300) + ")").Length);

    [Fact]
    public void Truncate_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 9) + "😀" + "tail";

        Assert.Equal(new string('a', 9), UserAgentSummary.Truncate(text, 10));
        Assert.Equal(new string('a', 9) + "😀", UserAgentSummary.Truncate(text, 11));
        Assert.Equal("short", UserAgentSummary.Truncate("short", 10));
    }
}
