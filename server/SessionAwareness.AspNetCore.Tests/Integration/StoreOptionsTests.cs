using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.StackExchangeRedis;
using SessionAwareness.AspNetCore.Stores;
using SessionAwareness.AspNetCore.Tests.Stores;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// The stores' options go through the options pattern (configuration sections, callbacks, validated at start), and
/// <c>AddRedis</c> leaves an app's own <see cref="IConnectionMultiplexer"/> registration as it is.
/// </summary>
[Collection(RedisServerFixture.CollectionName)]
public class StoreOptionsTests(RedisServerFixture redis)
{
    [Fact]
    public async Task AddRedis_with_the_apps_own_multiplexer_uses_it_and_keeps_the_apps_registration()
    {
        await using var own = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var prefix = $"own-{Guid.NewGuid():N}:";
        await using var app = await TestApp.StartAsync(
            configure: b => b.Services.AddSingleton<IConnectionMultiplexer>(own),
            store: b => b.AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>()).Services.Configure<RedisUserSessionStoreOptions>(o => o.KeyPrefix = prefix));

        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");

        Assert.Same(own, app.App.Services.GetRequiredService<IConnectionMultiplexer>());
        Assert.Single(app.App.Services.GetServices<IConnectionMultiplexer>());
        Assert.IsType<RedisUserSessionStore>(app.Store);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/test/me")).StatusCode);

        // The session and the key ring went through the app's connection, under the configured prefix.
        Assert.True(await own.GetDatabase().KeyExistsAsync(prefix + "data-protection-keys"));
    }

    [Fact]
    public async Task AddRedis_with_a_configuration_string_registers_no_multiplexer()
    {
        var prefix = $"plain-{Guid.NewGuid():N}:";
        await using var app = await TestApp.StartAsync(store: b => b.AddRedis(o => { o.Configuration = redis.ConnectionString; o.KeyPrefix = prefix; }));

        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");

        Assert.Null(app.App.Services.GetService<IConnectionMultiplexer>());
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/test/me")).StatusCode);
    }

    [Theory]
    [InlineData("SessionAwareness:Redis:KeyPrefix", "a{b}", "SessionAwareness:Redis:KeyPrefix ('a{b}')")]
    [InlineData("SessionAwareness:Redis:RetainExpiredFor", "00:00:00", "SessionAwareness:Redis:RetainExpiredFor (00:00:00)")]
    [InlineData("SessionAwareness:Redis:KeyRingCheckInterval", "00:00:00.001", "SessionAwareness:Redis:KeyRingCheckInterval (00:00:00.0010000)")]
    [InlineData("SessionAwareness:Redis:Configuration", "", "SessionAwareness:Redis:Configuration must be set")]
    public async Task A_bad_Redis_setting_stops_the_start_naming_it(string key, string value, string failure)
    {
        await using var app = BuildApp(b => b.AddRedis(_ => { }), ("SessionAwareness:Redis:Configuration", redis.ConnectionString), (key, value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(typeof(RedisUserSessionStoreOptions), error.OptionsType);
        Assert.Contains(error.Failures, f => f.StartsWith(failure, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_SQLite_busy_timeout_stops_the_start_naming_it()
    {
        await using var app = BuildApp(b => b.UseSqlite(o => o.BusyTimeout = TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(typeof(SqliteUserSessionStoreOptions), error.OptionsType);
        Assert.Contains(error.Failures, f => f.StartsWith("SessionAwareness:Sqlite:BusyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_SQLite_file_and_its_key_ring_follow_the_Sqlite_section()
    {
        var folder = Path.Combine(Path.GetTempPath(), "session-awareness-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var app = BuildApp(_ => { }, ("SessionAwareness:Sqlite:DatabasePath", Path.Combine(folder, "db", "s.db")), ("SessionAwareness:Sqlite:BusyTimeout", "00:00:02")))
            {
                await app.StartAsync();
                var store = Assert.IsType<SqliteUserSessionStore>(app.Services.GetRequiredService<IUserSessionStore>());
                await store.GetOrAddSecretAsync("probe", [1]);
                _ = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("probe").Protect("x");
                Assert.Equal(TimeSpan.FromSeconds(2), app.Services.GetRequiredService<IOptions<SqliteUserSessionStoreOptions>>().Value.BusyTimeout);
                await app.StopAsync();
            }

            Assert.True(File.Exists(Path.Combine(folder, "db", "s.db")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "db", "keys"), "key-*.xml"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static WebApplication BuildApp(Action<SessionAwarenessBuilder> store, params (string Key, string Value)[] configuration)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // A later value of a key wins (a test overrides a default).
        builder.Configuration.AddInMemoryCollection(configuration.GroupBy(c => c.Key).Select(g => new KeyValuePair<string, string?>(g.Key, g.Last().Value)));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        store(builder.Services.AddSessionAwareness());
        return builder.Build();
    }
}
