using Microsoft.AspNetCore.Http;
using SessionAwareness.AspNetCore.Devices;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class UserAgentDeviceDescriberTests
{
    private const string ChromeOnLinux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private const string ChromeOnAndroid = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    private const string FirefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";
    private const string ChromeHints = "\"Chromium\";v=\"156\", \"Google Chrome\";v=\"156\", \"Not.A/Brand\";v=\"99\"";

    // Names from the lists, a space and version digits at most: no punctuation a sentence or markup would need.
    private const string KnownText = "^[A-Za-z]*( [A-Za-z]+)*( [0-9]{1,5})?$";

    private readonly UserAgentDeviceDescriber _describer = new();

    private DeviceDescription Describe(string? userAgent, string? brands = null, string? platform = null, string? mobile = null)
    {
        var request = new DefaultHttpContext().Request;
        if (userAgent is not null)
        {
            request.Headers.UserAgent = userAgent;
        }

        if (brands is not null)
        {
            request.Headers["Sec-CH-UA"] = brands;
        }

        if (platform is not null)
        {
            request.Headers["Sec-CH-UA-Platform"] = platform;
        }

        if (mobile is not null)
        {
            request.Headers["Sec-CH-UA-Mobile"] = mobile;
        }

        return _describer.Describe(request);
    }

    [Fact]
    public void Without_hints_describes_the_user_agent() =>
        Assert.Equal(new DeviceDescription("Chrome 120", "Linux") { Os = "Linux", DeviceType = "desktop" }, Describe(ChromeOnLinux));

    [Fact]
    public void Without_any_header_says_unknown() =>
        Assert.Equal(new DeviceDescription(UserAgentSummary.UnknownBrowser, ""), Describe(userAgent: null));

    [Fact]
    public void The_brand_hint_gives_the_real_major_version_behind_a_frozen_user_agent() =>
        Assert.Equal("Chrome 156", Describe(ChromeOnLinux, ChromeHints).Browser);

    [Theory]
    [InlineData("\"Not.A/Brand\";v=\"99\", \"Chromium\";v=\"156\", \"Google Chrome\";v=\"156\"", "Chrome 156")]
    [InlineData("\"Google Chrome\";v=\"156\", \"Chromium\";v=\"156\", \"Not_A Brand\";v=\"8\"", "Chrome 156")]
    [InlineData("\"Chromium\";v=\"120\", \"Microsoft Edge\";v=\"120\", \"Not?A_Brand\";v=\"24\"", "Edge 120")]
    [InlineData("\"Opera\";v=\"106\", \"Not)A;Brand\";v=\"99\", \"Chromium\";v=\"120\"", "Opera 106")]
    [InlineData("\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"", "Chromium 131")]
    [InlineData("\"Chromium\";v=\"131\",\"Google Chrome\";v=\"131\"", "Chrome 131")]
    [InlineData("\"Samsung Internet\";v=\"25\", \"Chromium\";v=\"121\", \"Not.A/Brand\";v=\"99\"", "Samsung Internet 25")]
    [InlineData("\"Brave\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"", "Brave 131")]
    [InlineData("\"Made Up Browser\";v=\"7\", \"Chromium\";v=\"131\"", "Chromium 131")]
    public void The_most_specific_brand_wins_in_any_order_and_grease_is_skipped(string brands, string expected) =>
        Assert.Equal(expected, Describe(ChromeOnLinux, brands).Browser);

    [Theory]
    [InlineData("\"Not.A/Brand\";v=\"99\"")]
    [InlineData("garbage")]
    [InlineData("Chromium;v=156")]
    [InlineData("\"Google Chrome\";v=\"one\"")]
    public void A_brand_hint_without_a_usable_brand_falls_back_to_the_user_agent(string brands) =>
        Assert.Equal("Chrome 120", Describe(ChromeOnLinux, brands).Browser);

    [Theory]
    [InlineData("\"Android\"", "?1", "Android phone", "Android", "mobile")]
    [InlineData("\"Android\"", "?0", "Android tablet", "Android", "tablet")]
    [InlineData("\"Android\"", null, "Android phone", "Android", "mobile")]
    [InlineData("\"Windows\"", null, "Windows", "Windows", "desktop")]
    [InlineData("\"Chrome OS\"", "?0", "ChromeOS", "ChromeOS", "desktop")]
    [InlineData("\"macOS\"", " ?1 ", "macOS phone", "macOS", "mobile")]
    [InlineData("\"Fuchsia\"", "?0", "Fuchsia", "Fuchsia", "")]
    [InlineData("\"Fuchsia\"", "?1", "Fuchsia phone", "Fuchsia", "mobile")]
    public void The_platform_hint_names_the_os_and_the_mobile_hint_the_type(string platform, string? mobile, string device, string os, string type)
    {
        // The reduced Android User-Agent ("Android 10; K") carries no real version: none is shown.
        var description = Describe(ChromeOnAndroid, platform: platform, mobile: mobile);

        Assert.Equal((device, os, type), (description.Device, description.Os, description.DeviceType));
    }

    [Fact]
    public void The_platform_hint_keeps_the_user_agents_version_of_the_same_os()
    {
        const string chromeOnAndroid14 = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

        var description = Describe(chromeOnAndroid14, ChromeHints, "\"Android\"", "?1");

        Assert.Equal(("Android 14", "mobile", "Android phone"), (description.Os, description.DeviceType, description.Device));
    }

    [Fact]
    public void Hints_are_ignored_when_the_user_agent_has_no_chrome_token()
    {
        var description = Describe(FirefoxOnLinux, ChromeHints, "\"Android\"", "?1");

        Assert.Equal(new DeviceDescription("Firefox 130", "Linux") { Os = "Linux", DeviceType = "desktop" }, description);
    }

    [Theory]
    [InlineData("\"<script>alert(1)</script>\"")]
    [InlineData("\"Windows\\\"><img src=x>\"")]
    [InlineData("\"\"")]
    [InlineData("\"1Windows\"")]
    [InlineData("\"Windows\u202Egnp.exe\"")]
    [InlineData("\"ThisPlatformNameIsFarTooLongToBeReal\"")]
    public void A_hostile_platform_hint_falls_back_to_the_user_agent(string platform) =>
        Assert.Equal(("Linux", "Linux", "desktop"), Describe(ChromeOnLinux, ChromeHints, platform, "?1") is var d ? (d.Device, d.Os, d.DeviceType) : default);

    [Fact]
    public void An_oversized_brand_hint_falls_back_to_the_user_agent()
    {
        var brands = ChromeHints + ", " + string.Join(", ", Enumerable.Repeat("\"Not.A/Brand\";v=\"99\"", 30));

        Assert.True(brands.Length > 512);
        Assert.Equal("Chrome 120", Describe(ChromeOnLinux, brands).Browser);
    }

    [Fact]
    public void A_brand_name_longer_than_forty_characters_is_not_taken() =>
        Assert.Equal("Chromium 156", Describe(ChromeOnLinux, $"\"{new string('B', 41)}\";v=\"156\", \"Chromium\";v=\"156\"").Browser);

    // Brand and platform names were once passed on as they came (capped): now a name not on the lists is not taken.
    [Theory]
    [InlineData("\"<img src=x onerror=alert(1)>\";v=\"1\"")]
    [InlineData("\"Your account is locked, call 555-0100\";v=\"1\"")]
    [InlineData("\"Google Chrome\u202E\";v=\"1\"")]
    [InlineData("\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\";v=\"99999\"")]
    public void A_brand_not_on_the_list_is_not_taken(string brands) =>
        Assert.Equal("Chrome 120", Describe(ChromeOnLinux, brands).Browser);

    [Theory]
    [InlineData("\"pppppppppppppppppppppppppppppppp\"")]
    [InlineData("\"Windows Phone\"")]
    [InlineData("\"Unknown\"")]
    [InlineData("\"Call 555-0100\"")]
    public void A_platform_not_on_the_list_is_not_taken(string platform) =>
        Assert.Equal(new DeviceDescription("Chrome 120", "Linux") { Os = "Linux", DeviceType = "desktop" }, Describe(ChromeOnLinux, platform: platform, mobile: "?1"));

    [Fact]
    public void Hints_not_taken_leave_the_user_agents_texts_and_the_user_agents_own_text_is_never_shown()
    {
        var userAgent = "Chrome/ (" + new string('d', 300) + ") " + new string('x', 2000);

        var description = Describe(userAgent, "\"" + new string('b', 41) + "\";v=\"1\"", "\"" + new string('p', 33) + "\"", "?1");

        Assert.Equal(new DeviceDescription(UserAgentSummary.UnknownBrowser, ""), description);
    }

    [Fact]
    public void An_unknown_oversized_user_agent_is_an_unknown_browser_on_no_device() =>
        Assert.Equal(new DeviceDescription(UserAgentSummary.UnknownBrowser, ""), Describe("x" + new string('y', 5000)));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0) Chrome/120 \u202E Your account is locked, call 555-0100", "Chrome 120", "Windows")]
    [InlineData("Mozilla/5.0 (Your account is locked; call 555-0100) Firefox/130.0", "Firefox 130", "")]
    [InlineData("Your account is locked, call 555-0100", UserAgentSummary.UnknownBrowser, "")]
    [InlineData("Mozilla/5.0 (\u202EWindows\u202C NT; \u200DiPhone\u0007) Version/17 Safari/\u2066x", "Safari 17", "Windows")]
    public void A_phishing_user_agent_gives_only_names_from_the_lists(string userAgent, string browser, string device)
    {
        var description = Describe(userAgent, "\"Call 555-0100\";v=\"1\"", "\"Call 555-0100\"");

        Assert.Equal((browser, device), (description.Browser, description.Device));
        Assert.Matches(KnownText, description.Browser);
        Assert.Matches(KnownText, description.Device);
        Assert.Matches(KnownText, description.Os);
    }

    [Fact]
    public void Only_the_first_512_characters_of_the_user_agent_are_looked_at() =>
        Assert.Equal(new DeviceDescription(UserAgentSummary.UnknownBrowser, ""), Describe(new string('x', UserAgentDeviceDescriber.MaxUserAgentLength) + " (Windows NT 10.0) Chrome/120"));
}
