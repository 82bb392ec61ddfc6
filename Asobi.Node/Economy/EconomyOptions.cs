namespace Asobi.Node.Economy;

/// <summary>Bound from <c>Asobi:Economy</c>: store listings and request limits.</summary>
public sealed class EconomyOptions
{
    public const string Section = "Asobi:Economy";

    /// <summary>Listings by id, e.g. <c>Asobi:Economy:Listings:sword:Price = 100</c>.</summary>
    public Dictionary<string, ListingOptions> Listings { get; init; } = [];

    public int MaxHistoryPage { get; set; } = 100;

    public int MaxIdempotencyKeyLength { get; set; } = 128;

    /// <summary>How long a retry with the same idempotency key is recognised; older keys are deleted daily.</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromDays(7);
}

public sealed class ListingOptions
{
    public string ItemId { get; set; } = "";

    public long Quantity { get; set; } = 1;

    public string Currency { get; set; } = "";

    public long Price { get; set; }

    /// <summary>Not sold before this instant (null: always).</summary>
    public DateTimeOffset? ValidFrom { get; set; }

    /// <summary>Not sold from this instant on (null: forever).</summary>
    public DateTimeOffset? ValidUntil { get; set; }
}
