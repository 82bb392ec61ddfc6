using System.Text.Json;

namespace Asobi.Node.Storage;

public sealed record SaveRecord(string Slot, JsonElement Data, long Version, DateTimeOffset UpdatedAt);

public sealed record SaveSummary(string Slot, long Version, int SizeBytes, DateTimeOffset UpdatedAt);

public sealed record StorageObject(
    string Collection, string Key, Guid OwnerId, JsonElement Value, long Version, string Read, string Write, DateTimeOffset UpdatedAt);

public enum WriteStatus
{
    Written,

    /// <summary>The expected version is not the stored one (details carry the current version, 0 when absent).</summary>
    VersionConflict,

    /// <summary>The caller may not write this object (or change its permissions).</summary>
    Forbidden,

    /// <summary>A new slot would exceed the per-player slot limit.</summary>
    TooManySlots,
}

/// <summary>The outcome of a write: the new version when written, the current one on a conflict.</summary>
public sealed record WriteResult(WriteStatus Status, long Version);

/// <summary>Who may read or write a collection object besides its owner.</summary>
public static class Permission
{
    public const string Public = "public";
    public const string Owner = "owner";

    public static bool IsValid(string? value) => value is null or Public or Owner;
}
