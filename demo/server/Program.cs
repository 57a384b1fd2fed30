// Reference server for the <session-awareness> widget: cookie sign-in backed by a server-side
// session registry, and a SignalR hub that tells a user's sessions about each other.
using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Endpoints;
using SessionAwareness.Demo.Hubs;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Sessions;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = DemoPaths.FindContentRoot(),
});

SessionAwarenessOptions options;
try
{
    options = SessionAwarenessOptions.From(key => builder.Configuration[key]);
}
catch (InvalidOperationException error)
{
    // A bad setting stops the start with one readable line, not a stack trace.
    Console.Error.WriteLine($"Configuration error: {error.Message}");
    return 1;
}

var repositoryRoot = DemoPaths.FindRepositoryRoot(
    builder.Environment.ContentRootPath, builder.Configuration["SESSION_AWARENESS_ROOT"]);

// Loopback only: this is a demo with hard-coded users.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, options.Port);
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

// Framework logs stay at Warning: request logs at Information print full URLs, and SignalR's
// WebSocket URL carries the connection token (?id=...). Our own logs never contain the cookie,
// the session secret or any token; sessions are named by the first characters of their handle.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("System", LogLevel.Warning);
// "Key may be persisted unencrypted" does not apply: the key ring is in memory only (below).
builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ISessionRegistry, InMemorySessionRegistry>();
builder.Services.AddSingleton<ConnectionTracker>();
builder.Services.AddSingleton<SessionEvents>();
builder.Services.AddSingleton<DemoUsers>();
builder.Services.AddSingleton<NotesStore>();
builder.Services.AddScoped<SessionCookieEvents>();
// Ends expired sessions on the hub too: sessionEnded to their tabs, then their connections are cut.
builder.Services.AddHostedService<SessionExpirySweeper>();

// Keys that protect the cookie and antiforgery tokens stay in memory, like the sessions.
builder.Services.AddDataProtection();
builder.Services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = new InMemoryXmlRepository());

builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(cookie =>
    {
        cookie.Cookie.Name = "sa_session";
        cookie.Cookie.HttpOnly = true;                          // scripts (and XSS) cannot read the secret
        cookie.Cookie.SameSite = SameSiteMode.Lax;              // not sent on cross-site POSTs
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever served over HTTPS
        cookie.LoginPath = SessionCookieEvents.LoginPath;
        cookie.EventsType = typeof(SessionCookieEvents);        // registry check on every request
    });
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery(antiforgery =>
{
    antiforgery.Cookie.Name = "sa_antiforgery";
    antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});

// Detailed errors would send exception messages (and so internals) to any client.
builder.Services.AddSignalR(signalR => signalR.EnableDetailedErrors = false);

var app = builder.Build();

app.UseHubOriginCheck("/hubs");
app.UseStaticFolder("/widget", Path.Combine(repositoryRoot, "dist"));
app.UseStaticFolder("/esm", Path.Combine(repositoryRoot, "demo", "esm", "dist"));
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapAccountEndpoints();
app.MapHomeEndpoints();
app.MapSessionEndpoints();
// Close a connection when its authentication expires, instead of letting it outlive the cookie.
app.MapHub<SessionHub>("/hubs/session", hub => hub.CloseOnAuthenticationExpiration = true);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
    Console.WriteLine($"Listening on {addresses?.FirstOrDefault() ?? $"http://127.0.0.1:{options.Port}"}");
});

app.Run();
return 0;
