using SessionAwareness.Demo.Auth;

namespace SessionAwareness.Demo.Tests;

public class DemoUsersTests
{
    private readonly DemoUsers _users = new();

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("bob", "bob")]
    [InlineData(" Alice ", "alice")]
    public void Accepts_the_demo_users_with_password_demo(string name, string canonical)
    {
        Assert.True(_users.TryValidate(name, "demo", out var userName));
        Assert.Equal(canonical, userName);
    }

    [Theory]
    [InlineData("alice", "Demo")]
    [InlineData("alice", "demo ")]
    [InlineData("alice", "")]
    [InlineData("alice", null)]
    [InlineData("carol", "demo")]
    [InlineData("", "demo")]
    [InlineData(null, null)]
    public void Refuses_anything_else(string? name, string? password)
    {
        Assert.False(_users.TryValidate(name, password, out var userName));
        Assert.Equal(string.Empty, userName);
    }

    [Fact]
    public void Refuses_oversized_input() =>
        Assert.False(_users.TryValidate("alice", new string('d', 10_000), out _));
}
