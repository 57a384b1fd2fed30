using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Sessions;
using static SessionAwareness.Demo.Tests.TestData;

namespace SessionAwareness.Demo.Tests;

public class SessionCookieEventsTests
{
    private static readonly AuthenticationScheme Scheme =
        new(CookieAuthenticationDefaults.AuthenticationScheme, null, typeof(CookieAuthenticationHandler));

    private readonly ManualTimeProvider _clock = ManualTimeProvider.At2025();
    private readonly InMemorySessionRegistry _registry;
    private readonly SessionCookieEvents _events;
    private readonly RecordingAuthenticationService _auth = new();

    public SessionCookieEventsTests()
    {
        _registry = new InMemorySessionRegistry(_clock, Options);
        _events = new SessionCookieEvents(_registry);
    }

    private DefaultHttpContext NewContext(string method = "GET", string path = "/")
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton<IAuthenticationService>(_auth).BuildServiceProvider(),
        };
        context.Request.Method = method;
        context.Request.Path = path;
        return context;
    }

    private async Task<(CookieValidatePrincipalContext Validation, HttpContext Http)> Validate(ClaimsPrincipal cookiePrincipal)
    {
        var http = NewContext();
        var ticket = new AuthenticationTicket(cookiePrincipal, Scheme.Name);
        var validation = new CookieValidatePrincipalContext(http, Scheme, new CookieAuthenticationOptions(), ticket);
        await _events.ValidatePrincipal(validation);
        return (validation, http);
    }

    [Fact]
    public void The_cookie_holds_only_the_session_secret()
    {
        var session = _registry.Create("alice", "ua", _clock.GetUtcNow());

        var claim = Assert.Single(SessionClaims.CookiePrincipal(session).Claims);

        Assert.Equal(SessionClaims.Secret, claim.Type);
        Assert.Equal(session.SessionSecret, claim.Value);
    }

    [Fact]
    public async Task A_live_session_becomes_a_principal_with_the_user_name_from_the_registry()
    {
        var session = _registry.Create("alice", "ua", _clock.GetUtcNow());

        var (validation, http) = await Validate(SessionClaims.CookiePrincipal(session));

        Assert.NotNull(validation.Principal);
        Assert.Equal("alice", validation.Principal.Identity?.Name);
        Assert.True(validation.Principal.Identity?.IsAuthenticated);
        Assert.Equal(session.PublicHandle, validation.Principal.FindHandle());
        Assert.Null(validation.Principal.FindSecret());
        Assert.Equal(session, http.GetCurrentSession());
        Assert.Equal(0, _auth.SignOuts);
    }

    [Fact]
    public async Task A_revoked_session_is_rejected_and_its_cookie_removed()
    {
        var session = _registry.Create("alice", "ua", _clock.GetUtcNow());
        _registry.Revoke(session.PublicHandle);

        var (validation, http) = await Validate(SessionClaims.CookiePrincipal(session));

        Assert.Null(validation.Principal);
        Assert.Null(http.GetCurrentSession());
        Assert.Equal(1, _auth.SignOuts);
    }

    [Fact]
    public async Task An_expired_session_is_rejected()
    {
        var session = _registry.Create("alice", "ua", _clock.GetUtcNow());
        _clock.Advance(Idle);

        var (validation, _) = await Validate(SessionClaims.CookiePrincipal(session));

        Assert.Null(validation.Principal);
    }

    [Fact]
    public async Task An_unknown_secret_or_a_cookie_without_one_is_rejected()
    {
        var unknown = await Validate(SessionClaims.CookiePrincipal(Session("alice", "nope")));
        var empty = await Validate(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "Cookies")));

        Assert.Null(unknown.Validation.Principal);
        Assert.Null(empty.Validation.Principal);
        Assert.Equal(2, _auth.SignOuts);
    }

    [Theory]
    [InlineData("GET", "/", 302)]
    [InlineData("GET", "/notes", 302)]
    [InlineData("POST", "/notes", 401)]
    [InlineData("POST", "/hubs/session/negotiate", 401)]
    [InlineData("GET", "/hubs/session", 401)]
    [InlineData("GET", "/session/status", 401)]
    [InlineData("POST", "/session/keepalive", 401)]
    public async Task Pages_redirect_to_login_and_everything_else_gets_401(string method, string path, int status)
    {
        var http = NewContext(method, path);
        var redirect = new RedirectContext<CookieAuthenticationOptions>(
            http, Scheme, new CookieAuthenticationOptions(), new AuthenticationProperties(), "/login?ReturnUrl=%2F");

        await _events.RedirectToLogin(redirect);

        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal(status == 302 ? "/login" : null, http.Response.Headers.Location.FirstOrDefault());
    }

    private sealed class RecordingAuthenticationService : IAuthenticationService
    {
        public int SignOuts { get; private set; }

        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => throw new NotSupportedException();

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
            throw new NotSupportedException();

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
        {
            SignOuts++;
            return Task.CompletedTask;
        }
    }
}
