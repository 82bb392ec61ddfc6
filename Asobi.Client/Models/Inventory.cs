using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET inventory</c>.</summary>
public sealed record Inventory(IReadOnlyList<InventoryItem> Items);
