using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Wallets, the store and the inventory. Mutating calls take an idempotency key so a retried purchase is not charged twice.</summary>
public sealed class EconomyApi
{
    private readonly RestTransport rest;

    internal EconomyApi(RestTransport rest) => this.rest = rest;

    public Task<WalletList> WalletsAsync(CancellationToken ct = default) =>
        rest.SendAsync<WalletList>(HttpMethod.Get, "wallets", null, ct);

    public Task<WalletHistory> HistoryAsync(string currency, int? limit = null, DateTimeOffset? before = null, Guid? beforeId = null, CancellationToken ct = default) =>
        rest.SendAsync<WalletHistory>(HttpMethod.Get, Query.Path("wallets/" + Query.Segment(currency) + "/history", ("limit", limit), ("before", before), ("before_id", beforeId)), null, ct);

    public Task<StoreListingList> StoreAsync(CancellationToken ct = default) =>
        rest.SendAsync<StoreListingList>(HttpMethod.Get, "store", null, ct);

    /// <summary>Buys a listing; pass the same <paramref name="idempotencyKey"/> when retrying the same purchase.</summary>
    public Task<Purchase> PurchaseAsync(string listingId, string? idempotencyKey = null, CancellationToken ct = default) =>
        rest.SendAsync<Purchase>(HttpMethod.Post, "store/purchase", new { listing_id = listingId }, ct, Query.Idempotency(idempotencyKey));

    public Task<Inventory> InventoryAsync(CancellationToken ct = default) =>
        rest.SendAsync<Inventory>(HttpMethod.Get, "inventory", null, ct);

    public Task<ItemQuantity> ConsumeAsync(string itemId, long quantity, string? idempotencyKey = null, CancellationToken ct = default) =>
        rest.SendAsync<ItemQuantity>(HttpMethod.Post, "inventory/consume", new { item_id = itemId, quantity }, ct, Query.Idempotency(idempotencyKey));
}
