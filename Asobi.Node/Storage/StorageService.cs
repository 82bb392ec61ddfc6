using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Storage;

/// <summary>Cloud saves and collection objects: name and size rules here, versions and permissions in the stores' SQL.</summary>
public sealed partial class StorageService(SaveStore saves, StorageObjectStore objects, IOptions<StorageOptions> options)
{
    public StorageOptions Options => options.Value;

    public static bool IsValidName(string value) => NamePattern().IsMatch(value);

    public Task<IReadOnlyList<SaveSummary>> ListSavesAsync(Guid player, CancellationToken ct) => saves.ListAsync(player, ct);

    public Task<SaveRecord?> GetSaveAsync(Guid player, string slot, CancellationToken ct) => saves.GetAsync(player, slot, ct);

    public Task<WriteResult> PutSaveAsync(Guid player, string slot, JsonElement data, long? version, CancellationToken ct) =>
        saves.WriteAsync(player, slot, data.GetRawText(), version, Options.MaxSlotsPerPlayer, ct);

    public Task<IReadOnlyList<StorageObject>> ListObjectsAsync(string collection, Guid caller, string? after, int limit, CancellationToken ct) =>
        objects.ListAsync(collection, caller, after, limit, ct);

    public Task<StorageObject?> GetObjectAsync(string collection, string key, Guid caller, CancellationToken ct) =>
        objects.GetAsync(collection, key, caller, ct);

    public Task<WriteResult> PutObjectAsync(
        string collection, string key, Guid caller, JsonElement value, long? version, string? read, string? write, CancellationToken ct) =>
        objects.WriteAsync(collection, key, caller, value.GetRawText(), version, read, write, ct);

    public Task<WriteResult> DeleteObjectAsync(string collection, string key, Guid caller, long? version, CancellationToken ct) =>
        objects.DeleteAsync(collection, key, caller, version, ct);

    /// <summary>Slots, collections and keys: 1–128 of letters, digits, <c>_ - . :</c>.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$")]
    private static partial Regex NamePattern();
}
