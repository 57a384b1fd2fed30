// The bare baseline for the connection-cost benchmark: what an app's own SignalR hub costs per connection
// without session-awareness. Cookie sign-in through the same /login form shape as the demo (antiforgery
// field, username, password), and a hub at the demo's path that adds each connection to one group per user
// and sends it one small message. Loopback only, on PORT.
using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateBuilder(args);
var port = int.Parse(builder.Configuration["PORT"] ?? "0", CultureInfo.InvariantCulture);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port);
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

// The demo's logging: framework logs at Warning.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("System", LogLevel.Warning);

builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(cookie =>
    {
        // The demo's cookie name: the bench's sign-in client looks for it.
        cookie.Cookie.Name = "sa_session";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "sa_antiforgery");
var signalR = builder.Services.AddSignalR();
// BARE_REDIS = a Redis configuration: the SignalR Redis backplane, the baseline of the library's Redis configurations.
if (builder.Configuration["BARE_REDIS"] is { Length: > 0 } redis)
{
    signalR.AddStackExchangeRedis(redis);
}

// A control for the benchmark: with CONNECTED_CHARS = n, the on-connect message carries n characters (the
// size of the demo's snapshot of 100 sessions is ~25,000) instead of the user's name.
builder.Services.AddSingleton(new ConnectedMessage(int.Parse(builder.Configuration["CONNECTED_CHARS"] ?? "0", CultureInfo.InvariantCulture)));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery) =>
{
    var tokens = antiforgery.GetAndStoreTokens(context);
    var field = WebUtility.HtmlEncode(tokens.FormFieldName);
    var token = WebUtility.HtmlEncode(tokens.RequestToken ?? "");
    return Results.Content(
        $"<!doctype html><form method=\"post\"><input type=\"hidden\" name=\"{field}\" value=\"{token}\"><input name=\"username\"><input name=\"password\" type=\"password\"><button>Sign in</button></form>",
        "text/html; charset=utf-8");
});

// Any user name with the demo's password: the benchmark signs in one user only.
app.MapPost("/login", async (HttpContext context, [FromForm] string username, [FromForm] string password) =>
{
    if (string.IsNullOrEmpty(username) || password != "demo")
    {
        return Results.Unauthorized();
    }

    var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, username), new Claim(ClaimTypes.Name, username)],
        CookieAuthenticationDefaults.AuthenticationScheme));
    await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = false });
    return Results.Redirect("/");
});

app.MapHub<BareHub>("/hubs/session");
app.Run();

/// <summary>The on-connect message's size: 0 for the user's name.</summary>
internal sealed record ConnectedMessage(int Chars);

/// <summary>One group per user and one small message on connect: the least an app's own hub does.</summary>
[Authorize]
internal sealed class BareHub(ConnectedMessage message) : Hub
{
    /// <summary>The message the benchmark waits for: the connection is ready.</summary>
    public const string Connected = "connected";

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, "user:" + Context.UserIdentifier);
        await Clients.Caller.SendAsync(Connected, message.Chars > 0 ? new string('x', message.Chars) : Context.UserIdentifier);
        await base.OnConnectedAsync();
    }
}
