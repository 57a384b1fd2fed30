using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;
using SessionAwareness.Samples.Identity.Data;

namespace SessionAwareness.Samples.Identity.Tests;

/// <summary>
/// The sample, unchanged, on an in-process TestServer with its data (Identity database, sessions, key ring)
/// in <paramref name="dataDirectory"/>. The real clock: SignalR compares a connection's ticket expiry with it.
/// The only addition is a claims transformation that records the principal each request ends up with.
/// </summary>
public sealed class SampleApp(string dataDirectory, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public static readonly Uri BaseAddress = new("http://localhost");

    /// <summary>The principal of each authenticated request, by path, last one wins.</summary>
    public ConcurrentDictionary<string, ClaimsPrincipal> Principals { get; } = new(StringComparer.Ordinal);

    public IUserSessionStore Store => Services.GetRequiredService<IUserSessionStore>();

    public UserSessionManager Sessions => Services.GetRequiredService<UserSessionManager>();

    /// <summary>A new browser: its own cookie jar and User-Agent.</summary>
    public Browser NewBrowser(string userAgent = Browser.Chrome) => new(this, userAgent);

    /// <summary>Runs <paramref name="action"/> with Identity's <see cref="UserManager{TUser}"/> in a scope, as a request would.</summary>
    public async Task<T> WithUsersAsync<T>(Func<UserManager<IdentityUser>, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>());
    }

    /// <summary>The id Identity gave the user with this email.</summary>
    public Task<string> UserIdAsync(string email) =>
        WithUsersAsync(async users => (await users.FindByEmailAsync(email))?.Id ?? throw new InvalidOperationException($"no user {email}"));

    /// <summary>Registers a user of this test only (with the sample's initial password), so a test can change it freely.</summary>
    public Task<string> NewUserAsync(string name) => WithUsersAsync(async users =>
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var result = await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, SampleUsers.InitialPassword);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return email;
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As the sample runs (no launch profile): Production, so errors are plain status codes.
        builder.UseEnvironment("Production");
        builder.UseSetting("SAMPLE_DATA_DIR", dataDirectory);
        builder.UseSetting("PORT", "0");
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureTestServices(test =>
        {
            test.AddHttpContextAccessor();
            test.AddSingleton(this);
            test.AddScoped<IClaimsTransformation, RecordPrincipal>();
            services?.Invoke(test);
        });
    }

    private sealed class RecordPrincipal(SampleApp app, IHttpContextAccessor http) : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            if (http.HttpContext is { } context)
            {
                app.Principals[context.Request.Path.Value ?? ""] = principal;
            }

            return Task.FromResult(principal);
        }
    }
}

/// <summary>
/// A class fixture: a temporary data folder and the sample on it, both gone after the class. Tests of one class
/// share the database, so a test that changes a password does it to a user of its own.
/// </summary>
public class SampleHost : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sa-identity-tests-" + Guid.NewGuid().ToString("N"));

    public SampleApp App { get; private set; } = null!;

    /// <summary>Services a test host changes after the sample registered its own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public Task InitializeAsync()
    {
        App = Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DeleteDataDirectory(DataDirectory);
    }

    internal static void DeleteDataDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private SampleApp Start()
    {
        var app = new SampleApp(DataDirectory, ConfigureServices);
        _ = app.Server; // start it now: the database and the users exist before the first test
        return app;
    }
}

/// <summary>The sample with Identity's security stamp validated on every request.</summary>
public sealed class StampCheckedOnEveryRequestHost : SampleHost
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
}

/// <summary>
/// The sample with the library's stamp-check interval (SessionAwareness:SecurityStampValidationInterval) at
/// <see cref="Interval"/>: short enough to wait out, long enough that a loaded machine still looks within it.
/// </summary>
public sealed class StampCheckedOftenHost : SampleHost
{
    /// <summary>The stamp-check interval of this host.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<SessionAwareness.AspNetCore.SessionAwarenessOptions>(o => o.SecurityStampValidationInterval = Interval);
}
