namespace Asobi.Node.Economy;

/// <summary>Something for sale: <see cref="Quantity"/> of an item for <see cref="Price"/> of a currency, within a window.</summary>
public sealed record StoreListing(
    string ListingId, string ItemId, long Quantity, string Currency, long Price, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil)
{
    public bool IsOnSale(DateTimeOffset now) => (ValidFrom is null || now >= ValidFrom) && (ValidUntil is null || now < ValidUntil);

    /// <summary>The configured listings; a malformed one stops the node at start with the reason.</summary>
    public static IReadOnlyDictionary<string, StoreListing> FromOptions(EconomyOptions options) =>
        options.Listings.ToDictionary(kv => kv.Key, kv =>
        {
            var o = kv.Value;
            if (string.IsNullOrWhiteSpace(o.ItemId) || string.IsNullOrWhiteSpace(o.Currency) || o.Price <= 0 || o.Quantity <= 0
                || (o.ValidFrom is { } f && o.ValidUntil is { } u && u <= f))
            {
                throw new InvalidOperationException(
                    $"Store listing '{kv.Key}' needs ItemId, Currency, Price > 0, Quantity > 0 and ValidUntil after ValidFrom.");
            }

            return new StoreListing(kv.Key, o.ItemId, o.Quantity, o.Currency, o.Price, o.ValidFrom, o.ValidUntil);
        }, StringComparer.Ordinal);
}
