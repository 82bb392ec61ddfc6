using Microsoft.Extensions.Options;

namespace Asobi.Node.Economy;

/// <summary>
/// Wallets, the store and inventory. Grants and debits are for server code (rewards, entry fees); players reach
/// purchase and consume through the API. Every mutation accepts an idempotency key.
/// </summary>
public sealed class EconomyService(EconomyStore store, IOptions<EconomyOptions> options, TimeProvider clock, EconomyMetrics metrics)
{
    private readonly IReadOnlyDictionary<string, StoreListing> listings = StoreListing.FromOptions(options.Value);

    public EconomyOptions Options => options.Value;

    /// <summary>Listings on sale now.</summary>
    public IEnumerable<StoreListing> OnSale()
    {
        var now = clock.GetUtcNow();
        return listings.Values.Where(l => l.IsOnSale(now)).OrderBy(l => l.ListingId, StringComparer.Ordinal);
    }

    public async Task<Mutation> GrantAsync(Guid player, string currency, long amount, string reason, string? reference, string? key, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return metrics.Count("grant", await store.GrantAsync(player, currency, amount, reason, reference, key, ct));
    }

    public async Task<Mutation> DebitAsync(Guid player, string currency, long amount, string reason, string? reference, string? key, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return metrics.Count("debit", await store.DebitAsync(player, currency, amount, reason, reference, null, 0, key, ct));
    }

    /// <summary>Buys a listing: null when it does not exist or is outside its validity window.</summary>
    public async Task<(StoreListing? Listing, Mutation? Result)> PurchaseAsync(Guid player, string listingId, string? key, CancellationToken ct)
    {
        if (!listings.TryGetValue(listingId, out var listing) || !listing.IsOnSale(clock.GetUtcNow()))
        {
            return (listing, null);
        }

        var result = await store.DebitAsync(player, listing.Currency, listing.Price, "purchase", listing.ListingId, listing.ItemId, listing.Quantity, key, ct);
        return (listing, metrics.Count("purchase", result));
    }

    public async Task<Mutation> ConsumeAsync(Guid player, string itemId, long quantity, string? key, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        return metrics.Count("consume", await store.ConsumeAsync(player, itemId, quantity, key, ct));
    }

    public Task<IReadOnlyList<WalletBalance>> WalletsAsync(Guid player, CancellationToken ct) => store.WalletsAsync(player, ct);

    public Task<IReadOnlyList<LedgerEntry>> HistoryAsync(
        Guid player, string currency, DateTimeOffset? before, Guid? beforeId, int limit, CancellationToken ct) =>
        store.HistoryAsync(player, currency, before, beforeId, limit, ct);

    public Task<IReadOnlyList<InventoryItem>> InventoryAsync(Guid player, CancellationToken ct) => store.InventoryAsync(player, ct);
}
