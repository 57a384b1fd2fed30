using Microsoft.AspNetCore.Identity;

namespace SessionAwareness.Samples.Identity.Data;

/// <summary>Creates the database and the sample's two users.</summary>
public static class SampleUsers
{
    /// <summary>The password both users start with (Identity's default rules: upper, lower, digit, symbol, 6+).</summary>
    public const string InitialPassword = "Demo-pass-1";

    public static readonly IReadOnlyList<string> Emails = ["alice@example.com", "bob@example.com"];

    /// <summary>
    /// Creates the database if it is missing and registers each user that does not exist yet. An existing user
    /// is left as it is, so a password changed in the sample survives a restart.
    /// </summary>
    public static async Task EnsureCreatedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var email in Emails)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var result = await users.CreateAsync(user, InitialPassword);
            if (!result.Succeeded && await users.FindByEmailAsync(email) is null)
            {
                // Another process started at the same moment may have created the user first; anything else is a bug.
                throw new InvalidOperationException($"Could not create {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }
        }
    }
}
