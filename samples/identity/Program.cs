// An ASP.NET Core Identity app (EF Core on SQLite) with session-awareness added in the "five lines" way:
// AddSessionAwareness after AddIdentity, MapSessionAwareness, and the widget's script tag on the page. The
// library joins Identity's application cookie (the default authenticate scheme) and chains Identity's cookie
// events, so the security-stamp validator keeps running.
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.Samples.Identity.Data;
using SessionAwareness.Samples.Identity.Endpoints;
using SessionAwareness.Samples.Identity.Infrastructure;
using SessionAwareness.Samples.Shared;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = SamplePaths.FindContentRoot(),
});

SampleSettings settings;
try
{
    settings = SampleSettings.From(key => builder.Configuration[key]);
}
catch (InvalidOperationException error)
{
    // A bad setting stops the start with one readable line, not a stack trace.
    Console.Error.WriteLine($"Configuration error: {error.Message}");
    return 1;
}

var dataDirectory = Path.GetFullPath(settings.DataDirectory ?? Path.Combine(builder.Environment.ContentRootPath, "data"));
Directory.CreateDirectory(dataDirectory);

// Loopback only: this is a sample with well-known passwords.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, settings.Port);
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

// Framework logs stay at Warning: request logs at Information print full URLs, and SignalR's WebSocket URL
// carries the connection token (?id=...). EF Core's command logs would print every query.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("System", LogLevel.Warning);
// "No XML encryptor configured": the key ring sits unencrypted in the data folder; a production app adds
// ProtectKeysWith… for its platform.
builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

// ASP.NET Core Identity, as the templates set it up, with users in SQLite.
var identityDatabase = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "identity.db") }.ToString();
builder.Services.AddDbContext<SampleDbContext>(db => db.UseSqlite(identityDatabase));
builder.Services
    .AddIdentity<IdentityUser, IdentityRole>(identity =>
    {
        identity.User.RequireUniqueEmail = true;
        // The sign-in page counts failures (lockoutOnFailure): 5 wrong passwords lock the account for 5 minutes.
        identity.Lockout.MaxFailedAccessAttempts = 5;
        identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
    })
    .AddEntityFrameworkStores<SampleDbContext>()
    .AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(cookie =>
{
    cookie.Cookie.HttpOnly = true;                                  // scripts (and XSS) cannot read it
    cookie.Cookie.SameSite = SameSiteMode.Lax;                      // not sent on cross-site POSTs
    cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;  // Secure whenever served over HTTPS
    cookie.LoginPath = AccountEndpoints.LoginPath;
    cookie.LogoutPath = AccountEndpoints.LogoutPath;
    // Identity's cookie lives 14 days by default; the server-side session's idle timeout is what ends an
    // unused sign-in. Identity put its security-stamp validator on these Events; they stay.
    cookie.Events.OnRedirectToAccessDenied = context =>
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
});
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

// session-awareness: server-side sessions behind Identity's cookie, the hub, keep-alive and status. Sessions
// and the Data Protection key ring live beside the Identity database.
builder.Services
    .AddSessionAwareness(options =>
    {
        options.IdleTimeout = settings.IdleTimeout;
        options.WarnBefore = settings.WarnBefore;
        options.KeepaliveInterval = settings.KeepaliveInterval;
        // Page loads slide the session at most this often; a short idle timeout gets a finer grain.
        options.SlideWriteInterval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, settings.IdleTimeout.Ticks / 10));
    })
    .UseSqlite(Path.Combine(dataDirectory, "sessions.db"));

var app = builder.Build();

try
{
    _ = app.Services.GetRequiredService<IOptions<SessionAwarenessOptions>>().Value;
}
catch (OptionsValidationException error)
{
    Console.Error.WriteLine($"Configuration error: {error.Message}");
    return 1;
}

await SampleUsers.EnsureCreatedAsync(app.Services);

app.UseStaticFolder("/widget", Path.Combine(SamplePaths.FindRepositoryRoot(app.Environment.ContentRootPath), "dist"));
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapAccountEndpoints();
app.MapHomeEndpoints();
app.MapFavicon();
app.MapSessionAwareness();

app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Listening on http://127.0.0.1:{settings.Port} (data in {dataDirectory})"));

await app.RunAsync();
return 0;

/// <summary>The sample's entry point, public for <c>WebApplicationFactory</c> tests.</summary>
public partial class Program;
