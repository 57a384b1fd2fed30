using System.Collections;
using System.Reflection;
using System.Text;
using SessionAwareness.AspNetCore.Specification.Tests;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Tests.Stores;

/// <summary>
/// The conformance suite against <see cref="InMemoryUserSessionStore"/>. There is no old format to migrate: the
/// in-memory store never persisted anything, so every process starts it empty.
/// </summary>
public sealed class InMemoryUserSessionStoreTests : UserSessionStoreConformanceTests
{
    /// <inheritdoc />
    protected override Task<IUserSessionStore> CreateStoreAsync() => Task.FromResult<IUserSessionStore>(new InMemoryUserSessionStore());

    /// <summary>
    /// The store's memory, read by walking every field of it (reflection), every element of its collections and every
    /// field of those elements: every string, and every byte array as Latin-1.
    /// </summary>
    protected override Task<string> HeldTextAsync(IUserSessionStore store)
    {
        var text = new StringBuilder();
        Walk(store, text, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
        return Task.FromResult(text.ToString());
    }

    private static void Walk(object? value, StringBuilder text, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 12 || value is Delegate or Type or Pointer || value.GetType().IsPrimitive || value is DateTimeOffset or decimal)
        {
            return;
        }

        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        switch (value)
        {
            case string s:
                text.Append(s).Append('\n');
                return;
            case byte[] bytes:
                text.Append(Encoding.Latin1.GetString(bytes)).Append('\n');
                return;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Walk(item, text, seen, depth + 1);
                }

                return;
        }

        for (var type = value.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.FieldType.IsPointer)
                {
                    Walk(field.GetValue(value), text, seen, depth + 1);
                }
            }
        }
    }
}
