using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class OptionsValidationTests
{
    private const string Cookies = CookieAuthenticationDefaults.AuthenticationScheme;

    private static AuthenticationOptions Authentication(string? defaultScheme = Cookies, string? defaultAuthenticateScheme = null)
    {
        var authentication = new AuthenticationOptions { DefaultScheme = defaultScheme, DefaultAuthenticateScheme = defaultAuthenticateScheme };
        authentication.AddScheme<CookieAuthenticationHandler>(Cookies, displayName: null);
        authentication.AddScheme<HeaderHandler>("Header", displayName: null);
        return authentication;
    }

    private static ValidateOptionsResult Validate(SessionAwarenessOptions options, AuthenticationOptions? authentication = null) =>
        new SessionAwarenessOptionsValidator(Options.Create(authentication ?? Authentication())).Validate(Options.DefaultName, options);

    /// <summary>Options as configuration gives them: <paramref name="settings"/> are keys under the SessionAwareness section.</summary>
    private static SessionAwarenessOptions FromConfiguration(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{SessionAwarenessOptions.SectionName}:{s.Key}", s.Value)))
            .Build();
        var options = new SessionAwarenessOptions();
        configuration.GetSection(SessionAwarenessOptions.SectionName).Bind(options);
        return options;
    }

    private static string SingleFailure(ValidateOptionsResult result)
    {
        Assert.True(result.Failed);
        return Assert.Single(result.Failures!);
    }

    [Fact]
    public void The_defaults_are_valid_when_the_default_scheme_is_a_cookie_scheme() =>
        Assert.True(Validate(new SessionAwarenessOptions()).Succeeded);

    [Fact]
    public void The_default_authenticate_scheme_counts_before_the_default_scheme() =>
        Assert.True(Validate(new SessionAwarenessOptions(), Authentication(defaultScheme: "Header", defaultAuthenticateScheme: Cookies)).Succeeded);

    [Fact]
    public void A_named_cookie_scheme_needs_no_default_scheme() =>
        Assert.True(Validate(new SessionAwarenessOptions { CookieScheme = Cookies }, Authentication(defaultScheme: null)).Succeeded);

    [Fact]
    public void Short_demo_like_settings_are_valid()
    {
        var options = FromConfiguration(
            ("IdleTimeout", "00:00:40"), ("WarnBefore", "00:00:20"), ("KeepaliveInterval", "00:00:05"), ("SlideWriteInterval", "00:00:04"),
            ("AllowedOrigins:0", "https://app.example.com"), ("AllowedOrigins:1", "http://localhost:5173"));

        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("00:02:00")]
    [InlineData("00:02:01")]
    public void A_warning_not_shorter_than_the_idle_timeout_fails_naming_both_settings(string warnBefore)
    {
        var failure = SingleFailure(Validate(FromConfiguration(("IdleTimeout", "00:02:00"), ("WarnBefore", warnBefore))));

        Assert.StartsWith("SessionAwareness:WarnBefore (", failure, StringComparison.Ordinal);
        Assert.Contains("less than SessionAwareness:IdleTimeout (00:02:00)", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void An_idle_timeout_not_above_zero_fails_first_naming_IdleTimeout(string idleTimeout)
    {
        var result = Validate(FromConfiguration(("IdleTimeout", idleTimeout)));

        Assert.True(result.Failed);
        Assert.StartsWith($"SessionAwareness:IdleTimeout ({TimeSpan.Parse(idleTimeout, System.Globalization.CultureInfo.InvariantCulture)}) must be more than zero", result.Failures!.First(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IdleTimeout", "367.00:00:00", "IdleTimeout")]
    [InlineData("WarnBefore", "-00:00:01", "WarnBefore")]
    [InlineData("KeepaliveInterval", "00:00:00", "KeepaliveInterval")]
    [InlineData("KeepaliveInterval", "00:15:01", "KeepaliveInterval")]
    [InlineData("SlideWriteInterval", "01:00:01", "SlideWriteInterval")]
    [InlineData("SlideWriteInterval", "-00:00:01", "SlideWriteInterval")]
    [InlineData("HubPath", "", "HubPath")]
    [InlineData("HubPath", "/", "HubPath")]
    [InlineData("HubPath", "hubs/session", "HubPath")]
    [InlineData("HubPath", "/hubs/session/", "HubPath")]
    [InlineData("KeepalivePath", "/session/keepalive?x=1", "KeepalivePath")]
    [InlineData("StatusPath", "/session/status#top", "StatusPath")]
    [InlineData("StatusPath", "https://example.com/status", "StatusPath")]
    [InlineData("AbsoluteLifetime", "00:14:59", "AbsoluteLifetime")]
    [InlineData("AbsoluteLifetime", "367.00:00:00", "AbsoluteLifetime")]
    [InlineData("MaxSessionsPerUser", "0", "MaxSessionsPerUser")]
    [InlineData("MaxSessionsPerUser", "10001", "MaxSessionsPerUser")]
    [InlineData("MaxConnectionsPerSession", "0", "MaxConnectionsPerSession")]
    [InlineData("MaxConnectionsPerSession", "10001", "MaxConnectionsPerSession")]
    [InlineData("RenewedKeyGrace", "-00:00:01", "RenewedKeyGrace")]
    [InlineData("RenewedKeyGrace", "00:01:01", "RenewedKeyGrace")]
    [InlineData("SecurityStampValidationInterval", "-00:00:01", "SecurityStampValidationInterval")]
    [InlineData("SecurityStampValidationInterval", "00:30:01", "SecurityStampValidationInterval")]
    [InlineData("KillRateLimit", "0", "KillRateLimit")]
    [InlineData("KillRateLimit", "-1", "KillRateLimit")]
    [InlineData("KillRateWindow", "00:00:00", "KillRateWindow")]
    [InlineData("SweepInterval", "00:00:00.005", "SweepInterval")]
    [InlineData("SweepInterval", "00:10:01", "SweepInterval")]
    [InlineData("SignedOutReasonLifetime", "00:00:00", "SignedOutReasonLifetime")]
    [InlineData("SignedOutReasonLifetime", "-00:00:01", "SignedOutReasonLifetime")]
    [InlineData("SweepBatchSize", "0", "SweepBatchSize")]
    [InlineData("SweepBatchSize", "10001", "SweepBatchSize")]
    [InlineData("AbortGracePeriod", "-00:00:01", "AbortGracePeriod")]
    [InlineData("AbortGracePeriod", "00:00:11", "AbortGracePeriod")]
    [InlineData("MaximumReceiveMessageSize", "255", "MaximumReceiveMessageSize")]
    [InlineData("MaximumReceiveMessageSize", "1048577", "MaximumReceiveMessageSize")]
    [InlineData("UserIdClaimType", " ", "UserIdClaimType")]
    [InlineData("AllowedOrigins:0", "app.example.com", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "https://app.example.com/", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "https://app.example.com/path", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "ftp://app.example.com", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "null", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "https://app.example.com:443", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "http://app.example.com:80", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", " https://app.example.com", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "https://app.example.com?x=1", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "https://app.example.com#f", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "https://user@app.example.com", "AllowedOrigins")]
    [InlineData("AllowedOrigins:0", "*", "AllowedOrigins")]
    public void A_bad_value_fails_with_one_message_naming_its_setting(string key, string value, string setting)
    {
        var failure = SingleFailure(Validate(FromConfiguration((key, value))));

        Assert.StartsWith($"SessionAwareness:{setting} ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_setting_gets_its_own_line()
    {
        var result = Validate(FromConfiguration(("KillRateLimit", "0"), ("HubPath", "hub"), ("AllowedOrigins:0", "https://ok.example"), ("AllowedOrigins:1", "nope")));

        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("SessionAwareness:KillRateLimit ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("SessionAwareness:HubPath ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("SessionAwareness:AllowedOrigins ('nope')", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_default_scheme_or_a_named_one_it_fails_naming_CookieScheme()
    {
        var failure = SingleFailure(Validate(new SessionAwarenessOptions(), Authentication(defaultScheme: null)));

        Assert.StartsWith("SessionAwareness:CookieScheme is not set", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_scheme_that_is_not_a_cookie_scheme_fails_naming_CookieScheme()
    {
        var failure = SingleFailure(Validate(new SessionAwarenessOptions(), Authentication(defaultScheme: "Header")));

        Assert.Equal("SessionAwareness:CookieScheme ('Header') is not a registered cookie authentication scheme.", failure);
    }

    [Theory]
    [InlineData("Header")]
    [InlineData("Identity.Application")]
    public void A_named_scheme_that_is_missing_or_not_a_cookie_scheme_fails_naming_CookieScheme(string scheme)
    {
        var failure = SingleFailure(Validate(new SessionAwarenessOptions { CookieScheme = scheme }));

        Assert.Equal($"SessionAwareness:CookieScheme ('{scheme}') is not a registered cookie authentication scheme.", failure);
    }

    [Fact]
    public void A_cookie_scheme_handler_subclass_counts_as_a_cookie_scheme()
    {
        var authentication = Authentication(defaultScheme: "Custom");
        authentication.AddScheme<CustomCookieHandler>("Custom", displayName: null);

        Assert.True(Validate(new SessionAwarenessOptions(), authentication).Succeeded);
    }

    [Fact]
    public async Task A_host_with_a_bad_configured_value_fails_at_start_naming_it()
    {
        await using var app = BuildApp(("SessionAwareness:IdleTimeout", "00:00:00"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(typeof(SessionAwarenessOptions), error.OptionsType);
        Assert.Contains(error.Failures, f => f.StartsWith("SessionAwareness:IdleTimeout (00:00:00)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_host_with_good_configured_values_starts()
    {
        await using var app = BuildApp(("SessionAwareness:IdleTimeout", "00:05:00"));

        await app.StartAsync();

        Assert.Equal(TimeSpan.FromMinutes(5), app.Services.GetRequiredService<IOptions<SessionAwarenessOptions>>().Value.IdleTimeout);
        await app.StopAsync();
    }

    private static WebApplication BuildApp(params (string Key, string Value)[] configuration)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)));
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(Cookies).AddCookie();
        builder.Services.AddSessionAwareness().UseInMemoryStore();
        return builder.Build();
    }

    /// <summary>An authentication scheme that is not a cookie scheme.</summary>
    private sealed class HeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }

    /// <summary>An app's own cookie handler, derived from the framework's.</summary>
    private sealed class CustomCookieHandler(IOptionsMonitor<CookieAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : CookieAuthenticationHandler(options, logger, encoder);
}
