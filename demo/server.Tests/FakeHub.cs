using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using SessionAwareness.Demo.Hubs;

namespace SessionAwareness.Demo.Tests;

/// <summary>One message sent through the hub context: to whom (e.g. "group:session:x"), which method, which arguments.</summary>
internal sealed record Sent(string Target, string Method, object?[] Args, IReadOnlyList<string> Excluded);

/// <summary>Records what is sent through <see cref="IHubContext{THub}"/>.</summary>
internal sealed class FakeHubContext : IHubContext<SessionHub>
{
    public FakeHubContext() => Clients = new FakeClients(Sent);

    public List<Sent> Sent { get; } = [];

    public IHubClients Clients { get; }

    public IGroupManager Groups { get; } = new FakeGroups();

    private sealed class FakeClients(List<Sent> sent) : IHubClients
    {
        public IClientProxy All => To("all");

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => To("all", excludedConnectionIds);

        public IClientProxy Client(string connectionId) => To("connection:" + connectionId);

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => To(string.Join(",", connectionIds.Select(c => "connection:" + c)));

        public IClientProxy Group(string groupName) => To("group:" + groupName);

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => To("group:" + groupName, excludedConnectionIds);

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => To(string.Join(",", groupNames.Select(g => "group:" + g)));

        public IClientProxy User(string userId) => To("user-id:" + userId);

        public IClientProxy Users(IReadOnlyList<string> userIds) => To(string.Join(",", userIds.Select(u => "user-id:" + u)));

        private Proxy To(string target, IReadOnlyList<string>? excluded = null) => new(sent, target, excluded ?? []);
    }

    private sealed class Proxy(List<Sent> sent, string target, IReadOnlyList<string> excluded) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            lock (sent)
            {
                sent.Add(new Sent(target, method, args, excluded));
            }

            return Task.CompletedTask;
        }
    }

    private sealed class FakeGroups : IGroupManager
    {
        public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}

/// <summary>A hub connection that only remembers whether it was aborted.</summary>
internal sealed class FakeCallerContext(string connectionId) : HubCallerContext
{
    public bool Aborted { get; private set; }

    public override string ConnectionId { get; } = connectionId;

    public override string? UserIdentifier => null;

    public override ClaimsPrincipal? User => null;

    public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override CancellationToken ConnectionAborted => CancellationToken.None;

    public override void Abort() => Aborted = true;
}
