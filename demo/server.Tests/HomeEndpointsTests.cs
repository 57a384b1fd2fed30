using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionAwareness.Demo.Endpoints;
using SessionAwareness.Demo.Hubs;
using SessionAwareness.Demo.Sessions;
using static SessionAwareness.Demo.Tests.TestData;

namespace SessionAwareness.Demo.Tests;

public class HomeEndpointsTests
{
    private readonly ManualTimeProvider _clock = ManualTimeProvider.At2025();
    private readonly FakeHubContext _hub = new();
    private readonly InMemorySessionRegistry _registry;
    private readonly SessionEvents _events;
    private readonly NotesStore _notes;
    private readonly SessionRecord _session;

    public HomeEndpointsTests()
    {
        _registry = new InMemorySessionRegistry(_clock, Options);
        _events = new SessionEvents(_hub, _registry, new ConnectionTracker(), _clock) { AbortGracePeriod = TimeSpan.Zero };
        _notes = new NotesStore(_clock);
        _session = _registry.Create("alice", "ua", _clock.GetUtcNow());
    }

    private DateTimeOffset? ExpiresAt => _registry.FindByHandle(_session.PublicHandle)?.ExpiresAt;

    private async Task<(IResult Result, HttpContext Http)> PostNotes(string text, string? autosaveHeader)
    {
        var http = await SignedInRequest.For(_registry, _session, "POST", "/notes");
        if (autosaveHeader is not null)
        {
            http.Request.Headers[HomeEndpoints.AutosaveHeader] = autosaveHeader;
        }

        return (await HomeEndpoints.SaveNotes(http, text, _registry, _notes, _events), http);
    }

    [Fact]
    public async Task An_autosave_stores_a_draft_answers_204_no_store_and_does_not_slide_the_session()
    {
        var before = ExpiresAt;
        _clock.Advance(TimeSpan.FromMinutes(14));

        var (result, http) = await PostNotes("typed but not saved", "1");

        Assert.IsType<NoContent>(result);
        Assert.Equal("no-store", http.Response.Headers.CacheControl.ToString());
        Assert.Equal(before, ExpiresAt);
        Assert.DoesNotContain(_hub.Sent, s => s.Method == ClientMethods.SessionExpiry);
        Assert.Equal("typed but not saved", _notes.GetDraft("alice")?.Text);
        Assert.Null(_notes.Get("alice"));

        // And so the idle session still expires at its old deadline, autosave or not.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_registry.FindByHandle(_session.PublicHandle)?.Revoked);
    }

    [Fact]
    public async Task A_normal_save_slides_the_session_pushes_the_deadline_saves_and_clears_the_draft()
    {
        _notes.SaveDraft("alice", "draft");
        var before = ExpiresAt;
        _clock.Advance(TimeSpan.FromMinutes(14));

        var (result, _) = await PostNotes("saved", autosaveHeader: null);

        Assert.Equal("/", Assert.IsType<RedirectHttpResult>(result).Url);
        Assert.Equal(_clock.GetUtcNow() + Idle, ExpiresAt);
        Assert.NotEqual(before, ExpiresAt);
        var pushed = Assert.Single(_hub.Sent);
        Assert.Equal("group:session:" + _session.PublicHandle, pushed.Target);
        Assert.Equal(ClientMethods.SessionExpiry, pushed.Method);
        Assert.Equal(["2025-01-31T12:29:00.000Z", "2025-01-31T12:14:00.000Z"], pushed.Args);
        Assert.Equal("saved", _notes.Get("alice")?.Text);
        Assert.Null(_notes.GetDraft("alice"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("true")]
    [InlineData("")]
    public async Task Any_other_autosave_value_is_refused_and_slides_nothing(string value)
    {
        var before = ExpiresAt;
        _clock.Advance(TimeSpan.FromMinutes(1));

        var (result, _) = await PostNotes("x", value);

        Assert.IsType<BadRequest>(result);
        Assert.Equal(before, ExpiresAt);
        Assert.Null(_notes.GetDraft("alice"));
        Assert.Null(_notes.Get("alice"));
    }

    [Fact]
    public async Task An_autosave_for_a_session_ended_during_the_request_is_refused()
    {
        var http = await SignedInRequest.For(_registry, _session, "POST", "/notes");
        http.Request.Headers[HomeEndpoints.AutosaveHeader] = "1";
        _registry.Revoke(_session.PublicHandle);

        var result = await HomeEndpoints.SaveNotes(http, "x", _registry, _notes, _events);

        Assert.IsType<UnauthorizedHttpResult>(result);
        Assert.Null(_notes.GetDraft("alice"));
    }

    [Fact]
    public async Task The_home_page_slides_pushes_the_deadline_and_shows_the_draft_and_user_id()
    {
        _clock.Advance(TimeSpan.FromMinutes(3));
        _notes.SaveDraft("alice", "<b>unsaved</b>");
        var http = await SignedInRequest.For(_registry, _session, "GET", "/");

        var result = await HomeEndpoints.ShowHome(http, _events, _notes, new FakeAntiforgery(), Options);

        var page = Assert.IsType<ContentHttpResult>(result).ResponseContent;
        Assert.Equal(_clock.GetUtcNow() + Idle, ExpiresAt);
        Assert.Equal(ClientMethods.SessionExpiry, Assert.Single(_hub.Sent).Method);
        Assert.Contains("Draft saved by the widget at 12:03:00 UTC: &lt;b&gt;unsaved&lt;/b&gt;</p>", page, StringComparison.Ordinal);
        Assert.Contains(" data-user-id=\"alice\"></script>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_page_of_a_session_ended_during_the_request_redirects_to_login()
    {
        var http = await SignedInRequest.For(_registry, _session, "GET", "/");
        _registry.Revoke(_session.PublicHandle);

        var result = await HomeEndpoints.ShowHome(http, _events, _notes, new FakeAntiforgery(), Options);

        Assert.Equal("/login", Assert.IsType<RedirectHttpResult>(result).Url);
        Assert.Empty(_hub.Sent);
    }

    private sealed class FakeAntiforgery : IAntiforgery
    {
        private static readonly AntiforgeryTokenSet Tokens = new("request-token", "cookie-token", "__RequestVerificationToken", null);

        public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => Tokens;

        public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => Tokens;

        public Task<bool> IsRequestValidAsync(HttpContext httpContext) => Task.FromResult(true);

        public Task ValidateRequestAsync(HttpContext httpContext) => Task.CompletedTask;

        public void SetCookieTokenAndHeader(HttpContext httpContext)
        {
        }
    }
}
