using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.StackExchangeRedis;

/// <summary>Checks <see cref="RedisUserSessionStoreOptions"/> when the app starts: one line per failure, naming the setting.</summary>
internal sealed class RedisUserSessionStoreOptionsValidator : IValidateOptions<RedisUserSessionStoreOptions>
{
    internal const string Section = "SessionAwareness:Redis";

    public ValidateOptionsResult Validate(string? name, RedisUserSessionStoreOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectionMultiplexerFactory is null && options.ConfigurationOptions is null)
        {
            if (string.IsNullOrWhiteSpace(options.Configuration))
            {
                failures.Add($"{Section}:Configuration must be set (a StackExchange.Redis configuration string such as redis:6379), or a connection given to AddRedis.");
            }
            else
            {
                try
                {
                    ConfigurationOptions.Parse(options.Configuration);
                }
                catch (ArgumentException error)
                {
                    failures.Add($"{Section}:Configuration is not a StackExchange.Redis configuration string: {error.Message}");
                }
            }
        }

        // The prefix becomes the Redis Cluster hash tag "{prefix}": a brace inside it would end the tag early.
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0 || options.KeyPrefix.Length > 100)
        {
            failures.Add($"{Section}:KeyPrefix ('{options.KeyPrefix}') must be 1 to 100 characters without braces.");
        }

        if (options.RetainExpiredFor <= TimeSpan.Zero || options.RetainExpiredFor > TimeSpan.FromDays(366))
        {
            failures.Add($"{Section}:RetainExpiredFor ({options.RetainExpiredFor}) must be more than zero and at most 366 days.");
        }

        if (options.KeyRingCheckInterval < TimeSpan.FromMilliseconds(100) || options.KeyRingCheckInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:KeyRingCheckInterval ({options.KeyRingCheckInterval}) must be from 100 ms to 1 hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
