using Microsoft.AspNetCore.Http;
using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class SignedOutReasonsTests
{
    private static HttpRequest Request(string queryString)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(queryString);
        return context.Request;
    }

    [Theory]
    [InlineData("?signedOutReason=ended", SignedOutReason.Ended)]
    [InlineData("?ReturnUrl=%2F&signedOutReason=revoked", SignedOutReason.Revoked)]
    [InlineData("?signedOutReason=expired", SignedOutReason.Expired)]
    public void FromQuery_reads_allow_listed_codes(string query, SignedOutReason expected) =>
        Assert.Equal(expected, SignedOutReasons.FromQuery(Request(query)));

    [Theory]
    [InlineData("")]
    [InlineData("?signedOutReason=")]
    [InlineData("?signedOutReason=Ended")]
    [InlineData("?signedOutReason=ended%20")]
    [InlineData("?signedOutReason=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("?signedOutReason=You+were+hacked.+Call+0800")]
    [InlineData("?signedOutReason=0")]
    [InlineData("?signedOutReason=ended&signedOutReason=expired")]
    [InlineData("?reason=ended")]
    public void FromQuery_ignores_anything_else(string query) =>
        Assert.Null(SignedOutReasons.FromQuery(Request(query)));

    [Theory]
    [InlineData(SignedOutReason.Ended, "ended")]
    [InlineData(SignedOutReason.Revoked, "revoked")]
    [InlineData(SignedOutReason.Expired, "expired")]
    public void Codes_round_trip(SignedOutReason reason, string code)
    {
        Assert.Equal(code, SignedOutReasons.ToCode(reason));
        Assert.True(SignedOutReasons.TryParse(code, out var parsed));
        Assert.Equal(reason, parsed);
    }

    [Fact]
    public void Default_messages()
    {
        Assert.Equal("You were signed out from another device.", SignedOutReasons.DefaultMessage(SignedOutReason.Ended, TimeSpan.FromMinutes(15)));
        Assert.Equal("You were signed out for your account's security. Please sign in again.", SignedOutReasons.DefaultMessage(SignedOutReason.Revoked, TimeSpan.FromMinutes(15)));
        Assert.Equal("You were signed out after 15 minutes without activity.", SignedOutReasons.DefaultMessage(SignedOutReason.Expired, TimeSpan.FromMinutes(15)));
        Assert.Equal("You were signed out after 1 minute without activity.", SignedOutReasons.DefaultMessage(SignedOutReason.Expired, TimeSpan.FromSeconds(70)));
        Assert.Equal("You were signed out after 1 minute without activity.", SignedOutReasons.DefaultMessage(SignedOutReason.Expired, TimeSpan.FromSeconds(10)));
        Assert.Equal("You were signed out after 2 minutes without activity.", SignedOutReasons.DefaultMessage(SignedOutReason.Expired, TimeSpan.FromSeconds(90)));
    }

    [Fact]
    public void The_request_helper_gives_the_fixed_sentence_or_null()
    {
        Assert.Equal("You were signed out from another device.", SignedOutReasons.DefaultMessage(Request("?signedOutReason=ended")));
        Assert.Null(SignedOutReasons.DefaultMessage(Request("?signedOutReason=<b>hi</b>")));
    }

    [Theory]
    [InlineData("http://localhost/login?ReturnUrl=%2F&signedOutReason=ended", "/login?signedOutReason=ended")]
    [InlineData("/login?signedOutReason=expired", "/login?signedOutReason=expired")]
    [InlineData("/login?ReturnUrl=%2F", "/login")]
    [InlineData("/login?signedOutReason=%3Cscript%3E", "/login")]
    [InlineData("/login?signedOutReason=ended&signedOutReason=expired", "/login")]
    [InlineData("", "/login")]
    [InlineData(null, "/login")]
    public void CarryTo_keeps_only_an_allow_listed_reason_of_the_library_redirect(string? redirectUri, string expected)
    {
        Assert.Equal(expected, SignedOutReasons.CarryTo("/login", redirectUri));
    }
}
