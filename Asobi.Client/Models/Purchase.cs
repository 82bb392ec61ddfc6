namespace Asobi.Client;

/// <summary>What a purchase left: how many of the item the player owns and the balance.</summary>
public sealed record Purchase(string ListingId, string ItemId, long Quantity, string Currency, long Balance);
