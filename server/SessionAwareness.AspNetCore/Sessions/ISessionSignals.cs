using SessionAwareness.AspNetCore.Hubs;

namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>
/// Tells every instance that a session ended, so the one holding its hub connections aborts them, whichever
/// instance ended it. In one process that is a direct call; on a farm, Redis pub/sub.
/// </summary>
internal interface ISessionSignals
{
    /// <summary>Announces that the session with <paramref name="handle"/> ended; every instance cuts its connections.</summary>
    Task PublishEndedAsync(string handle, CancellationToken cancellationToken);

    /// <summary>
    /// Announces that the session got a new key (its hash: <paramref name="keyHash"/>); every instance cuts the
    /// session's connections that were opened with another key.
    /// </summary>
    Task PublishKeyRenewedAsync(string handle, string keyHash, CancellationToken cancellationToken);
}

/// <summary>One process: the connections are all here.</summary>
internal sealed class LocalSessionSignals(HubConnectionRegistry connections) : ISessionSignals
{
    // The abort waits out the grace period on its own: the request that ended the session (a sign-out, a
    // KillSession) answers at once, and ending N sessions does not take N grace periods.
    public Task PublishEndedAsync(string handle, CancellationToken cancellationToken)
    {
        _ = connections.AbortSessionAfterGraceAsync(handle);
        return Task.CompletedTask;
    }

    public Task PublishKeyRenewedAsync(string handle, string keyHash, CancellationToken cancellationToken)
    {
        _ = connections.AbortOtherKeysAfterGraceAsync(handle, keyHash);
        return Task.CompletedTask;
    }
}
