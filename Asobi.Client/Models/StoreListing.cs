using System;

namespace Asobi.Client;

/// <summary>Something on sale now.</summary>
public sealed record StoreListing(string ListingId, string ItemId, long Quantity, string Currency, long Price, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);
