using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SessionAwareness.Demo.Infrastructure;

namespace SessionAwareness.Demo.Tests;

public class OriginCheckTests
{
    private static readonly HostString Host = new("127.0.0.1:5199");

    [Theory]
    [InlineData("http://127.0.0.1:5199")]
    [InlineData("HTTP://127.0.0.1:5199")]
    public void Accepts_the_same_origin(string origin) =>
        Assert.True(OriginCheck.IsSameOrigin(origin, "http", Host));

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://127.0.0.1:5198")]
    [InlineData("https://127.0.0.1:5199")]
    [InlineData("http://127.0.0.1:5199.evil.example")]
    [InlineData("null")]
    [InlineData("")]
    public void Refuses_other_origins(string origin) =>
        Assert.False(OriginCheck.IsSameOrigin(origin, "http", Host));

    [Fact]
    public void Refuses_a_missing_origin_or_several() =>
        Assert.All(
            [StringValues.Empty, new StringValues(["http://127.0.0.1:5199", "http://evil.example"])],
            origin => Assert.False(OriginCheck.IsSameOrigin(origin, "http", Host)));

    [Theory]
    [InlineData("/hubs/session/negotiate", null, 200)]
    [InlineData("/hubs/session/negotiate", "http://127.0.0.1:5199", 200)]
    [InlineData("/hubs/session/negotiate", "http://evil.example", 403)]
    [InlineData("/hubs/session", "null", 403)]
    [InlineData("/login", "http://evil.example", 200)]
    public async Task The_hub_middleware_refuses_only_foreign_origins_under_hubs(string path, string? origin, int status)
    {
        var app = new ApplicationBuilder(new EmptyServices());
        app.UseHubOriginCheck("/hubs");
        app.Run(context =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = Host;
        context.Request.Path = path;
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        await app.Build()(context);

        Assert.Equal(status, context.Response.StatusCode);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
