using System;

namespace Asobi.Client;

/// <summary>An owned item stack.</summary>
public sealed record InventoryItem(string ItemId, long Quantity, DateTimeOffset UpdatedAt);
