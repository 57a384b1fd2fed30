using SessionAwareness.Demo.Infrastructure;

namespace SessionAwareness.Demo.Tests;

public class OptionsTests
{
    private static SessionAwarenessOptions Read(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return SessionAwarenessOptions.From(key => map.GetValueOrDefault(key));
    }

    [Fact]
    public void Defaults_match_the_design()
    {
        var options = Read();

        Assert.Equal(5080, options.Port);
        Assert.Equal(TimeSpan.FromSeconds(900), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), options.WarnBefore);
        Assert.Equal(TimeSpan.FromSeconds(60), options.KeepaliveInterval);
        Assert.Equal(SessionAwarenessOptions.Defaults, options);
    }

    [Fact]
    public void Reads_the_environment_names()
    {
        var options = Read(("PORT", "5199"), ("SESSION_IDLE_SECONDS", "30"), ("WARN_BEFORE_SECONDS", "10"), ("KEEPALIVE_INTERVAL_SECONDS", " 5 "));

        Assert.Equal(new SessionAwarenessOptions(5199, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), options);
    }

    [Theory]
    [InlineData("PORT", "http")]
    [InlineData("PORT", "70000")]
    [InlineData("SESSION_IDLE_SECONDS", "0")]
    [InlineData("SESSION_IDLE_SECONDS", "-5")]
    [InlineData("WARN_BEFORE_SECONDS", "1.5")]
    [InlineData("KEEPALIVE_INTERVAL_SECONDS", "0")]
    public void A_bad_value_stops_the_start(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_the_short_settings_of_a_quick_expiry_try()
    {
        var options = Read(("SESSION_IDLE_SECONDS", "40"), ("WARN_BEFORE_SECONDS", "20"), ("KEEPALIVE_INTERVAL_SECONDS", "5"));

        Assert.Equal(TimeSpan.FromSeconds(40), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.WarnBefore);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KeepaliveInterval);
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
        var options = Read(("SESSION_IDLE_SECONDS", idle.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(TimeSpan.FromSeconds(expectedWarn), options.WarnBefore);
    }
}
