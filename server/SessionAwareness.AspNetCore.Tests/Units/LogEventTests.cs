using System.Reflection;
using Microsoft.Extensions.Logging;
using SessionAwareness.AspNetCore.StackExchangeRedis;

namespace SessionAwareness.AspNetCore.Tests.Units;

/// <summary>Every log message of the libraries has an event id and name, the ids unique per assembly (for log filters and alerts).</summary>
public class LogEventTests
{
    public static TheoryData<string> Assemblies => new() { typeof(SessionAwarenessOptions).Assembly.GetName().Name!, typeof(RedisUserSessionStoreOptions).Assembly.GetName().Name! };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_LoggerMessage_has_a_unique_event_id_and_a_name(string assemblyName)
    {
        var messages = Assembly.Load(assemblyName).GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method.DeclaringType!.Name + "." + method.Name, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m =>
        {
            Assert.True(m.Attribute!.EventId > 0, $"{m.Method} has no EventId");
            Assert.False(string.IsNullOrEmpty(m.Attribute.EventName), $"{m.Method} has no EventName");
        });
        Assert.Empty(messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}"));
    }
}
