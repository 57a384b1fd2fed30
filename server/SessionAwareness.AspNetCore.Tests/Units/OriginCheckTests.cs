using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SessionAwareness.AspNetCore.Http;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class OriginCheckTests
{
    private static readonly HostString Host = new("127.0.0.1:5199");

    private static HttpRequest Request(params string[] origins)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = Host;
        if (origins.Length > 0)
        {
            context.Request.Headers.Origin = new StringValues(origins);
        }

        return context.Request;
    }

    [Theory]
    [InlineData("http://127.0.0.1:5199")]
    [InlineData("HTTP://127.0.0.1:5199")]
    public void Accepts_the_same_origin(string origin)
    {
        Assert.True(OriginCheck.IsSameOrigin(origin, "http", Host));
        Assert.True(OriginCheck.IsSameOrigin(Request(origin)));
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://127.0.0.1:5198")]
    [InlineData("https://127.0.0.1:5199")]
    [InlineData("http://127.0.0.1:5199.evil.example")]
    [InlineData("http://127.0.0.1:5199/")]
    [InlineData("null")]
    [InlineData("")]
    public void Refuses_other_origins(string origin)
    {
        Assert.False(OriginCheck.IsSameOrigin(origin, "http", Host));
        Assert.False(OriginCheck.IsSameOrigin(Request(origin)));
    }

    [Fact]
    public void Same_origin_needs_exactly_one_origin_header()
    {
        Assert.False(OriginCheck.IsSameOrigin(StringValues.Empty, "http", Host));
        Assert.False(OriginCheck.IsSameOrigin(new StringValues(["http://127.0.0.1:5199", "http://evil.example"]), "http", Host));
        Assert.False(OriginCheck.IsSameOrigin(new StringValues(["http://127.0.0.1:5199", "http://127.0.0.1:5199"]), "http", Host));
    }

    [Fact]
    public void Same_origin_needs_a_host() =>
        Assert.False(OriginCheck.IsSameOrigin("http://", "http", default));

    [Fact]
    public void A_request_without_origin_is_allowed_as_a_non_browser_client() =>
        Assert.True(OriginCheck.IsAllowed(Request(), []));

    [Fact]
    public void The_requests_own_origin_is_allowed_without_a_list() =>
        Assert.True(OriginCheck.IsAllowed(Request("http://127.0.0.1:5199"), []));

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("HTTPS://APP.EXAMPLE.COM")]
    public void A_listed_origin_is_allowed_in_any_case(string origin) =>
        Assert.True(OriginCheck.IsAllowed(Request(origin), ["https://app.example.com"]));

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://app.example.com")]
    [InlineData("https://app.example.com.evil.example")]
    [InlineData("https://app.example.com/")]
    [InlineData("null")]
    [InlineData("")]
    public void Any_other_origin_is_refused(string origin) =>
        Assert.False(OriginCheck.IsAllowed(Request(origin), ["https://app.example.com"]));

    [Fact]
    public void Null_is_refused_even_when_listed() =>
        Assert.False(OriginCheck.IsAllowed(Request("null"), ["null"]));

    [Fact]
    public void Several_origin_headers_are_refused_even_when_each_would_pass()
    {
        Assert.False(OriginCheck.IsAllowed(Request("http://127.0.0.1:5199", "https://app.example.com"), ["https://app.example.com"]));
        Assert.False(OriginCheck.IsAllowed(Request("https://app.example.com", "https://app.example.com"), ["https://app.example.com"]));
    }
}
