namespace Asobi.Client;

/// <summary>How many of an item remain after consuming.</summary>
public sealed record ItemQuantity(string ItemId, long Quantity);
