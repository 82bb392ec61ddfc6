using System.Text;
using System.Text.Json;
using Asobi.Node.Accounts;
using Asobi.Node.Http;

namespace Asobi.Node.Storage;

/// <summary>
/// <c>GET saves</c>, <c>GET|PUT saves/{slot}</c>, <c>GET storage/{collection}</c>, <c>GET|PUT|DELETE storage/{collection}/{key}</c>.
/// Writes carry the version the client last read; a mismatch answers 409 with the current version.
/// </summary>
public static class StorageApi
{
    public static RouteGroupBuilder MapStorageApi(this RouteGroupBuilder api)
    {
        api.MapGet("/saves", ListSavesAsync).RequireAuthorization();
        api.MapGet("/saves/{slot}", GetSaveAsync).RequireAuthorization();
        api.MapPut("/saves/{slot}", PutSaveAsync).RequireAuthorization();
        api.MapGet("/storage/{collection}", ListObjectsAsync).RequireAuthorization();
        api.MapGet("/storage/{collection}/{key}", GetObjectAsync).RequireAuthorization();
        api.MapPut("/storage/{collection}/{key}", PutObjectAsync).RequireAuthorization();
        api.MapDelete("/storage/{collection}/{key}", DeleteObjectAsync).RequireAuthorization();
        return api;
    }

    private static async Task<IResult> ListSavesAsync(HttpContext http, StorageService storage, CancellationToken ct) =>
        Results.Json(new { saves = await storage.ListSavesAsync(Caller(http), ct) }, ApiJson.Options);

    private static async Task<IResult> GetSaveAsync(string slot, HttpContext http, StorageService storage, CancellationToken ct)
    {
        var save = StorageService.IsValidName(slot) ? await storage.GetSaveAsync(Caller(http), slot, ct) : null;
        return save is null
            ? ApiError.Result(StatusCodes.Status404NotFound, "storage.save_not_found", $"No save in slot '{slot}'.")
            : Results.Json(save, ApiJson.Options);
    }

