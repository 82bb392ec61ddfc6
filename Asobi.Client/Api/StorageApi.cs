using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Save slots and key/value storage, with optimistic versions (<c>storage.version_conflict</c> on a stale write).</summary>
public sealed class StorageApi
{
    private readonly RestTransport rest;

    internal StorageApi(RestTransport rest) => this.rest = rest;

    public Task<SaveSummaryList> ListSavesAsync(CancellationToken ct = default) =>
        rest.SendAsync<SaveSummaryList>(HttpMethod.Get, "saves", null, ct);

    public Task<SaveGame> GetSaveAsync(string slot, CancellationToken ct = default) =>
        rest.SendAsync<SaveGame>(HttpMethod.Get, "saves/" + Query.Segment(slot), null, ct);

    /// <summary>Writes a slot; <paramref name="version"/> is the one last read (0 creates), null overwrites unconditionally.</summary>
    public Task<SaveWritten> PutSaveAsync(string slot, object data, long? version = null, CancellationToken ct = default) =>
        rest.SendAsync<SaveWritten>(HttpMethod.Put, "saves/" + Query.Segment(slot), new { data, version }, ct);

    public Task<StorageObjectList> ListObjectsAsync(string collection, int? limit = null, string? after = null, CancellationToken ct = default) =>
        rest.SendAsync<StorageObjectList>(HttpMethod.Get, Query.Path("storage/" + Query.Segment(collection), ("limit", limit), ("after", after)), null, ct);

    public Task<StorageObject> GetObjectAsync(string collection, string key, CancellationToken ct = default) =>
        rest.SendAsync<StorageObject>(HttpMethod.Get, "storage/" + Query.Segment(collection) + "/" + Query.Segment(key), null, ct);

    /// <summary>Writes an object; <paramref name="read"/>/<paramref name="write"/> are <c>owner</c> or <c>public</c>.</summary>
    public Task<StorageWritten> PutObjectAsync(string collection, string key, object value, long? version = null, string? read = null, string? write = null, CancellationToken ct = default) =>
        rest.SendAsync<StorageWritten>(HttpMethod.Put, "storage/" + Query.Segment(collection) + "/" + Query.Segment(key), new { value, version, read, write }, ct);

    public Task DeleteObjectAsync(string collection, string key, long? version = null, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Delete, Query.Path("storage/" + Query.Segment(collection) + "/" + Query.Segment(key), ("version", version)), null, ct);
}
