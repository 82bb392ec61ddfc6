using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Asobi.Bus;

/// <summary>Rejects bus settings that would fail later and more obscurely (at LISTEN, or at the first NOTIFY).</summary>
internal sealed partial class ClusterBusOptionsValidator : IValidateOptions<ClusterBusOptions>
{
    /// <summary>Smallest payload that still holds an envelope and one overflow reference.</summary>
    internal const int MinPayloadBytes = 512;

    /// <summary>PostgreSQL rejects payloads of 8000 bytes or more.</summary>
    internal const int MaxPayloadBytes = 7_999;

    public ValidateOptionsResult Validate(string? name, ClusterBusOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("No connection string: set ConnectionStrings:asobi (or asobi-direct, or Asobi:Bus:ConnectionString).");
        }

        if (!ChannelName().IsMatch(options.Channel))
        {
            failures.Add($"Asobi:Bus:Channel '{options.Channel}' must be a lower-case identifier of at most 63 characters.");
        }

        if (options.QueueCapacity < 1 || options.ReceiveQueueCapacity < 1)
        {
            failures.Add("Asobi:Bus queue capacities must be at least 1.");
        }

        if (options.MaxPayloadBytes is < MinPayloadBytes or > MaxPayloadBytes)
        {
            failures.Add($"Asobi:Bus:MaxPayloadBytes must be between {MinPayloadBytes} and {MaxPayloadBytes}.");
        }

        if (options.PublishTimeout <= TimeSpan.Zero || options.ShutdownFlushTimeout < TimeSpan.Zero
            || options.OverflowRetention <= TimeSpan.Zero || options.OverflowCleanupInterval <= TimeSpan.Zero)
        {
            failures.Add("Asobi:Bus timeouts and intervals must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ChannelName();
}
