using System.Globalization;
using SessionAwareness.Demo.Infrastructure;

namespace SessionAwareness.Demo.Tests;

/// <summary><see cref="DemoSettings.From"/>: the demo's environment variables.</summary>
public class OptionsTests
{
    private static DemoSettings Read(params (string Key, string? Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return DemoSettings.From(key => map.GetValueOrDefault(key));
    }

    [Fact]
    public void Defaults_match_the_design()
    {
        var settings = Read();

        Assert.Equal(
            new DemoSettings(5080, TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(60), DemoStore.Sqlite, RedisUrl: null, DataDirectory: null),
            settings);
        Assert.Equal(DemoSettings.DefaultPort, settings.Port);
    }

    [Fact]
    public void Reads_the_environment_names()
    {
        var settings = Read(
            ("PORT", "5199"),
            ("SESSION_IDLE_SECONDS", "30"),
            ("WARN_BEFORE_SECONDS", "10"),
            ("KEEPALIVE_INTERVAL_SECONDS", " 5 "),
            ("SESSION_STORE", "redis"),
            ("REDIS_URL", " 127.0.0.1:6379 "),
            ("SESSION_DATA_DIR", "/tmp/sa-data"));

        Assert.Equal(
            new DemoSettings(5199, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), DemoStore.Redis, "127.0.0.1:6379", "/tmp/sa-data"),
            settings);
    }

    [Fact]
    public void Port_zero_asks_for_any_free_port() =>
        Assert.Equal(0, Read(("PORT", "0")).Port);

    [Theory]
    [InlineData(null, DemoStore.Sqlite)]
    [InlineData("", DemoStore.Sqlite)]
    [InlineData("sqlite", DemoStore.Sqlite)]
    [InlineData("memory", DemoStore.Memory)]
    [InlineData(" Memory ", DemoStore.Memory)]
    [InlineData("SQLITE", DemoStore.Sqlite)]
    public void Session_store_is_sqlite_unless_named_in_any_case(string? value, DemoStore expected) =>
        Assert.Equal(expected, Read(("SESSION_STORE", value)).Store);

    [Theory]
    [InlineData("postgres")]
    [InlineData("in-memory")]
    [InlineData("sqlite3")]
    public void An_unknown_session_store_stops_the_start_naming_the_setting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("SESSION_STORE", value)));

        Assert.Equal($"SESSION_STORE ('{value}') must be sqlite, redis or memory.", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Redis_without_a_redis_url_stops_the_start(string? url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("SESSION_STORE", "redis"), ("REDIS_URL", url)));

        Assert.Contains("REDIS_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redis_url_is_kept_but_unused_by_the_other_stores()
    {
        var settings = Read(("SESSION_STORE", "memory"), ("REDIS_URL", "127.0.0.1:6379"));

        Assert.Equal(DemoStore.Memory, settings.Store);
        Assert.Equal("127.0.0.1:6379", settings.RedisUrl);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_data_directory_means_the_default(string? value) =>
        Assert.Null(Read(("SESSION_DATA_DIR", value)).DataDirectory);

    [Theory]
    [InlineData("PORT", "http")]
    [InlineData("PORT", "70000")]
    [InlineData("PORT", "-1")]
    [InlineData("PORT", "+80")]
    [InlineData("SESSION_IDLE_SECONDS", "0")]
    [InlineData("SESSION_IDLE_SECONDS", "-5")]
    [InlineData("SESSION_IDLE_SECONDS", "99999999999")]
    [InlineData("WARN_BEFORE_SECONDS", "1.5")]
    [InlineData("WARN_BEFORE_SECONDS", "-1")]
    [InlineData("KEEPALIVE_INTERVAL_SECONDS", "0")]
    [InlineData("KEEPALIVE_INTERVAL_SECONDS", "1e3")]
    public void A_bad_value_stops_the_start_naming_the_setting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.StartsWith(key + " must be a whole number from ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_the_short_settings_of_a_quick_expiry_try()
    {
        var settings = Read(("SESSION_IDLE_SECONDS", "40"), ("WARN_BEFORE_SECONDS", "20"), ("KEEPALIVE_INTERVAL_SECONDS", "5"), ("SESSION_STORE", "memory"));

        Assert.Equal(TimeSpan.FromSeconds(40), settings.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.WarnBefore);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.KeepaliveInterval);
        Assert.Equal(DemoStore.Memory, settings.Store);
    }

    [Theory]
    [InlineData("40", "40")]
    [InlineData("40", "41")]
    [InlineData("1", "1")]
    public void A_warning_as_long_as_the_session_stops_the_start_with_both_values(string idle, string warn)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("SESSION_IDLE_SECONDS", idle), ("WARN_BEFORE_SECONDS", warn)));

        Assert.Equal($"WARN_BEFORE_SECONDS ({warn}) must be less than SESSION_IDLE_SECONDS ({idle}).", error.Message);
    }

    [Theory]
    [InlineData(121, 120)]
    [InlineData(120, 60)]
    [InlineData(5, 2)]
    [InlineData(1, 0)]
    public void The_default_warning_shrinks_to_half_a_short_session(int idle, int expectedWarn)
    {
        var settings = Read(("SESSION_IDLE_SECONDS", idle.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(TimeSpan.FromSeconds(expectedWarn), settings.WarnBefore);
    }

    [Theory]
    [InlineData(40, 10)]
    [InlineData(59, 14)]
    [InlineData(60, 60)]
    [InlineData(3, 1)]
    public void The_default_keepalive_interval_shrinks_to_fit_a_short_session(int idle, int expectedKeepalive)
    {
        var settings = Read(("SESSION_IDLE_SECONDS", idle.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(TimeSpan.FromSeconds(expectedKeepalive), settings.KeepaliveInterval);
        Assert.True(settings.KeepaliveInterval <= settings.IdleTimeout);
    }

    [Fact]
    public void A_keepalive_interval_longer_than_the_session_stops_the_start_naming_both()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("SESSION_IDLE_SECONDS", "40"), ("KEEPALIVE_INTERVAL_SECONDS", "60")));

        Assert.Contains("KEEPALIVE_INTERVAL_SECONDS (60)", error.Message, StringComparison.Ordinal);
        Assert.Contains("SESSION_IDLE_SECONDS (40)", error.Message, StringComparison.Ordinal);
    }
}
