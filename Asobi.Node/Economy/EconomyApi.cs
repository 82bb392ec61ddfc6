using Asobi.Node.Accounts;
using Asobi.Node.Http;
using Microsoft.AspNetCore.Mvc;

namespace Asobi.Node.Economy;

/// <summary>
/// <c>GET wallets</c>, <c>GET wallets/{currency}/history</c>, <c>GET store</c>, <c>POST store/purchase</c>,
/// <c>GET inventory</c>, <c>POST inventory/consume</c>. Mutations honour an <c>Idempotency-Key</c> header.
/// </summary>
public static class EconomyApi
{
    public static RouteGroupBuilder MapEconomyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/wallets", WalletsAsync).RequireAuthorization();
        api.MapGet("/wallets/{currency}/history", HistoryAsync).RequireAuthorization();
        api.MapGet("/store", Store).RequireAuthorization();
        api.MapPost("/store/purchase", PurchaseAsync).RequireAuthorization();
        api.MapGet("/inventory", InventoryAsync).RequireAuthorization();
        api.MapPost("/inventory/consume", ConsumeAsync).RequireAuthorization();
        return api;
    }

    private static async Task<IResult> WalletsAsync(HttpContext http, EconomyService economy, CancellationToken ct)
    {
        var wallets = await economy.WalletsAsync(Caller(http), ct);
        return Results.Json(new { wallets }, ApiJson.Options);
    }

    private static async Task<IResult> HistoryAsync(
        string currency, int? limit, DateTimeOffset? before, [FromQuery(Name = "before_id")] Guid? beforeId, HttpContext http, EconomyService economy, CancellationToken ct)
    {
        var max = economy.Options.MaxHistoryPage;
        if (limit is < 1 || limit > max)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["limit"] = $"1..{max}" });
        }

        var page = await economy.HistoryAsync(Caller(http), currency, before, beforeId, limit ?? 50, ct);
        var full = page.Count == (limit ?? 50);
        return Results.Json(new
        {
            transactions = page,
            next_before = full ? page[^1].CreatedAt : (DateTimeOffset?)null,
            next_before_id = full ? page[^1].Id : (Guid?)null,
        }, ApiJson.Options);
    }

    private static IResult Store(EconomyService economy) =>
        Results.Json(new { listings = economy.OnSale().ToList() }, ApiJson.Options);

    private static async Task<IResult> PurchaseAsync(HttpContext http, EconomyService economy, CancellationToken ct)
    {
        var (key, keyError) = IdempotencyKey.Read(http.Request, economy.Options.MaxIdempotencyKeyLength);
        var (body, error) = await JsonBody.ReadAsync<PurchaseRequest>(http.Request, ct);
        if ((keyError ?? error) is { } bad)
        {
            return bad;
        }

        if (string.IsNullOrEmpty(body!.ListingId))
        {
            return ApiError.Validation(new Dictionary<string, string> { ["listing_id"] = "Required." });
        }

        var (listing, result) = await economy.PurchaseAsync(Caller(http), body.ListingId, key, ct);
        if (listing is null)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, "economy.listing_not_found", $"No store listing '{body.ListingId}'.");
        }

        if (result is null)
        {
            return ApiError.Result(StatusCodes.Status409Conflict, "economy.listing_not_available", "This listing is not on sale now.",
                new Dictionary<string, string> { ["valid_from"] = $"{listing.ValidFrom:O}", ["valid_until"] = $"{listing.ValidUntil:O}" });
        }

        return Respond(http, result, r => new PurchaseView(listing.ListingId, listing.ItemId, r.Quantity ?? 0, listing.Currency, r.Balance ?? 0),
            insufficient: () => ApiError.Result(StatusCodes.Status402PaymentRequired, "economy.insufficient_funds",
                $"The {listing.Currency} balance does not cover {listing.Price}."));
    }

    private static async Task<IResult> InventoryAsync(HttpContext http, EconomyService economy, CancellationToken ct)
    {
        var items = await economy.InventoryAsync(Caller(http), ct);
        return Results.Json(new { items }, ApiJson.Options);
    }

    private static async Task<IResult> ConsumeAsync(HttpContext http, EconomyService economy, CancellationToken ct)
    {
        var (key, keyError) = IdempotencyKey.Read(http.Request, economy.Options.MaxIdempotencyKeyLength);
        var (body, error) = await JsonBody.ReadAsync<ConsumeRequest>(http.Request, ct);
        if ((keyError ?? error) is { } bad)
        {
            return bad;
        }

        if (string.IsNullOrEmpty(body!.ItemId) || body.Quantity is not > 0)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["item_id"] = "Required.", ["quantity"] = "A positive integer." });
        }

        var result = await economy.ConsumeAsync(Caller(http), body.ItemId, body.Quantity.Value, key, ct);
        return Respond(http, result, r => new ConsumeView(body.ItemId, r.Quantity ?? 0),
            insufficient: () => ApiError.Result(StatusCodes.Status409Conflict, "economy.insufficient_items",
                $"You do not have {body.Quantity} of '{body.ItemId}'."));
    }

    private static IResult Respond<T>(HttpContext http, Mutation result, Func<EconomyReceipt, T> view, Func<IResult> insufficient)
    {
        switch (result.Status)
        {
            case MutationStatus.Applied:
                return Results.Json(view(result.Receipt!), ApiJson.Options);
            case MutationStatus.Replayed:
                http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
                return Results.Json(view(result.Receipt!), ApiJson.Options);
            case MutationStatus.KeyReused:
                return ApiError.Result(StatusCodes.Status409Conflict, "economy.idempotency_key_reused",
                    $"This {IdempotencyKey.Header} was already used for a different request.");
            case MutationStatus.OutOfRange:
                return ApiError.Result(StatusCodes.Status422UnprocessableEntity, "economy.amount_out_of_range",
                    "The resulting amount does not fit in a 64-bit integer.");
            default:
                return insufficient();
        }
    }

    private static Guid Caller(HttpContext http) => TokenIdentity.FromPrincipal(http.User)!.PlayerId;

    private sealed record PurchaseRequest(string? ListingId);

    private sealed record ConsumeRequest(string? ItemId, long? Quantity);

    private sealed record PurchaseView(string ListingId, string ItemId, long Quantity, string Currency, long Balance);

    private sealed record ConsumeView(string ItemId, long Quantity);
}
