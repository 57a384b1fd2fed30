using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;


namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// A small app with cookie sign-in and session-awareness on an in-process TestServer, a fake clock, and
/// helpers for browsers (a cookie jar each) and hub connections (the real SignalR .NET client).
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    /// <summary>
    /// The fake clock starts at the real time (whole seconds): SignalR checks a connection's authentication
    /// expiry (CloseOnAuthenticationExpiration) against the real clock, so a ticket issued on a fake date in the
    /// past would be closed by a heartbeat at a random moment.
    /// </summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    /// <summary>The wire format of a time: ISO 8601 UTC with milliseconds.</summary>
    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private TestApp(WebApplication app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
        Server = app.GetTestServer();
    }

    public WebApplication App { get; }

    public TestServer Server { get; }

    public FakeTimeProvider Time { get; }

    public IUserSessionStore Store => App.Services.GetRequiredService<IUserSessionStore>();

    /// <summary>Starts the app. <paramref name="configure"/> may change services before the app is built.</summary>
    public static async Task<TestApp> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        Action<SessionAwarenessBuilder>? store = null,
        Action<SessionAwarenessOptions>? options = null,
        Action<CookieAuthenticationOptions>? cookie = null)
    {
        var time = new FakeTimeProvider(Start);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/login";
            cookie?.Invoke(o);
        });
        builder.Services.AddAuthorization();
        var sessionAwareness = builder.Services.AddSessionAwareness(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(15);
            options?.Invoke(o);
        });
        if (store is null)
        {
            sessionAwareness.UseInMemoryStore();
        }
        else
        {
            store(sessionAwareness);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        // The app's own endpoints: a sign-in as any user (with the User-Agent of the request), sign-out,
        // and a page that needs a session and echoes the principal the app sees.
        app.MapPost("/test/signin", async (HttpContext context, string user, string? stamp) =>
        {
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, user), new("app-claim", "kept") };
            if (stamp is not null)
            {
                claims.Add(new Claim("AspNet.Identity.SecurityStamp", stamp));
            }

            await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            return Results.Ok();
        });
        app.MapPost("/test/end-others", async (HttpContext context, UserSessionManager sessions) =>
            Results.Json(new { ended = await sessions.EndOtherSessionsAsync(context) })).RequireAuthorization();
        app.MapPost("/test/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync();
            return Results.Ok();
        });
        app.MapGet("/test/me", (HttpContext context) => Results.Json(new
        {
            name = context.User.Identity?.Name,
            handle = context.User.FindSessionHandle(),
            claims = context.User.Claims.Select(c => c.Type + "=" + c.Value).ToArray(),
            identities = context.User.Identities.Count(),
        })).RequireAuthorization();
        app.MapPost("/test/save", () => Results.NoContent()).RequireAuthorization();
        app.MapSessionAwareness();
        await app.StartAsync();
        return new TestApp(app, time);
    }

    /// <summary>A browser: its own cookie jar and User-Agent; redirects are not followed (tests look at them).</summary>
    public Browser NewBrowser(string userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36") =>
        new(this, userAgent);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Advances the fake clock and lets timers that became due run.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Task.Delay(50);
    }
}

/// <summary>One browser of a <see cref="TestApp"/>.</summary>
internal sealed class Browser
{
    private readonly TestApp _app;

    public Browser(TestApp app, string userAgent)
    {
        _app = app;
        UserAgent = userAgent;
        Http = new HttpClient(Handler()) { BaseAddress = app.Server.BaseAddress };
        Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public string UserAgent { get; }

    /// <summary>The auth cookie's value (the protected key), or <c>null</c>.</summary>
    public string? AuthCookie => Cookies.GetCookies(_app.Server.BaseAddress)[".AspNetCore.Cookies"]?.Value;

    public async Task SignInAsync(string user, string? stamp = null)
    {
        var query = stamp is null ? "" : "&stamp=" + Uri.EscapeDataString(stamp);
        var response = await Http.PostAsync($"/test/signin?user={Uri.EscapeDataString(user)}{query}", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A browser elsewhere holding a copy of this one's auth cookie (malware, a shared computer, a proxy log), with
    /// its own User-Agent unless <paramref name="userAgent"/> says otherwise.
    /// </summary>
    public Browser CopyCookieTo(string userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0")
    {
        var thief = _app.NewBrowser(userAgent);
        thief.Cookies.SetCookies(_app.Server.BaseAddress, ".AspNetCore.Cookies=" + AuthCookie);
        return thief;
    }

    /// <summary>The session this browser's cookie names, read from the store through a request.</summary>
    public async Task<UserSession> SessionAsync()
    {
        var me = await Http.GetFromJsonAsync<Me>("/test/me") ?? throw new InvalidOperationException("no /test/me");
        return await _app.Store.FindByHandleAsync(me.Handle!) ?? throw new InvalidOperationException("no session");
    }

    /// <summary>Opens a hub connection with this browser's cookies: negotiate over HTTP, then a WebSocket, as a browser does.</summary>
    public async Task<HubClient> ConnectAsync(string? origin = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.Server.BaseAddress, "/hubs/session"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.HttpMessageHandlerFactory = _ => Handler();
                o.Headers["User-Agent"] = UserAgent;
                if (origin is not null)
                {
                    o.Headers["Origin"] = origin;
                }

                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = _app.Server.CreateWebSocketClient();
                    client.ConfigureRequest = request =>
                    {
                        request.Headers["Cookie"] = Cookies.GetCookieHeader(_app.Server.BaseAddress);
                        request.Headers["User-Agent"] = UserAgent;
                        if (origin is not null)
                        {
                            request.Headers["Origin"] = origin;
                        }
                    };
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .Build();
        var hubClient = new HubClient(connection);
        await hubClient.StartAsync();
        return hubClient;
    }

    private CookieContainerHandler Handler() => new CookieContainerHandler(Cookies) { InnerHandler = _app.Server.CreateHandler() };

    public sealed record Me(string? Name, string? Handle, string[] Claims, int Identities);
}