    private static async Task<IResult> PutSaveAsync(string slot, HttpContext http, StorageService storage, CancellationToken ct)
    {
        if (!StorageService.IsValidName(slot))
        {
            return InvalidName("slot");
        }

        if (TooLarge(http, storage.Options.MaxSaveBytes) is { } early)
        {
            return early;
        }

        var (body, error) = await JsonBody.ReadAsync<SaveRequest>(http.Request, ct);
        if (error is not null)
        {
            return error;
        }

        if (body!.Data is not { } data || data.ValueKind == JsonValueKind.Null)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["data"] = "Required: any JSON value." });
        }

        if (TooLarge(data, storage.Options.MaxSaveBytes) is { } large)
        {
            return large;
        }

        var result = await storage.PutSaveAsync(Caller(http), slot, data, body.Version, ct);
        return Written(result, v => new { slot, version = v });
    }

    private static async Task<IResult> ListObjectsAsync(
        string collection, int? limit, string? after, HttpContext http, StorageService storage, CancellationToken ct)
    {
        var max = storage.Options.MaxListPage;
        if (!StorageService.IsValidName(collection))
        {
            return InvalidName("collection");
        }

        if (limit is < 1 || limit > max)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["limit"] = $"1..{max}" });
        }

        var page = await storage.ListObjectsAsync(collection, Caller(http), after, limit ?? 50, ct);
        var next = page.Count == (limit ?? 50) ? page[^1].Key : null;
        return Results.Json(new { objects = page.Select(View), next_after = next }, ApiJson.Options);
    }

    private static async Task<IResult> GetObjectAsync(string collection, string key, HttpContext http, StorageService storage, CancellationToken ct)
    {
        var found = StorageService.IsValidName(collection) && StorageService.IsValidName(key)
            ? await storage.GetObjectAsync(collection, key, Caller(http), ct)
            : null;
        return found is null ? ObjectNotFound(collection, key) : Results.Json(View(found), ApiJson.Options);
    }

    private static async Task<IResult> PutObjectAsync(string collection, string key, HttpContext http, StorageService storage, CancellationToken ct)
    {
        if (!StorageService.IsValidName(collection) || !StorageService.IsValidName(key))
        {
            return InvalidName("collection/key");
        }

        if (TooLarge(http, storage.Options.MaxObjectBytes) is { } early)
        {
            return early;
        }

        var (body, error) = await JsonBody.ReadAsync<ObjectRequest>(http.Request, ct);
        if (error is not null)
        {
            return error;
        }

        if (body!.Value is not { } value || value.ValueKind == JsonValueKind.Null || !Permission.IsValid(body.Read) || !Permission.IsValid(body.Write))
        {
            return ApiError.Validation(new Dictionary<string, string>
            {
                ["value"] = "Required: any JSON value.",
                ["read"] = "public or owner",
                ["write"] = "public or owner",
            });
        }

        if (TooLarge(value, storage.Options.MaxObjectBytes) is { } large)
        {
            return large;
        }

        var result = await storage.PutObjectAsync(collection, key, Caller(http), value, body.Version, body.Read, body.Write, ct);
        return Written(result, v => new { collection, key, version = v });
    }

    private static async Task<IResult> DeleteObjectAsync(
        string collection, string key, long? version, HttpContext http, StorageService storage, CancellationToken ct)
    {
        if (!StorageService.IsValidName(collection) || !StorageService.IsValidName(key))
        {
            return ObjectNotFound(collection, key);
        }

        var result = await storage.DeleteObjectAsync(collection, key, Caller(http), version, ct);
        if (result is { Status: WriteStatus.VersionConflict, Version: 0 })
        {
            return ObjectNotFound(collection, key);
        }

        return result.Status == WriteStatus.Written ? Results.NoContent() : Written(result, _ => new { });
    }

    private static IResult Written<T>(WriteResult result, Func<long, T> view) => result.Status switch
    {
        WriteStatus.Written => Results.Json(view(result.Version), ApiJson.Options),
        WriteStatus.Forbidden => ApiError.Result(StatusCodes.Status403Forbidden, "storage.write_forbidden",
            "Only the owner may change this object's permissions, or write it unless its write permission is public."),
        WriteStatus.TooManySlots => ApiError.Result(StatusCodes.Status409Conflict, "storage.too_many_slots", "The save slot limit is reached."),
        _ => ApiError.Result(StatusCodes.Status409Conflict, "storage.version_conflict", "The stored version differs from the one given.",
            new Dictionary<string, string> { ["current_version"] = result.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
    };

    private static IResult? TooLarge(HttpContext http, int limit) =>
        http.Request.ContentLength > limit + 4096 ? TooLargeError(limit) : null;

    private static IResult? TooLarge(JsonElement value, int limit) =>
        Encoding.UTF8.GetByteCount(value.GetRawText()) > limit ? TooLargeError(limit) : null;

    private static IResult TooLargeError(int limit) =>
        ApiError.Result(StatusCodes.Status413PayloadTooLarge, "storage.too_large", $"The value is larger than {limit} bytes.");

    private static IResult InvalidName(string field) =>
        ApiError.Validation(new Dictionary<string, string> { [field] = "1-128 characters of A-Z a-z 0-9 _ - . :" });

    private static IResult ObjectNotFound(string collection, string key) =>
        ApiError.Result(StatusCodes.Status404NotFound, "storage.object_not_found", $"No readable object '{key}' in '{collection}'.");

    private static object View(StorageObject o) => new
    {
        collection = o.Collection,
        key = o.Key,
        owner_id = o.OwnerId,
        value = o.Value,
        version = o.Version,
        read = o.Read,
        write = o.Write,
        updated_at = o.UpdatedAt,
    };

    private static Guid Caller(HttpContext http) => TokenIdentity.FromPrincipal(http.User)!.PlayerId;

    private sealed record SaveRequest(JsonElement? Data, long? Version);

    private sealed record ObjectRequest(JsonElement? Value, long? Version, string? Read, string? Write);
}
