using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET store</c>.</summary>
public sealed record StoreListingList(IReadOnlyList<StoreListing> Listings);
