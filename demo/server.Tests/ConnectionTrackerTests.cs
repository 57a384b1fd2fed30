using SessionAwareness.Demo.Hubs;

namespace SessionAwareness.Demo.Tests;

public class ConnectionTrackerTests
{
    [Fact]
    public void Aborts_only_the_connections_of_the_given_session()
    {
        var tracker = new ConnectionTracker();
        var a1 = new FakeCallerContext("a1");
        var a2 = new FakeCallerContext("a2");
        var b1 = new FakeCallerContext("b1");
        tracker.Add(a1, "A");
        tracker.Add(a2, "A");
        tracker.Add(b1, "B");

        Assert.Equal(["a1", "a2"], tracker.ConnectionIdsOf("A").Order());
        Assert.Equal(2, tracker.AbortSession("A"));

        Assert.True(a1.Aborted);
        Assert.True(a2.Aborted);
        Assert.False(b1.Aborted);
        Assert.Empty(tracker.ConnectionIdsOf("A"));
        Assert.Equal(0, tracker.AbortSession("A"));
    }

    [Fact]
    public void Forgets_closed_connections()
    {
        var tracker = new ConnectionTracker();
        var a1 = new FakeCallerContext("a1");
        tracker.Add(a1, "A");

        tracker.Remove("a1");

        Assert.Equal(0, tracker.AbortSession("A"));
        Assert.False(a1.Aborted);
    }
}
