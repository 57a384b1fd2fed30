using System.Net;
using Microsoft.Data.Sqlite;
using SessionAwareness.Samples.Identity.Data;

namespace SessionAwareness.Samples.Identity.Tests;

/// <summary>The sample's data folder: users, sessions and the key ring outlive a restart; seeding runs again harmlessly.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sa-identity-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        SampleHost.DeleteDataDirectory(_dataDirectory);
    }

    [Fact]
    public async Task After_a_restart_the_browser_is_still_signed_in_and_a_changed_password_is_kept()
    {
        const string Bob = "bob@example.com";
        const string NewPassword = "Other-pass-2";
        System.Net.CookieContainer cookies;
        string handle;
        await using (var before = new SampleApp(_dataDirectory))
        {
            var browser = new Browser(before, Browser.Chrome);
            await browser.SignInOrFailAsync(Bob, SampleUsers.InitialPassword);
            using var change = await browser.PostFormAsync(
                "/change-password", await browser.FormTokenAsync("/change-password"), ("currentPassword", SampleUsers.InitialPassword), ("newPassword", NewPassword));
            Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
            handle = await browser.SessionHandleAsync();
            cookies = browser.Cookies;
        }

        SqliteConnection.ClearAllPools();
        await using var after = new SampleApp(_dataDirectory);
        var same = new Browser(after, Browser.Chrome, cookies);

        Assert.Equal(handle, await same.SessionHandleAsync());
        Assert.Equal(2, await after.WithUsersAsync(users => Task.FromResult(users.Users.Count())));
        using var withOld = await after.NewBrowser().SignInAsync(Bob, SampleUsers.InitialPassword);
        Assert.Contains("Wrong email or password.", await withOld.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await after.NewBrowser().SignInOrFailAsync(Bob, NewPassword);
    }
}
