using System.Globalization;
using Microsoft.AspNetCore.Http;
using SessionAwareness.AspNetCore.Devices;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Tests.Units;

/// <summary>The cleaning step every session's device texts and location go through, whichever describer made them.</summary>
public class DeviceTextsTests
{
    private const string Phishing = "Your account is locked, call 555-0100";

    // Bidi overrides, embeddings and isolates, zero-width characters, C0 and C1 controls, a tag character.
    public static TheoryData<string, string> Hostile => new()
    {
        { "Chrome\u202E 156", "Chrome 156" },
        { "\u2067Chrome 156\u2069", "Chrome 156" },
        { "\u202AChrome\u202C \u202B156\u202C", "Chrome 156" },
        { "Ch\u200Brome\u200C \u200D156\uFEFF", "Chrome 156" },
        { "\u200E\u200FChrome 156\u061C", "Chrome 156" },
        { "Chrome\u0000\u0007\u001B[31m 156", "Chrome [31m 156" },
        { "Chrome\u0085\u009B156", "Chrome 156" },
        { "Chrome\r\n156\t", "Chrome 156" },
        { "Chrome\u2028\u2029156", "Chrome 156" },
        { "Chrome\u00AD 156\U000E0041", "Chrome 156" },
        { "  Chrome \u00A0\u3000 156  ", "Chrome 156" },
        { "Chrome\uE000 156", "Chrome 156" },
        { "Chrome 156 😀", "Chrome 156 😀" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Invisible_and_control_characters_are_stripped_from_every_field(string hostile, string expected)
    {
        var cleaned = DeviceTexts.Clean(new DeviceDescription(hostile, hostile) { Os = hostile, DeviceType = "desktop" });

        Assert.Equal(new DeviceDescription(expected, expected) { Os = expected, DeviceType = "desktop" }, cleaned);
        Assert.Equal(expected, DeviceTexts.CleanLocation(hostile));
    }

    // Not theory data: xUnit would turn a lone surrogate into U+FFFD on its way to the test.
    [Fact]
    public void Lone_surrogates_are_stripped_and_pairs_kept() =>
        Assert.Equal("Chrome 156 😀", DeviceTexts.Text("Chrome\uD800 156\uDFFF \uD83D\uDE00\uDE00"));

    [Fact]
    public void No_cleaned_text_has_a_control_format_or_lone_surrogate_character()
    {
        var everything = string.Concat(Enumerable.Range(0, 0x10000).Select(c => (char)c));

        var cleaned = DeviceTexts.Text(everything);

        Assert.True(cleaned.Length > 50_000);
        for (var i = 0; i < cleaned.Length; i++)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(cleaned, i);
            Assert.DoesNotContain(category, new[] { UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator });
        }

        Assert.DoesNotContain("  ", cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_over_its_cap_is_dropped_not_cut()
    {
        var cleaned = DeviceTexts.Clean(new DeviceDescription(new string('b', UserAgentSummary.MaxBrowserLength + 1), new string('d', UserAgentSummary.MaxDeviceLength + 1))
        {
            Os = new string('o', UserAgentSummary.MaxOsLength + 1),
            DeviceType = "mobile",
        });

        Assert.Equal(new DeviceDescription(UserAgentSummary.UnknownBrowser, "") { Os = "", DeviceType = "mobile" }, cleaned);
        Assert.Equal("", DeviceTexts.CleanLocation(new string('l', DeviceTexts.MaxLocationLength + 1)));
    }

    [Fact]
    public void A_text_at_its_cap_is_kept_whole()
    {
        var cleaned = DeviceTexts.Clean(new DeviceDescription(new string('b', UserAgentSummary.MaxBrowserLength - 10), new string('d', 6))
        {
            Os = new string('o', UserAgentSummary.MaxOsLength),
        });

        Assert.Equal(new DeviceDescription(new string('b', UserAgentSummary.MaxBrowserLength - 10), new string('d', 6)) { Os = new string('o', UserAgentSummary.MaxOsLength) }, cleaned);
        Assert.Equal(new string('l', DeviceTexts.MaxLocationLength), DeviceTexts.CleanLocation(new string('l', DeviceTexts.MaxLocationLength)));
    }

    [Fact]
    public void The_cap_counts_what_is_left_after_stripping()
    {
        var padded = "Chrome 156" + new string('\u200B', 500);

        Assert.Equal("Chrome 156", DeviceTexts.Clean(new DeviceDescription(padded, "")).Browser);
    }

    [Fact]
    public void Ten_kilobytes_are_dropped_from_every_field()
    {
        var huge = string.Concat(Enumerable.Repeat(Phishing + " \u202E", 300));
        Assert.True(huge.Length > 10_000);

        var cleaned = DeviceTexts.Clean(new DeviceDescription(huge, huge) { Os = huge, DeviceType = huge });

        Assert.Equal(new DeviceDescription(UserAgentSummary.UnknownBrowser, ""), cleaned);
        Assert.Equal("", DeviceTexts.CleanLocation(huge));
    }

    [Fact]
    public void Browser_on_device_always_fits_the_sign_in_pages_ended_by_whole()
    {
        var browser = new string('b', UserAgentSummary.MaxBrowserLength);

        var longDevice = DeviceTexts.Clean(new DeviceDescription(browser, new string('d', UserAgentSummary.MaxDeviceLength)));
        var fitting = DeviceTexts.Clean(new DeviceDescription(browser, new string('d', SessionTombstone.MaxEndedByLength - UserAgentSummary.MaxBrowserLength - 4)));

        Assert.Equal((browser, ""), (longDevice.Browser, longDevice.Device));
        Assert.Equal(SessionTombstone.MaxEndedByLength, $"{fitting.Browser} on {fitting.Device}".Length);
    }

    [Theory]
    [InlineData("desktop", "desktop")]
    [InlineData("mobile", "mobile")]
    [InlineData("tablet", "tablet")]
    [InlineData("", "")]
    [InlineData("Desktop", "")]
    [InlineData("tv", "")]
    [InlineData("mobile\u202E", "")]
    [InlineData(Phishing, "")]
    public void A_device_type_not_in_the_list_is_unknown(string deviceType, string expected) =>
        Assert.Equal(expected, DeviceTexts.Clean(new DeviceDescription("Chrome 156", "Linux") { DeviceType = deviceType }).DeviceType);

    [Fact]
    public void Missing_texts_from_a_careless_describer_are_empty()
    {
        Assert.Equal(new DeviceDescription("", ""), DeviceTexts.Clean(null));
        Assert.Equal(new DeviceDescription("", ""), DeviceTexts.Clean(new DeviceDescription(null!, null!) { Os = null!, DeviceType = null! }));
        Assert.Equal("", DeviceTexts.CleanLocation(null));
        Assert.Equal("", DeviceTexts.CleanLocation(" \u202E\u200B "));
    }

    [Fact]
    public void The_built_in_describers_texts_of_a_hostile_request_come_out_as_names_from_the_lists()
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.UserAgent = $"Mozilla/5.0 (Windows NT 10.0) Chrome/120 \u202E {Phishing} \u0000\u200D" + new string('x', 10_000);
        request.Headers["Sec-CH-UA"] = $"\"{Phishing}\";v=\"1\", \"Google\u202EChrome\";v=\"2\"";
        request.Headers["Sec-CH-UA-Platform"] = $"\"{Phishing}\"";

        var cleaned = DeviceTexts.Clean(new UserAgentDeviceDescriber().Describe(request));

        Assert.Equal(new DeviceDescription("Chrome 120", "Windows") { Os = "Windows", DeviceType = "desktop" }, cleaned);
    }

    [Fact]
    public void A_custom_describers_hostile_texts_are_cleaned_and_dropped()
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.UserAgent = $"\u202E{Phishing}\u202C";
        var custom = new EchoingDescriber();

        var cleaned = DeviceTexts.Clean(custom.Describe(request));

        // The echoed sentence stays a sentence (a describer's own words are its business), but nothing reorders or
        // hides any of it, and the 10 kB device and unknown type do not get through at all.
        Assert.Equal(new DeviceDescription(Phishing, "") { Os = Phishing, DeviceType = "" }, cleaned);
    }

    // A careless custom describer: copies a header, pads the device with 10 kB, invents a device type.
    private sealed class EchoingDescriber : IDeviceDescriber
    {
        public DeviceDescription Describe(HttpRequest request)
        {
            var userAgent = request.Headers.UserAgent.ToString();
            return new DeviceDescription(userAgent, userAgent + new string('\u0007', 10_000) + "!") { Os = "\u200D" + userAgent + "\u0085", DeviceType = "smart fridge" };
        }
    }
}
