// The demo app: cookie sign-in with two hard-coded users, and session-awareness added with the
// library's public API only (AddSessionAwareness, MapSessionAwareness).
using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Endpoints;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Samples.Shared;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = DemoPaths.FindContentRoot(),
});

DemoSettings settings;
try
{
    settings = DemoSettings.From(key => builder.Configuration[key]);
}
catch (InvalidOperationException error)
{
    // A bad setting stops the start with one readable line, not a stack trace.
    Console.Error.WriteLine($"Configuration error: {error.Message}");
    return 1;
}

var repositoryRoot = DemoPaths.FindRepositoryRoot(builder.Environment.ContentRootPath, builder.Configuration["SESSION_AWARENESS_ROOT"]);

// Loopback only: this is a demo with hard-coded users.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, settings.Port);
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

// Framework logs stay at Warning: request logs at Information print full URLs, and SignalR's WebSocket
// URL carries the connection token (?id=...). The library's logs never contain a session key or token.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("System", LogLevel.Warning);
// "No XML encryptor configured": the key ring sits unencrypted in the demo's data folder (or Redis);
// a production app adds ProtectKeysWith… for its platform.
builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<DemoUsers>();
builder.Services.AddSingleton<NotesStore>();

// The app's own cookie sign-in, as it would be without session-awareness.
builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(cookie =>
    {
        cookie.Cookie.Name = "sa_session";
        cookie.Cookie.HttpOnly = true;                                  // scripts (and XSS) cannot read it
        cookie.Cookie.SameSite = SameSiteMode.Lax;                      // not sent on cross-site POSTs
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;  // Secure whenever served over HTTPS
        cookie.LoginPath = AccountEndpoints.LoginPath;
        // Pages get a redirect to /login (no return URL, so no open redirect; only the library's allow-listed
        // reason for a session that ended); script requests and form posts (the widget's autosave) get a plain
        // 401 they can act on.
        cookie.Events.OnRedirectToLogin = context =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(SignedOutReasons.CarryTo(AccountEndpoints.LoginPath, context.RedirectUri));
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery(antiforgery =>
{
    antiforgery.Cookie.Name = "sa_antiforgery";
    antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});

// session-awareness: server-side sessions for that cookie, the hub, keep-alive and status.
var sessionAwareness = builder.Services.AddSessionAwareness(options =>
{
    options.IdleTimeout = settings.IdleTimeout;
    options.WarnBefore = settings.WarnBefore;
    options.KeepaliveInterval = settings.KeepaliveInterval;
    // Page loads slide the session at most this often; short demo timeouts get a finer grain.
    options.SlideWriteInterval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, settings.IdleTimeout.Ticks / 10));
});
switch (settings.Store)
{
    case DemoStore.Sqlite:
        sessionAwareness.UseSqlite(o => o.DatabasePath = Path.Combine(settings.DataDirectory ?? Path.Combine(builder.Environment.ContentRootPath, "data"), "sessions.db"));
        break;
    case DemoStore.Redis:
        sessionAwareness.AddRedis(settings.RedisUrl!);
        break;
    case DemoStore.Memory:
        sessionAwareness.UseInMemoryStore();
        break;
}

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

app.UseStaticFolder("/widget", Path.Combine(repositoryRoot, "dist"));
app.UseStaticFolder("/esm", Path.Combine(repositoryRoot, "demo", "esm", "dist"));
// The framework example apps (examples/<name>/, each built from the packed package) once they are built.
foreach (var example in new[] { "react", "vue", "svelte", "angular" })
{
    app.UseStaticFolder($"/examples/{example}", Path.Combine(repositoryRoot, "examples", example, "dist"), optional: true);
}
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapAccountEndpoints();
app.MapHomeEndpoints();
app.MapFavicon();
app.MapSessionAwareness();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
    Console.WriteLine($"Listening on {addresses?.FirstOrDefault() ?? $"http://127.0.0.1:{settings.Port}"} ({settings.Store} sessions)");
});

app.Run();
return 0;

/// <summary>The demo's entry point, public for <c>WebApplicationFactory</c> tests.</summary>
public partial class Program;
